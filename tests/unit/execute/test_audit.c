#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "execute/execute_int.h"
#include "store/audit.h"
#include "util/error.h"

#include "testlib.h"

static void redacted_is(const char *in, const char *want)
{
	struct tg_buf b = TG_BUF_INIT;

	tg_buf_adds(&b, in);
	audit_redact(&b);
	assert_string_equal(b.buf, want);
	tg_buf_release(&b);
}

static void test_redact(void **state)
{
	(void)state;
	setenv("GH_TOKEN", "ghp_abcdefghijklmnop", 1);
	unsetenv("TERRAGON_GITHUB_TOKEN");
	unsetenv("GITHUB_TOKEN");
	redacted_is("", "");
	redacted_is("nothing here", "nothing here");
	redacted_is("token ghp_abcdefghijklmnop and ghp_abcdefghijklmnop!", "token *** and ***!");
	redacted_is("push to https://x-access-token:zzz@github.com/a/b.git failed",
	            "push to https://***@github.com/a/b.git failed");
	redacted_is("https://github.com/a/b and ssh://git@host:22/r", "https://github.com/a/b and "
	                                                              "ssh://***@host:22/r");
	/* Short values would mask ordinary words: left alone. */
	setenv("GH_TOKEN", "abc", 1);
	redacted_is("abc abc", "abc abc");
	unsetenv("GH_TOKEN");
}

static int collect(const struct tg_audit_entry *e, void *arg)
{
	tg_buf_addf(arg, "%lld %s %s %s\n", (long long)e->at, e->action, e->subject, e->details);
	return 0;
}

static void test_execution_entries_in_the_trail(void **state)
{
	char *dir = tl_tmpdir();
	struct tg_buf path = TG_BUF_INIT, text = TG_BUF_INIT;
	struct tg_store *st = NULL;
	struct execution e = {"0123456789abcdef",
	                      "auto-value/01234567-x",
	                      "failed",
	                      "said \"no\"\non two lines",
	                      NULL,
	                      NULL,
	                      1763632800,
	                      1763632860,
	                      1,
	                      NULL,
	                      0,
	                      0};
	(void)state;

	tg_buf_addf(&path, "%s/t.db", dir);
	assert_int_equal(tg_store_open(&st, path.buf, TG_STORE_CREATE), TG_OK);
	assert_int_equal(audit_append(st, &e, NULL), TG_OK);
	e.outcome = "pr-opened", e.reason = NULL, e.dry_run = 0, e.commit = "c0ffee", e.pushed = 1;
	e.pr_url = "https://github.example/a/b/pull/1";
	assert_int_equal(audit_append(st, &e, "verified"), TG_OK);
	assert_int_equal(tg_audit_each(st, collect, &text), TG_OK);
	assert_string_equal(
	        text.buf,
	        "1763632860 execution 0123456789abcdef {\"started\": \"2025-11-20T10:00:00Z\", "
	        "\"branch\": \"auto-value/01234567-x\", \"outcome\": \"failed\", \"reason\": "
	        "\"said \\\"no\\\"\\non two lines\", \"verification\": null, \"commit\": null, "
	        "\"pushed\": false, \"pr_url\": null, \"rolled_back\": false, \"gates\": null, "
	        "\"dry_run\": true}\n"
	        "1763632860 execution 0123456789abcdef {\"started\": \"2025-11-20T10:00:00Z\", "
	        "\"branch\": \"auto-value/01234567-x\", \"outcome\": \"pr-opened\", \"reason\": "
	        "null, \"verification\": \"verified\", \"commit\": \"c0ffee\", \"pushed\": true, "
	        "\"pr_url\": \"https://github.example/a/b/pull/1\", \"rolled_back\": false, "
	        "\"gates\": null, \"dry_run\": false}\n");
	tg_store_close(st);
	tl_rmtree(dir);
	tg_buf_release(&path);
	tg_buf_release(&text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_redact),
	        cmocka_unit_test(test_execution_entries_in_the_trail),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
