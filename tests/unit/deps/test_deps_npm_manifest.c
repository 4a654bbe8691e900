#include "deps_test.h"

static const char manifest[] =
        "{\n"
        "  \"name\": \"app\",\n"
        "  \"dependencies\": {\n"
        "    \"Express\": \"^4.18.0\",\n"
        "    \"al\": \"npm:@scope/real@^2.0.0\",\n"
        "    \"local\": \"file:../local\",\n"
        "    \"gh\": \"user/repo#v1\",\n"
        "    \"git\": \"git+https://example.com/g.git\",\n"
        "    \"tar\": \"https://example.com/t.tgz\",\n"
        "    \"forced\": \"^1.0.0\",\n"
        "    \"res\": \"^1.0.0\"\n"
        "  },\n"
        "  \"devDependencies\": {\"jest\": \"^29\"},\n"
        "  \"optionalDependencies\": {\"fsevents\": \"^2\"},\n"
        "  \"peerDependencies\": {\"jest\": \"*\", \"react\": \">=16\"},\n"
        "  \"overrides\": {\"forced\": \"1.2.3\", \"Express\": \"$Express\"},\n"
        "  \"resolutions\": {\"**/res\": \"1.5.0\"},\n"
        "  \"workspaces\": [\"packages/*\"]\n"
        "}\n";

static void test_sections_scopes_ranges_lines(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	const struct tg_dep *d;

	assert_int_equal(dt_read("package.json", "web/package.json", manifest, &l), 0);
	d = dt_get(&l, "express", NULL); /* npm names are normalised to lowercase */
	assert_null(d->version);
	assert_string_equal(d->range, "^4.18.0"); /* "$Express" keeps the declared range */
	assert_string_equal(d->purl, "pkg:npm/express");
	assert_true(d->direct);
	assert_int_equal(d->line, 4);
	assert_int_equal(d->scope, TG_DEP_RUNTIME);
	assert_string_equal(d->file, "web/package.json");
	d = dt_get(&l, "jest", NULL);
	assert_int_equal(d->scope, TG_DEP_DEV);
	assert_int_equal(d->line, 13);
	assert_int_equal(dt_get(&l, "fsevents", NULL)->scope, TG_DEP_OPTIONAL);
	/* a peer also declared elsewhere is that one; a peer alone is runtime */
	assert_int_equal(dt_get(&l, "react", NULL)->line, 15);
	size_t jest = 0;
	for (size_t i = 0; i < l.nr; i++)
		jest += !strcmp(l.v[i].name, "jest");
	assert_int_equal(jest, 1);
	tg_dep_list_clear(&l);
}

static void test_aliases_origins_overrides(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	const struct tg_dep *d;

	assert_int_equal(dt_read("package.json", "package.json", manifest, &l), 0);
	d = dt_get(&l, "@scope/real", NULL);
	assert_string_equal(d->range, "^2.0.0");
	assert_string_equal(d->purl, "pkg:npm/%40scope/real");
	assert_null(dt_find(&l, "al", NULL));
	assert_int_equal(dt_get(&l, "local", NULL)->origin, TG_DEP_PATH);
	assert_int_equal(dt_get(&l, "gh", NULL)->origin, TG_DEP_GIT);
	assert_int_equal(dt_get(&l, "git", NULL)->origin, TG_DEP_GIT);
	assert_int_equal(dt_get(&l, "tar", NULL)->origin, TG_DEP_URL);
	assert_string_equal(dt_get(&l, "forced", NULL)->range, "1.2.3");
	assert_string_equal(dt_get(&l, "res", NULL)->range, "1.5.0");
	tg_dep_list_clear(&l);
}

static void test_malformed_manifest(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;

	assert_int_equal(dt_read("package.json", "a/package.json",
	                         "{\n\"dependencies\": {\n\"x\": ^1\n}}\n", &l),
	                 TG_ERR_INPUT);
	dt_error_at("a/package.json:3:");
	assert_int_equal(l.nr, 0);
	tg_dep_list_clear(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_sections_scopes_ranges_lines),
	        cmocka_unit_test(test_aliases_origins_overrides),
	        cmocka_unit_test(test_malformed_manifest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
