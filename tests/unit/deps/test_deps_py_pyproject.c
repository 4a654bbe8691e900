/* pyproject.toml: PEP 621, PEP 735, Poetry, PDM and uv declarations; bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "py_fixture.h"
#include "testlib.h"
#include "util/error.h"

static void test_deps_py_pyproject_pep621_and_groups(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	const struct tg_dep *d;

	(void)state;
	tl_write(root, "pyproject.toml",
	         "[build-system]\n"
	         "requires = [\"flit_core<4\"]\n"
	         "\n"
	         "[project]\n"
	         "name = \"flask\"\n"
	         "dependencies = [\n"
	         "    \"Werkzeug>=3.1\",\n"
	         "    \"Jinja2 >= 3.1.2\",\n"
	         "    \"importlib-metadata>=3.6; python_version < '3.10'\",\n"
	         "    \"blinker==1.9.0\",\n"
	         "]\n"
	         "[project.optional-dependencies]\n"
	         "async = [\"asgiref>=3.2\"]\n"
	         "dotenv = [\"python-dotenv\"]\n"
	         "\n"
	         "[dependency-groups]\n"
	         "tests = [\"pytest\", {include-group = \"typing\"}]\n"
	         "typing = [\"mypy==1.13.0\"]\n"
	         "\n"
	         "[tool.uv]\n"
	         "dev-dependencies = [\"ruff>=0.5\"]\n"
	         "\n"
	         "[tool.pdm.dev-dependencies]\n"
	         "lint = [\"flake8>=7\", \"-e file:///${PROJECT_ROOT}/libs/util#egg=my-util\"]\n");
	assert_int_equal(py_read(root, "pyproject.toml", &l), TG_OK);
	assert_int_equal(l.nr, 11);
	assert_false(py_has(&l, "flit-core"));
	d = py_find(&l, "werkzeug");
	assert_string_equal(d->range, ">=3.1");
	assert_null(d->version);
	assert_int_equal(d->line, 7);
	assert_int_equal(d->direct, 1);
	assert_int_equal(d->scope, TG_DEP_RUNTIME);
	assert_string_equal(py_find(&l, "jinja2")->range, ">=3.1.2");
	assert_int_equal(py_find(&l, "importlib-metadata")->line, 9);
	assert_string_equal(py_find(&l, "blinker")->version, "1.9.0");
	assert_string_equal(py_find(&l, "blinker")->purl, "pkg:pypi/blinker@1.9.0");
	d = py_find(&l, "asgiref");
	assert_int_equal(d->scope, TG_DEP_OPTIONAL);
	assert_int_equal(d->line, 13);
	assert_int_equal(py_find(&l, "python-dotenv")->scope, TG_DEP_OPTIONAL);
	assert_int_equal(py_find(&l, "pytest")->scope, TG_DEP_DEV);
	assert_int_equal(py_find(&l, "mypy")->scope, TG_DEP_DEV);
	assert_int_equal(py_find(&l, "ruff")->scope, TG_DEP_DEV);
	assert_int_equal(py_find(&l, "flake8")->line, 24);
	d = py_find(&l, "my-util");
	assert_int_equal(d->origin, TG_DEP_PATH);
	assert_int_equal(d->scope, TG_DEP_DEV);
	tg_dep_list_clear(&l);
}

static void test_deps_py_pyproject_poetry(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	const struct tg_dep *d;

	(void)state;
	tl_write(root, "pyproject.toml",
	         "[tool.poetry]\n"
	         "name = \"app\"\n"
	         "\n"
	         "[tool.poetry.dependencies]\n"
	         "python = \"^3.9\"\n"
	         "requests = \"^2.31\"\n"
	         "Django = \"4.2.11\"\n"
	         "pendulum = {version = \"~3.0\", optional = true}\n"
	         "mylib = {git = \"https://github.com/example/mylib.git\", tag = \"v1\"}\n"
	         "shared = {path = \"../shared\", develop = true}\n"
	         "numpy = [\n"
	         "  {version = \"<1.25\", python = \"<3.9\"},\n"
	         "  {version = \">=1.25\", python = \">=3.9\"},\n"
	         "]\n"
	         "anything = \"*\"\n"
	         "\n"
	         "[tool.poetry.dev-dependencies]\n"
	         "black = \"^24.1\"\n"
	         "\n"
	         "[tool.poetry.group.test.dependencies]\n"
	         "pytest = \">=7,<9\"\n");
	assert_int_equal(py_read(root, "pyproject.toml", &l), TG_OK);
	assert_false(py_has(&l, "python"));
	assert_int_equal(l.nr, 10);
	d = py_find(&l, "requests");
	assert_string_equal(d->range, ">=2.31,<3"); /* as PEP 440, for the version module */
	assert_int_equal(d->line, 6);
	assert_int_equal(d->scope, TG_DEP_RUNTIME);
	d = py_find(&l, "django");
	assert_string_equal(d->version, "4.2.11");
	assert_null(d->range);
	d = py_find(&l, "pendulum");
	assert_string_equal(d->range, ">=3.0,<3.1");
	assert_int_equal(d->scope, TG_DEP_OPTIONAL);
	assert_int_equal(py_find(&l, "mylib")->origin, TG_DEP_GIT);
	assert_int_equal(py_find(&l, "shared")->origin, TG_DEP_PATH);
	assert_int_equal(py_find(&l, "numpy")->line, 12);
	assert_string_equal(py_find(&l, "numpy")->range, "<1.25");
	assert_null(py_find(&l, "anything")->range);
	assert_int_equal(py_find(&l, "black")->scope, TG_DEP_DEV);
	d = py_find(&l, "pytest");
	assert_int_equal(d->scope, TG_DEP_DEV);
	assert_string_equal(d->range, ">=7,<9");
	tg_dep_list_clear(&l);
}

