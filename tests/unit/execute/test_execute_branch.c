#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>

#include "execute/execute.h"
#include "util/error.h"

static void branch_is(const char *prefix, const char *fp, const char *title, const char *want)
{
	struct tg_buf b = TG_BUF_INIT;

	tg_execute_branch(&b, prefix, fp, title);
	assert_string_equal(b.buf, want);
	tg_buf_release(&b);
}

static void test_branch(void **state)
{
	(void)state;
	branch_is("auto-value/", "0123456789abcdef", "TODO: fix this",
	          "auto-value/01234567-todo-fix-this");
	branch_is("auto-value/", "0123456789abcdef", "  Complex function `decide` (CCN 18)!! ",
	          "auto-value/01234567-complex-function-decide-ccn-18");
	branch_is("av/", "0123456789abcdef", NULL, "av/01234567");
	branch_is("av/", "0123456789abcdef", "ümlaut ÄÖ", "av/01234567-mlaut");
	/* Long titles are cut, never ending on a dash. */
	branch_is("av/", "0123456789abcdef",
	          "a very long title that goes on and on well past forty characters",
	          "av/01234567-a-very-long-title-that-goes-on-and-on-we");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_branch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
