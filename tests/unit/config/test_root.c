/*
 * tg_config_find_root: the root is the nearest directory holding .git, or the
 * directory itself outside git; a git directory met first (a bare repository,
 * the inside of a .git) has no working tree and is refused, so nothing is
 * scanned there or written into it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "config/config.h"
#include "testlib.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *tmp;

static int setup(void **state)
{
	(void)state;
	tmp = tl_tmpdir();
	tl_write(tmp, "src/pkg/a.py", "x = 1\n");
	tl_git_repo(tmp);
	tl_sh(tmp, "git clone -q --bare . bare.git");
	tl_write(tmp, "plain/a.txt", "x\n");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tl_rmtree(tmp);
	return 0;
}

/* The root found from tmp/rel, or NULL with the error's message in msg. */
static char *root_of(const char *rel, char *msg, size_t size)
{
	char path[1024];
	char *root = NULL;

	snprintf(path, sizeof(path), "%s/%s", tmp, rel);
	msg[0] = '\0';
	if (tg_config_find_root(path, &root)) {
		snprintf(msg, size, "%s", tg_error_message());
		tg_error_clear();
	}
	return root;
}

static void test_root_is_the_nearest_directory_holding_git(void **state)
{
	char msg[512];
	char *root = root_of("src/pkg", msg, sizeof(msg));

	(void)state;
	assert_non_null(root);
	assert_string_equal(root, tmp);
	free(root);
}

static void test_bare_repository_is_refused(void **state)
{
	char msg[512], want[1024];

	(void)state;
	snprintf(want, sizeof(want), "%s/bare.git is a bare repository", tmp);
	assert_null(root_of("bare.git", msg, sizeof(msg)));
	assert_non_null(strstr(msg, want));
	/* From inside it too: hooks/ holds no .git, and its parent is the git directory. */
	assert_null(root_of("bare.git/hooks", msg, sizeof(msg)));
	assert_non_null(strstr(msg, want));
}

static void test_inside_dot_git_is_refused(void **state)
{
	char msg[512];

	(void)state;
	assert_null(root_of(".git/refs", msg, sizeof(msg)));
	assert_non_null(strstr(msg, "/.git is a bare repository (or a .git directory)"));
}

static void test_tree_outside_git_is_its_own_root(void **state)
{
	char *outside = tl_tmpdir(), *root = NULL;

	(void)state;
	tl_write(outside, "a.txt", "x\n");
	assert_int_equal(tg_config_find_root(outside, &root), TG_OK);
	assert_string_equal(root, outside);
	free(root);
	tl_rmtree(outside);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_root_is_the_nearest_directory_holding_git),
	        cmocka_unit_test(test_bare_repository_is_refused),
	        cmocka_unit_test(test_inside_dot_git_is_refused),
	        cmocka_unit_test(test_tree_outside_git_is_its_own_root),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
