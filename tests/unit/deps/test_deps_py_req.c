/* requirements.txt and *.in: includes, cycles, hashes, markers, extras, URLs, errors. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "deps/deps.h"
#include "py_fixture.h"
#include "testlib.h"
#include "util/buf.h"
#include "util/error.h"

#define read_rel(rel, out) py_read(root, rel, out)
#define find(l, name)      (py_has(l, name) ? py_find(l, name) : NULL)
#define has_warning        py_has_warning

static void test_deps_py_req_matches_common_names_only(void **state)
{
	const struct tg_deps_reader *r = tg_deps_reader_for("requirements.txt");

	(void)state;
	assert_non_null(r);
	assert_string_equal(r->name, "requirements.txt");
	assert_ptr_equal(tg_deps_reader_for("requirements-dev.txt"), r);
	assert_ptr_equal(tg_deps_reader_for("dev-requirements.txt"), r);
	assert_ptr_equal(tg_deps_reader_for("requirements.in"), r);
	assert_ptr_equal(tg_deps_reader_for("constraints.in"), r);
	assert_true(tg_deps_reader_for("Makefile.in") != r);
	assert_true(tg_deps_reader_for("MANIFEST.in") != r);
	assert_true(tg_deps_reader_for("notes.txt") != r);
}

static void test_deps_py_req_pins_ranges_extras_markers(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	const struct tg_dep *d;

	(void)state;
	tl_write(root, "requirements.txt",
	         "\xef\xbb\xbf# a comment, after a byte order mark\n"
	         "--index-url https://pypi.org/simple\n"
	         "\n"
	         "Flask_SQLAlchemy==3.1.1  # pinned\n"
	         "requests[socks,security] >= 2.8.1, <3\n"
	         "importlib-metadata===4.0 ; python_version < \"3.8\"\n"
	         "pytest ; extra == 'test'\n"
	         "rich; extra == \"cli\"\n"
	         "attrs\n"
	         "zope.interface==5.*\n");
	assert_int_equal(read_rel("requirements.txt", &l), TG_OK);
	assert_int_equal(l.nr, 7);
	d = find(&l, "flask-sqlalchemy");
	assert_non_null(d);
	assert_string_equal(d->version, "3.1.1");
	assert_null(d->range);
	assert_string_equal(d->purl, "pkg:pypi/flask-sqlalchemy@3.1.1");
	assert_int_equal(d->line, 4);
	assert_int_equal(d->direct, 1);
	assert_int_equal(d->scope, TG_DEP_RUNTIME);
	assert_string_equal(d->file, "requirements.txt");
	d = find(&l, "requests");
	assert_null(d->version);
	assert_string_equal(d->range, ">=2.8.1,<3");
	assert_string_equal(d->purl, "pkg:pypi/requests");
	assert_int_equal(d->line, 5);
	d = find(&l, "importlib-metadata");
	assert_string_equal(d->version, "4.0");
	assert_int_equal(d->scope, TG_DEP_RUNTIME); /* the marker is kept, not evaluated */
	assert_int_equal(find(&l, "pytest")->scope, TG_DEP_DEV);
	assert_int_equal(find(&l, "rich")->scope, TG_DEP_OPTIONAL);
	d = find(&l, "attrs");
	assert_null(d->version);
	assert_null(d->range);
	d = find(&l, "zope-interface");
	assert_null(d->version); /* a wildcard is a range */
	assert_string_equal(d->range, "==5.*");
	assert_int_equal(l.warnings.nr, 0);
	tg_dep_list_clear(&l);
}

static void test_deps_py_req_hashes_and_continuations(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	const struct tg_dep *d;

	(void)state;
	tl_write(root, "requirements.txt",
	         "#\n"
	         "certifi==2024.2.2 \\\n"
	         "    "
	         "--hash=sha256:0569859F95FC761B18B45EF421B1290A0F65F147E92A1E5EB3E635F9A5E4E66F "
	         "\\\n"
	         "    "
	         "--hash=sha256:dc383c07b76109f368f6106eee2b593b04a011ea4d55f652c6ca24a754d1cdd1\n"
	         "    # via requests\n"
	         "idna==3.6 --hash "
	         "sha256:c05567e9c24a6b9faaa835c4821bad0590fbb9d5779e7caa6e1cc4978e7eb24f\n");
	assert_int_equal(read_rel("requirements.txt", &l), TG_OK);
	assert_int_equal(l.nr, 2);
	d = find(&l, "certifi");
	assert_int_equal(d->line, 2);
	assert_string_equal(d->version, "2024.2.2");
	assert_int_equal(d->hashes.nr, 2);
	assert_string_equal(
	        d->hashes.v[0],
	        "sha256:0569859f95fc761b18b45ef421b1290a0f65f147e92a1e5eb3e635f9a5e4e66f");
	d = find(&l, "idna");
	assert_int_equal(d->line, 6);
	assert_int_equal(d->hashes.nr, 1);
	tg_dep_list_clear(&l);
}

