#include "deps_test.h"

static const char v3[] =
        "{\n"
        "  \"name\": \"app\",\n"
        "  \"lockfileVersion\": 3,\n"
        "  \"packages\": {\n"
        "    \"\": {\n"
        "      \"dependencies\": {\"a\": \"^1.0.0\", \"al\": \"npm:real@^2\"},\n"
        "      \"devDependencies\": {\"d\": \"^1\"},\n"
        "      \"workspaces\": [\"packages/*\"]\n"
        "    },\n"
        "    \"packages/ws\": {\"name\": \"ws\", \"version\": \"0.1.0\",\n"
        "      \"dependencies\": {\"b\": \"^2\"}},\n"
        "    \"node_modules/a\": {\n"
        "      \"version\": \"1.0.0\",\n"
        "      \"resolved\": \"https://registry.npmjs.org/a/-/a-1.0.0.tgz\",\n"
        "      \"integrity\": \"sha512-AAA sha1-BBB\",\n"
        "      \"dependencies\": {\"b\": \"^1\"}\n"
        "    },\n"
        "    \"node_modules/a/node_modules/b\": {\"version\": \"1.5.0\"},\n"
        "    \"node_modules/b\": {\"version\": \"2.0.0\"},\n"
        "    \"node_modules/al\": {\"name\": \"real\", \"version\": \"2.1.0\"},\n"
        "    \"node_modules/d\": {\"version\": \"1.0.0\", \"dev\": true,\n"
        "      \"dependencies\": {\"e\": \"*\"}},\n"
        "    \"node_modules/e\": {\"version\": \"3.0.0\", \"devOptional\": true},\n"
        "    \"node_modules/o\": {\"version\": \"1.0.0\", \"optional\": true},\n"
        "    \"node_modules/ws\": {\"resolved\": \"packages/ws\", \"link\": true},\n"
        "    \"node_modules/g\": {\"version\": \"1.0.0\",\n"
        "      \"resolved\": \"git+ssh://git@github.com/u/g.git#abc\"}\n"
        "  }\n"
        "}\n";

static void test_v3_entries_lines_hashes_nesting(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	const struct tg_dep *d;

	assert_int_equal(dt_read("package-lock.json", "sub/package-lock.json", v3, &l), 0);
	d = dt_get(&l, "a", "1.0.0");
	assert_int_equal(d->line, 12);
	assert_true(d->direct);
	assert_null(d->via);
	assert_string_equal(d->file, "sub/package-lock.json");
	assert_string_equal(d->purl, "pkg:npm/a@1.0.0");
	assert_int_equal(d->hashes.nr, 2);
	assert_string_equal(d->hashes.v[0], "sha512-AAA");
	assert_string_equal(d->hashes.v[1], "sha1-BBB");
	assert_int_equal(d->origin, TG_DEP_REGISTRY);
	/* a's own copy of b, found in its node_modules before the hoisted one */
	d = dt_get(&l, "b", "1.5.0");
	assert_false(d->direct);
	assert_string_equal(d->via, "a");
	assert_int_equal(d->line, 18);
	/* the hoisted b is the workspace's direct dependency */
	assert_true(dt_get(&l, "b", "2.0.0")->direct);
	tg_dep_list_clear(&l);
}

static void test_v3_alias_flags_link_git(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	const struct tg_dep *d;

	assert_int_equal(dt_read("package-lock.json", "package-lock.json", v3, &l), 0);
	/* the npm: alias is the real package */
	d = dt_get(&l, "real", "2.1.0");
	assert_true(d->direct);
	assert_null(dt_find(&l, "al", NULL));
	assert_int_equal(dt_get(&l, "d", "1.0.0")->scope, TG_DEP_DEV);
	d = dt_get(&l, "e", "3.0.0");
	assert_int_equal(d->scope, TG_DEP_DEV);
	assert_string_equal(d->via, "d");
	assert_int_equal(dt_get(&l, "o", "1.0.0")->scope, TG_DEP_OPTIONAL);
	/* the workspace's link takes its directory's version and is not a registry package */
	d = dt_get(&l, "ws", "0.1.0");
	assert_int_equal(d->origin, TG_DEP_PATH);
	assert_int_equal(dt_get(&l, "g", "1.0.0")->origin, TG_DEP_GIT);
	tg_dep_list_clear(&l);
}

static void test_v1_nested_dependencies(void **state)
{
	static const char v1[] = "{\n"
	                         "  \"lockfileVersion\": 1,\n"
	                         "  \"dependencies\": {\n"
	                         "    \"a\": {\n"
	                         "      \"version\": \"1.0.0\",\n"
	                         "      \"integrity\": \"sha1-xx\",\n"
	                         "      \"requires\": {\"b\": \"^2.0.0\"},\n"
	                         "      \"dependencies\": {\n"
	                         "        \"b\": {\"version\": \"2.0.0\", \"dev\": true}\n"
	                         "      }\n"
	                         "    },\n"
	                         "    \"b\": {\"version\": \"1.0.0\"},\n"
	                         "    \"al\": {\"version\": \"npm:real@3.0.0\"}\n"
	                         "  }\n"
	                         "}\n";
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	const struct tg_dep *d;

	assert_int_equal(dt_read("npm-shrinkwrap.json", "npm-shrinkwrap.json", v1, &l), 0);
	assert_int_equal(l.nr, 4);
	d = dt_get(&l, "b", "2.0.0");
	assert_int_equal(d->line, 9);
	assert_string_equal(d->via, "a");
	assert_int_equal(d->scope, TG_DEP_DEV);
	d = dt_get(&l, "a", "1.0.0");
	assert_int_equal(d->line, 4);
	assert_string_equal(d->hashes.v[0], "sha1-xx");
	/* without a package.json, the top-level packages nothing needs are direct */
	assert_true(d->direct);
	assert_true(dt_get(&l, "real", "3.0.0")->direct);
	tg_dep_list_clear(&l);
}

static void test_minified_lockfile_still_has_lines(void **state)
{
	static const char min[] = "{\"lockfileVersion\":2,\"packages\":{\"\":{},"
	                          "\"node_modules/a\":{\"version\":\"1.0.0\"}}}";
	struct tg_dep_list l = TG_DEP_LIST_INIT;

	assert_int_equal(dt_read("package-lock.json", "package-lock.json", min, &l), 0);
	assert_int_equal(dt_get(&l, "a", "1.0.0")->line, 1);
	tg_dep_list_clear(&l);
}

static void test_malformed_names_file_and_line(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;

	assert_int_equal(dt_read("package-lock.json", "x/package-lock.json",
	                         "{\n  \"packages\": {\n    \"node_modules/a\": {,\n  }\n}\n", &l),
	                 TG_ERR_INPUT);
	dt_error_at("x/package-lock.json:3:");
	assert_int_equal(dt_read("package-lock.json", "package-lock.json", "[1]", &l),
	                 TG_ERR_INPUT);
	dt_error_at("package-lock.json:1:");
	tg_dep_list_clear(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_v3_entries_lines_hashes_nesting),
	        cmocka_unit_test(test_v3_alias_flags_link_git),
	        cmocka_unit_test(test_v1_nested_dependencies),
	        cmocka_unit_test(test_minified_lockfile_still_has_lines),
	        cmocka_unit_test(test_malformed_names_file_and_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
