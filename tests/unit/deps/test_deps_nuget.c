#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "read_other.h"

static void test_deps_nuget_packages_lock_types_hashes_graph(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	struct tg_buf fixture = TG_BUF_INIT;
	const struct tg_dep *d;

	(void)state;
	assert_int_equal(tg_buf_read_file(&fixture, TG_SOURCE_DIR
	                                  "/tests/data/deps/nuget/packages.lock.json"),
	                 TG_OK);
	assert_int_equal(write_read(root, "src/App/packages.lock.json", fixture.buf, &l), TG_OK);
	/* the Project is the solution's own; a package for two runtimes is one */
	assert_int_equal(l.nr, 3);
	d = must_find(&l, "newtonsoft.json");
	assert_string_equal(d->version, "13.0.1");
	assert_string_equal(d->purl, "pkg:nuget/Newtonsoft.Json@13.0.1");
	assert_true(d->direct);
	assert_int_equal(d->line, 5);
	assert_string_equal(d->hashes.v[0],
	                    "sha512-ppPFpBcvxdsfUonNcvITKqLl3bqxWbDCZIzDWHzjpdAHRFfZe0Dw9HmA0+"
	                    "za13IdyrgJwpkDTDA9fHaxOrt20A==");
	d = must_find(&l, "system.text.encodings.web");
	assert_false(d->direct);
	assert_int_equal(d->line, 20);
	assert_string_equal(d->via, "Serilog > System.Text.Encodings.Web");
	tg_dep_list_clear(&l);
	tg_buf_release(&fixture);

	assert_int_equal(write_read(root, "packages.lock.json", "{\"version\": 1}", &l),
	                 TG_ERR_INPUT);
	assert_non_null(
	        strstr(tg_error_message(), "packages.lock.json:1: not a packages.lock.json"));
	tg_dep_list_clear(&l);
}

static void test_deps_nuget_csproj_versions_and_central_props(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	const struct tg_dep *d;

	(void)state;
	tl_write(root, "Directory.Packages.props",
	         "<Project>\n"
	         "  "
	         "<PropertyGroup><ManagePackageVersionsCentrally>true</"
	         "ManagePackageVersionsCentrally></PropertyGroup>\n"
	         "  <ItemGroup>\n"
	         "    <PackageVersion Include=\"Serilog\" Version=\"3.0.1\" />\n"
	         "    <PackageVersion Include=\"Polly\" Version=\"7.2.4\" />\n"
	         "    <GlobalPackageReference Include=\"Nerdbank.GitVersioning\" "
	         "Version=\"3.6.133\" />\n"
	         "  </ItemGroup>\n"
	         "</Project>\n");
	assert_int_equal(
	        write_read(
	                root, "src/App/App.csproj",
	                "<Project Sdk=\"Microsoft.NET.Sdk\">\n"
	                "  <ItemGroup>\n"
	                "    <PackageReference Include=\"Newtonsoft.Json\" Version=\"13.0.1\" />\n"
	                "    <PackageReference Include=\"Dapper\">\n"
	                "      <Version>2.1.24</Version>\n"
	                "    </PackageReference>\n"
	                "    <PackageReference Include=\"Serilog\" />\n"
	                "    <PackageReference Include=\"Polly\" VersionOverride=\"8.0.0\" />\n"
	                "    <PackageReference Include=\"Range.Pkg\" Version=\"[1.0,2.0)\" />\n"
	                "    <PackageReference Include=\"Exact.Pkg\" Version=\"[4.5.6]\" />\n"
	                "    <PackageReference Update=\"Dapper\" PrivateAssets=\"all\" />\n"
	                "    <PackageReference Include=\"Nowhere\" />\n"
	                "  </ItemGroup>\n"
	                "</Project>\n",
	                &l),
	        TG_OK);
	assert_int_equal(l.nr, 7);
	d = must_find(&l, "newtonsoft.json");
	assert_string_equal(d->version, "13.0.1");
	assert_int_equal(d->line, 3);
	assert_string_equal(must_find(&l, "dapper")->version, "2.1.24");
	/* a central version is declared, and bumped, where it is written */
	d = must_find(&l, "serilog");
	assert_string_equal(d->version, "3.0.1");
	assert_string_equal(d->file, "Directory.Packages.props");
	assert_int_equal(d->line, 4);
	d = must_find(&l, "polly");
	assert_string_equal(d->version, "8.0.0");
	assert_string_equal(d->file, "src/App/App.csproj");
	d = must_find(&l, "range.pkg");
	assert_null(d->version);
	assert_string_equal(d->range, "[1.0,2.0)");
	assert_string_equal(must_find(&l, "exact.pkg")->version, "4.5.6");
	d = must_find(&l, "nowhere");
	assert_null(d->version);
	assert_true(warned(&l, "src/App/App.csproj:12: Nowhere: no Version"));
	tg_dep_list_clear(&l);

	/* the props file itself: its global references */
	assert_int_equal(read_in(root, "Directory.Packages.props", &l), TG_OK);
	assert_int_equal(l.nr, 1);
	assert_string_equal(must_find(&l, "nerdbank.gitversioning")->version, "3.6.133");
	tg_dep_list_clear(&l);
}

static void test_deps_nuget_csproj_hostile_and_malformed(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;

	(void)state;
	tl_write(root, "secret.txt", "TOPSECRET\n");
	assert_int_equal(
	        write_read(root, "x/X.csproj",
	                   "<?xml version=\"1.0\"?>\n"
	                   "<!DOCTYPE Project [<!ENTITY s SYSTEM \"../secret.txt\">]>\n"
	                   "<Project><ItemGroup><PackageReference Include=\"A\" Version=\"&s;\"/>"
	                   "</ItemGroup></Project>\n",
	                   &l),
	        TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "x/X.csproj:2: a DOCTYPE is refused"));
	assert_int_equal(l.nr, 0);
	tg_dep_list_clear(&l);
	assert_int_equal(write_read(root, "x/X.csproj", "<Project>\n<ItemGroup>\n</Project>\n", &l),
	                 TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "x/X.csproj:3: malformed XML"));
	tg_dep_list_clear(&l);
	assert_int_equal(write_read(root, "x/X.csproj", "<project/>\n", &l), TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "x/X.csproj:1: not an MSBuild project"));
	tg_dep_list_clear(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_deps_nuget_packages_lock_types_hashes_graph),
	        cmocka_unit_test(test_deps_nuget_csproj_versions_and_central_props),
	        cmocka_unit_test(test_deps_nuget_csproj_hostile_and_malformed),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