static void test_deps_py_req_editables_and_urls(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	const struct tg_dep *d;

	(void)state;
	tl_write(root, "requirements.txt",
	         "-e .\n"
	         "-e ./libs/shared_utils\n"
	         "-e git+https://github.com/pallets/click.git@8.1.7#egg=click\n"
	         "werkzeug @ https://files.example.org/werkzeug-3.0.1-py3-none-any.whl\n"
	         "itsdangerous @ git+https://github.com/pallets/itsdangerous@main ; "
	         "python_version >= \"3.8\"\n"
	         "https://example.org/dist/Jinja2-3.1.3.tar.gz\n"
	         "./vendor/markupsafe-2.1.5-cp312-none-any.whl\n"
	         "blinker @ file:///opt/wheels/blinker-1.7.0.tar.gz\n");
	assert_int_equal(read_rel("requirements.txt", &l), TG_OK);
	assert_int_equal(l.nr, 7);
	assert_int_equal(find(&l, "shared-utils")->origin, TG_DEP_PATH);
	d = find(&l, "click");
	assert_int_equal(d->origin, TG_DEP_GIT);
	assert_null(d->version);
	assert_int_equal(d->line, 3);
	assert_int_equal(find(&l, "werkzeug")->origin, TG_DEP_URL);
	assert_int_equal(find(&l, "itsdangerous")->origin, TG_DEP_GIT);
	d = find(&l, "jinja2");
	assert_int_equal(d->origin, TG_DEP_URL);
	assert_string_equal(d->version, "3.1.3");
	d = find(&l, "markupsafe");
	assert_int_equal(d->origin, TG_DEP_PATH);
	assert_string_equal(d->version, "2.1.5");
	assert_int_equal(find(&l, "blinker")->origin, TG_DEP_PATH);
	assert_int_equal(l.warnings.nr, 0);
	tg_dep_list_clear(&l);
}

static void test_deps_py_req_includes_relative_to_the_including_file(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	const struct tg_dep *d;

	(void)state;
	tl_write(root, "requirements-dev.txt", "-r requirements/base.txt\npytest==8.0.0\n");
	tl_write(root, "requirements/base.txt",
	         "--requirement=common.txt\n-c ../constraints.txt\nflask>=2\n");
	tl_write(root, "requirements/common.txt", "\nclick==8.1.7\n");
	tl_write(root, "constraints.txt", "flask==3.0.2\nnot-required==1.0\n");
	assert_int_equal(read_rel("requirements-dev.txt", &l), TG_OK);
	assert_int_equal(l.nr, 3);
	d = find(&l, "pytest");
	assert_int_equal(d->scope, TG_DEP_DEV);
	assert_string_equal(d->file, "requirements-dev.txt");
	d = find(&l, "click");
	assert_string_equal(d->file, "requirements/common.txt");
	assert_int_equal(d->line, 2);
	assert_int_equal(d->scope, TG_DEP_RUNTIME);
	d = find(&l, "flask");
	assert_string_equal(d->file, "requirements/base.txt");
	assert_string_equal(d->range, ">=2");
	assert_string_equal(d->version, "3.0.2"); /* the constraint's pin */
	assert_string_equal(d->purl, "pkg:pypi/flask@3.0.2");
	assert_null(find(&l, "not-required"));
	assert_int_equal(l.warnings.nr, 0);
	tg_dep_list_clear(&l);
}

