#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "repo/repo.h"
#include "util/error.h"

#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *tmp;
static char real[4096];

static int setup(void **state)
{
	tmp = tl_tmpdir();
	assert_non_null(realpath(tmp, real));
	tl_sh(tmp,
	      "git init -q -b main r && mkdir -p r/sub/deep && echo a > r/sub/a && "
	      "git -C r add -A && git -C r commit -q -m one && echo b > r/b && git -C r add -A && "
	      "git -C r commit -q -m two");
	return 0;
}

static int teardown(void **state)
{
	tl_rmtree(tmp);
	return 0;
}

static void test_find_root(void **state)
{
	char path[256], want[4200], *root;

	snprintf(want, sizeof(want), "%s/r", real);
	snprintf(path, sizeof(path), "%s/r/sub/deep", tmp);
	assert_int_equal(tg_repo_find_root(path, &root), TG_OK);
	assert_string_equal(root, want);
	free(root);

	assert_int_equal(tg_repo_find_root(tmp, &root), TG_ERR_NOTFOUND);
	assert_null(root);
	assert_non_null(strstr(tg_error_message(), "is not in a git repository"));
	snprintf(path, sizeof(path), "%s/missing", tmp);
	assert_int_equal(tg_repo_find_root(path, &root), TG_ERR_NOTFOUND);
	assert_non_null(strstr(tg_error_message(), path));
}

static void test_shallow(void **state)
{
	char path[256];
	int shallow = -1;

	snprintf(path, sizeof(path), "%s/r", tmp);
	assert_int_equal(tg_repo_is_shallow(path, &shallow), TG_OK);
	assert_int_equal(shallow, 0);
	tl_sh(tmp, "git clone -q --depth 1 file://%s/r s", real);
	snprintf(path, sizeof(path), "%s/s", tmp);
	assert_int_equal(tg_repo_is_shallow(path, &shallow), TG_OK);
	assert_int_equal(shallow, 1);
}

static void test_head(void **state)
{
	char path[256], oid[41], *branch;

	snprintf(path, sizeof(path), "%s/r", tmp);
	assert_int_equal(tg_repo_head(path, &branch, oid), TG_OK);
	assert_string_equal(branch, "main");
	assert_int_equal(strlen(oid), 40);
	free(branch);
	tl_sh(tmp, "git -C r checkout -q --detach HEAD~1");
	assert_int_equal(tg_repo_head(path, &branch, oid), TG_OK);
	assert_null(branch);
	tl_sh(tmp, "git init -q -b main empty");
	snprintf(path, sizeof(path), "%s/empty", tmp);
	assert_int_equal(tg_repo_head(path, &branch, oid), TG_ERR_NOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_find_root, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_shallow, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_head, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