static void test_deps_py_pyproject_poetry_constraints_as_pep440(void **state)
{
	static const char *cases[][2] = {
	        {"^1.2.3", ">=1.2.3,<2"},
	        {"^0.2.3", ">=0.2.3,<0.3"},
	        {"^0.0.3", ">=0.0.3,<0.0.4"},
	        {"^0.0", ">=0.0,<0.1"},
	        {"^0", ">=0,<1"},
	        {"^2.0b1", ">=2.0b1,<3"},
	        {"~1.2.3", ">=1.2.3,<1.3"},
	        {"~1", ">=1,<2"},
	        {"~=1.4.2", "~=1.4.2"},
	        {"1.2.*", "==1.2.*"},
	        {">= 1.2, < 1.5", ">=1.2,<1.5"},
	        {"^1.2, !=1.3.1", ">=1.2,<2,!=1.3.1"},
	        {"^1 || ^3", "^1 || ^3"},
	        {"latest", "latest"},
	};
	struct tg_dep_list l = TG_DEP_LIST_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tg_buf text = TG_BUF_INIT;
		tg_buf_addf(&text, "[tool.poetry.dependencies]\nx = \"%s\"\n", cases[i][0]);
		tl_write(root, "pyproject.toml", text.buf);
		assert_int_equal(py_read(root, "pyproject.toml", &l), TG_OK);
		assert_int_equal(l.nr, 1);
		if (!l.v[0].range || strcmp(l.v[0].range, cases[i][1]))
			fail_msg("%s: got %s, want %s", cases[i][0], l.v[0].range, cases[i][1]);
		tg_dep_list_clear(&l);
		tg_buf_release(&text);
	}
}

static void test_deps_py_pyproject_bad_input_names_file_and_line(void **state)
{
	static const struct {
		const char *text, *where;
	} bad[] = {
	        {"[project]\ndependencies = [\n  \"ok\",\n  \"bad>=\",\n]\n", "pyproject.toml:4"},
	        {"[project]\n\ndependencies = \"flask\"\n", "pyproject.toml:3"},
	        {"[project]\ndependencies = [1]\n", "pyproject.toml:2"},
	        {"[project\n", "pyproject.toml:1"},
	        {"[tool.poetry.dependencies]\n\nrequests = 2\n", "pyproject.toml:3"},
	        {"[dependency-groups]\ndev = [\"a\"]\ndev = [\"b\"]\n", "pyproject.toml:3"},
	};
	struct tg_dep_list l = TG_DEP_LIST_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tl_write(root, "pyproject.toml", bad[i].text);
		assert_int_equal(py_read(root, "pyproject.toml", &l), TG_ERR_INPUT);
		if (!strstr(tg_error_message(), bad[i].where))
			fail_msg("case %zu: %s", i, tg_error_message());
		tg_dep_list_clear(&l);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_deps_py_pyproject_pep621_and_groups, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_deps_py_pyproject_poetry, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_deps_py_pyproject_poetry_constraints_as_pep440,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(
	                test_deps_py_pyproject_bad_input_names_file_and_line, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
