#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "history/approvals.h"
#include "util/buf.h"

#include <string.h>

static const char owners[] = "# comment\n"
                             "*       @everyone\n"
                             "/billing/ @carol @org/finance\n"
                             "*.sql   dba@example.com\n"
                             "ledger  @lee\n"
                             "/docs/*.md @writer\n";

static void owners_are(const char *path, const char *want)
{
	struct tg_buf b = TG_BUF_INIT;

	tg_codeowners_of(owners, path, &b);
	assert_string_equal(b.buf, want);
	tg_buf_release(&b);
}

static void test_codeowners_last_matching_line_wins(void **state)
{
	owners_are("README", "@everyone");
	owners_are("billing/rates", "@carol @org/finance");
	owners_are("billing/sub/x.go", "@carol @org/finance");
	owners_are("src/billing/x", "@everyone"); /* anchored at the root */
	owners_are("billing/q.sql", "dba@example.com");
	owners_are("a/b/ledger/x", "@lee"); /* no slash: at any depth */
	owners_are("docs/a.md", "@writer");
	owners_are("docs/x/a.md", "@everyone");
}

static void test_approver_is_owner_by_login_or_email(void **state)
{
	assert_true(tg_approver_is_owner("Carol <carol@example.com>", "@carol @org/finance"));
	assert_true(
	        tg_approver_is_owner("C. Smith <12345+carol@users.noreply.github.com>", "@carol"));
	assert_true(tg_approver_is_owner("carol", "@Carol"));
	assert_true(tg_approver_is_owner("DBA <DBA@example.com>", "dba@example.com"));
	assert_false(tg_approver_is_owner("Dave <dave@example.com>", "@carol @org/finance"));
	assert_false(tg_approver_is_owner("finance <finance@example.com>", "@org/finance"));
	assert_false(tg_approver_is_owner("Carolyn <carolyn@example.com>", "@carol"));
	assert_false(tg_approver_is_owner("Carol <carol@example.com>", ""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_codeowners_last_matching_line_wins),
	        cmocka_unit_test(test_approver_is_owner_by_login_or_email),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
