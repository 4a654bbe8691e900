#include "deps_test.h"

static void test_v1_specifiers_aliases_hashes(void **state)
{
	char *text = dt_data("yarn-v1.lock");
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	const struct tg_dep *d;

	assert_int_equal(dt_read("yarn.lock", "yarn.lock", text, &l), 0);
	assert_int_equal(l.nr, 5);
	d = dt_get(&l, "@babel/code-frame", "7.12.13");
	assert_int_equal(d->line, 5);
	assert_string_equal(d->hashes.v[0], "sha512-HV1Cm0Q3ZrpCR93tkWOYiuYIgLxZXZFVG2VgK+"
	                                    "MBWjUqZTundupbfx2aXarXuw5Ko5aMcjtJgbSs4vUGBS5v6g==");
	/* no package.json beside it: what nothing needs is direct */
	assert_true(d->direct);
	d = dt_get(&l, "js-tokens", "4.0.0");
	assert_false(d->direct);
	assert_string_equal(d->via, "@babel/code-frame > @babel/highlight");
	assert_int_equal(d->line, 19);
	/* "my-alias@npm:left-pad@^1.3.0" is left-pad */
	assert_non_null(dt_get(&l, "left-pad", "1.3.0"));
	assert_null(dt_find(&l, "my-alias", NULL));
	assert_int_equal(dt_get(&l, "gitdep", "0.1.0")->origin, TG_DEP_GIT);
	tg_dep_list_clear(&l);
	free(text);
}

static void test_berry_workspace_roots_patch_checksum(void **state)
{
	char *text = dt_data("yarn-berry.lock");
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	const struct tg_dep *d;

	assert_int_equal(dt_read("yarn.lock", "yarn.lock", text, &l), 0);
	/* the workspace itself and the patch of resolve are not packages of their own */
	assert_int_equal(l.nr, 4);
	assert_null(dt_find(&l, "app", NULL));
	d = dt_get(&l, "resolve", "1.22.1");
	assert_true(d->direct); /* through the workspace's patch: dependency */
	assert_int_equal(d->line, 33);
	d = dt_get(&l, "@babel/code-frame", "7.12.13");
	assert_true(d->direct);
	assert_string_equal(d->hashes.v[0],
	                    "yarn-checksum:"
	                    "471532bb7cf4224adbbd6b3ac3e6bfe4f8a2b5f5c4b0a4cdf2fb1a3d5e0fa71cf4af44"
	                    "c14c8f4c5f8b5d0a5bfae4c6f6e5f3a6d0e2c3b2f5e9f8a3d1c2b0a9f8e");
	d = dt_get(&l, "js-tokens", "4.0.0");
	assert_false(d->direct);
	assert_string_equal(d->via, "@babel/code-frame > @babel/highlight");
	tg_dep_list_clear(&l);
	free(text);
}

static void test_malformed_yarn(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;

	assert_int_equal(dt_read("yarn.lock", "a/yarn.lock",
	                         "# yarn lockfile v1\n\na@^1:\n  version \"1.0.0\"\nnot an entry\n",
	                         &l),
	                 TG_ERR_INPUT);
	dt_error_at("a/yarn.lock:5:");
	assert_int_equal(
	        dt_read("yarn.lock", "yarn.lock", "a@^1:\n  resolved \"x\"\n\nb@^2:\n", &l),
	        TG_ERR_INPUT);
	dt_error_at("yarn.lock:1: entry without a version");
	assert_int_equal(
	        dt_read("yarn.lock", "b/yarn.lock", "__metadata:\n  version: 6\n\"a\": [\n", &l),
	        TG_ERR_INPUT);
	dt_error_at("b/yarn.lock:");
	assert_int_equal(l.nr, 0);
	tg_dep_list_clear(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_v1_specifiers_aliases_hashes),
	        cmocka_unit_test(test_berry_workspace_roots_patch_checksum),
	        cmocka_unit_test(test_malformed_yarn),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
