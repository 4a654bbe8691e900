#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>

#include "execute/execute.h"
#include "github/github.h"
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

static void repo_is(const char *url, const char *want)
{
	struct tg_buf b = TG_BUF_INIT;
	int rc = tg_github_repo_from_url(&b, url);

	if (want) {
		assert_int_equal(rc, TG_OK);
		assert_string_equal(b.buf, want);
	} else {
		assert_int_equal(rc, TG_ERR_NOTFOUND);
	}
	tg_buf_release(&b);
}

static void test_repo_from_url(void **state)
{
	(void)state;
	repo_is("https://github.com/acme/widgets.git", "acme/widgets");
	repo_is("git@github.com:acme/widgets.git", "acme/widgets");
	repo_is("https://github.com/acme/widgets/", "acme/widgets");
	repo_is("ssh://git@github.com/acme/widgets", "acme/widgets");
	repo_is("../origin.git", NULL);
	repo_is("https://github.com/", NULL);
	repo_is("https://github.company.com/acme/w", NULL);
}

static void test_token(void **state)
{
	(void)state;
	unsetenv("TERRAGON_GITHUB_TOKEN");
	unsetenv("GH_TOKEN");
	unsetenv("GITHUB_TOKEN");
	assert_null(tg_github_token());
	setenv("GITHUB_TOKEN", "c", 1);
	assert_string_equal(tg_github_token(), "c");
	setenv("GH_TOKEN", "b", 1);
	assert_string_equal(tg_github_token(), "b");
	setenv("TERRAGON_GITHUB_TOKEN", "", 1);
	assert_string_equal(tg_github_token(), "b");
	setenv("TERRAGON_GITHUB_TOKEN", "a", 1);
	assert_string_equal(tg_github_token(), "a");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_branch),
	        cmocka_unit_test(test_repo_from_url),
	        cmocka_unit_test(test_token),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