static void test_deps_py_req_cycles_and_escapes_are_warnings(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;

	(void)state;
	tl_write(root, "requirements.txt",
	         "-r a.txt\n-r ../outside.txt\n-r /etc/passwd\n-r missing.txt\n"
	         "-r https://example.org/r.txt\nsix==1.16.0\n");
	tl_write(root, "a.txt", "-r b.txt\nattrs==23.2.0\n");
	tl_write(root, "b.txt", "-r a.txt\n-r ./sub/../a.txt\n");
	assert_int_equal(read_rel("requirements.txt", &l), TG_OK);
	assert_int_equal(l.nr, 2);
	assert_non_null(find(&l, "six"));
	assert_non_null(find(&l, "attrs"));
	assert_true(has_warning(&l, "b.txt:1: include cycle: a.txt"));
	assert_true(has_warning(&l, "b.txt:2: include cycle: a.txt"));
	assert_true(has_warning(&l, "requirements.txt:2: include outside the repository"));
	assert_true(has_warning(&l, "requirements.txt:3: include outside the repository"));
	assert_true(has_warning(&l, "requirements.txt:4: include not read"));
	assert_true(has_warning(&l, "requirements.txt:5: include of a URL"));
	tg_dep_list_clear(&l);
}

static void test_deps_py_req_a_requirements_file_included_is_left_to_its_own_read(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;

	(void)state;
	tl_write(root, "requirements.txt", "-r requirements-dev.txt\nflask==3.0.0\n");
	tl_write(root, "requirements-dev.txt", "-r requirements.txt\npytest==8.0.0\n");
	assert_int_equal(read_rel("requirements-dev.txt", &l), TG_OK);
	assert_int_equal(l.nr, 1);
	assert_non_null(find(&l, "pytest"));
	assert_int_equal(l.warnings.nr, 0);
	tg_dep_list_clear(&l);
	assert_int_equal(read_rel("requirements.txt", &l), TG_OK);
	assert_int_equal(l.nr, 1);
	assert_non_null(find(&l, "flask"));
	tg_dep_list_clear(&l);
}

static void test_deps_py_req_include_through_a_link_is_refused(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	struct tg_buf link = TG_BUF_INIT;

	(void)state;
	tl_write(root, "requirements.txt", "-r linked.txt\n");
	tl_write(root, "real.txt", "six==1.16.0\n");
	tg_buf_addf(&link, "%s/linked.txt", root);
	assert_int_equal(symlink("real.txt", link.buf), 0);
	assert_int_equal(read_rel("requirements.txt", &l), TG_OK);
	assert_int_equal(l.nr, 0);
	assert_true(has_warning(&l, "requirements.txt:1: include not read"));
	tg_buf_release(&link);
	tg_dep_list_clear(&l);
}

static void test_deps_py_req_malformed_lines_name_file_and_line(void **state)
{
	static const char *bad[] = {"flask>=\n", "requests[socks\n", "$$$\n", "a (>=1\n",
	                            "django>=3 garbage\n"};
	struct tg_dep_list l = TG_DEP_LIST_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct tg_buf text = TG_BUF_INIT;
		tg_buf_addf(&text, "six==1.0\n\n%s", bad[i]);
		tl_write(root, "requirements.txt", text.buf);
		assert_int_equal(read_rel("requirements.txt", &l), TG_ERR_INPUT);
		assert_non_null(strstr(tg_error_message(), "requirements.txt:3"));
		tg_dep_list_clear(&l);
		tg_buf_release(&text);
	}
	/* In an included file, the included file is named. */
	tl_write(root, "requirements.txt", "-r inc/common.txt\n");
	tl_write(root, "inc/common.txt", "ok==1\nbad>=\n");
	assert_int_equal(read_rel("requirements.txt", &l), TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "inc/common.txt:2"));
	tg_dep_list_clear(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_deps_py_req_matches_common_names_only),
	        cmocka_unit_test_setup_teardown(test_deps_py_req_pins_ranges_extras_markers, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_deps_py_req_hashes_and_continuations, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_deps_py_req_editables_and_urls, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(
	                test_deps_py_req_includes_relative_to_the_including_file, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_deps_py_req_cycles_and_escapes_are_warnings,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(
	                test_deps_py_req_a_requirements_file_included_is_left_to_its_own_read,
	                setup, teardown),
	        cmocka_unit_test_setup_teardown(test_deps_py_req_include_through_a_link_is_refused,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_deps_py_req_malformed_lines_name_file_and_line,
	                                        setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
