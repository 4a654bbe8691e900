#include "deps_test.h"

#include "deps/inventory.h"
#include "testlib.h"

static const char lock[] = "{\n"
                           "  \"lockfileVersion\": 3,\n"
                           "  \"packages\": {\n"
                           "    \"\": {\"dependencies\": {\"a\": \"^1.0.0\"},\n"
                           "           \"devDependencies\": {\"t\": \"^2\"}},\n"
                           "    \"node_modules/a\": {\"version\": \"1.0.0\",\n"
                           "      \"dependencies\": {\"b\": \"*\"}},\n"
                           "    \"node_modules/b\": {\"version\": \"2.0.0\"},\n"
                           "    \"node_modules/t\": {\"version\": \"2.1.0\", \"dev\": true},\n"
                           "    \"node_modules/w\": {\"resolved\": \"pkgs/w\", \"link\": true}\n"
                           "  }\n"
                           "}\n";

static void scan(const char *dir, struct tg_dep_list *l, size_t *failed)
{
	struct tg_walk_opts wo = TG_WALK_OPTS_INIT;

	wo.root = dir;
	wo.workers = 2;
	assert_int_equal(tg_deps_scan(&wo, l, failed), 0);
}

static void test_join_direct_scope_and_disagreement(void **state)
{
	char *dir = tl_tmpdir();
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	const struct tg_dep *d;
	size_t failed = 9;

	tl_write(dir, "package.json",
	         "{\"workspaces\": [\"pkgs/*\"],\n"
	         " \"dependencies\": {\"a\": \"^1.0.0\", \"gone\": \"^3\"},\n"
	         " \"devDependencies\": {\"t\": \"~2.0.0\"}}\n");
	tl_write(dir, "package-lock.json", lock);
	/* a workspace member: covered by the root lockfile */
	tl_write(dir, "pkgs/w/package.json", "{\"dependencies\": {\"b\": \"^2\"}}\n");
	/* not a workspace: a project of its own, with ranges */
	tl_write(dir, "tools/x/package.json", "{\"dependencies\": {\"left-pad\": \"^1.3.0\"}}\n");
	/* installed packages are never read */
	tl_write(dir, "node_modules/a/package.json", "{\"dependencies\": {\"zzz\": \"1\"}}\n");
	scan(dir, &l, &failed);
	assert_int_equal(failed, 0);
	d = dt_get(&l, "a", "1.0.0");
	assert_true(d->direct);
	assert_int_equal(d->scope, TG_DEP_RUNTIME);
	/* reached through a, and named by the workspace member: direct */
	d = dt_get(&l, "b", "2.0.0");
	assert_true(d->direct);
	assert_null(d->via);
	d = dt_get(&l, "t", "2.1.0");
	assert_true(d->direct);
	assert_int_equal(d->scope, TG_DEP_DEV);
	/* the manifests beside and below the lockfile give no entries of their own */
	for (size_t i = 0; i < l.nr; i++)
		assert_string_not_equal(l.v[i].file, "package.json");
	assert_null(dt_find(&l, "zzz", NULL));
	d = dt_get(&l, "left-pad", NULL);
	assert_null(d->version);
	assert_string_equal(d->range, "^1.3.0");
	assert_string_equal(d->file, "tools/x/package.json");
	assert_int_equal(l.warnings.nr, 2);
	assert_string_equal(l.warnings.v[0], "package.json:2: lockfile disagrees with manifest: "
	                                     "gone ^3 is not in package-lock.json");
	/* a locked version outside the manifest's range */
	assert_string_equal(l.warnings.v[1], "package.json:3: lockfile disagrees with manifest: "
	                                     "t ~2.0.0, but package-lock.json locks 2.1.0");
	/* sorted: ecosystem, then name */
	for (size_t i = 1; i < l.nr; i++)
		assert_true(strcmp(l.v[i - 1].name, l.v[i].name) <= 0);
	tg_dep_list_clear(&l);
	tl_rmtree(dir);
}

static void test_malformed_file_is_a_warning_others_go_on(void **state)
{
	char *dir = tl_tmpdir();
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	size_t failed = 0;

	tl_write(dir, "good/package-lock.json", lock);
	tl_write(dir, "bad/package-lock.json", "{\n  \"packages\": {\n    \"x\": nope\n}\n");
	scan(dir, &l, &failed);
	assert_int_equal(failed, 1);
	assert_non_null(dt_find(&l, "a", "1.0.0"));
	assert_int_equal(l.warnings.nr, 1);
	assert_non_null(strstr(l.warnings.v[0], "bad/package-lock.json:3:"));
	tg_dep_list_clear(&l);
	tl_rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_join_direct_scope_and_disagreement),
	        cmocka_unit_test(test_malformed_file_is_a_warning_others_go_on),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
