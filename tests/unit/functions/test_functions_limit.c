/*
 * A project's own complexity limit (functions/limit.h): flake8, ruff,
 * golangci-lint, ESLint and lizard, each in the places its users write it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "functions/limit.h"
#include "testlib.h"

#include <stdio.h>
#include <string.h>

/* The limit one file states for family f, and where. */
static int one(const char *path, const char *text, enum tg_limit_family f, char *where, size_t n)
{
	struct tg_ccn_limits l = TG_CCN_LIMITS_INIT;
	int v;

	tg_ccn_limits_from_text(&l, path, text, strlen(text));
	v = l.of[f].value;
	if (where)
		snprintf(where, n, "%s %s", l.of[f].where ? l.of[f].where : "-",
		         l.of[f].what ? l.of[f].what : "-");
	tg_ccn_limits_release(&l);
	return v;
}

static void test_limit_flake8_ini(void **state)
{
	char where[128];
	const char *cfg = "[metadata]\n"
	                  "max-complexity = 3\n"
	                  "[flake8]\n"
	                  "exclude =\n"
	                  "    max-complexity = 4\n" /* a continuation of exclude */
	                  "# max-complexity = 5\n"
	                  "Max_Complexity = 12  ; the team's\n"
	                  "[isort]\n";
	int line = 0;

	assert_int_equal(one("setup.cfg", cfg, TG_LIMIT_PYTHON, where, sizeof(where)), 12);
	assert_string_equal(where, "setup.cfg:7 flake8 max-complexity");
	assert_int_equal(one(".flake8", "[flake8]\nmax-complexity: 9\n", TG_LIMIT_PYTHON, NULL, 0),
	                 9);
	assert_int_equal(
	        one("tox.ini", "[tox]\n[flake8]\nmax-complexity=10\n", TG_LIMIT_PYTHON, NULL, 0),
	        10);
	/* not numbers, other sections, other files */
	assert_int_equal(
	        one(".flake8", "[flake8]\nmax-complexity = ten\n", TG_LIMIT_PYTHON, NULL, 0), 0);
	assert_int_equal(
	        one(".flake8", "[flake8]\nmax-complexity = 10x\n", TG_LIMIT_PYTHON, NULL, 0), 0);
	assert_int_equal(
	        one("setup.cfg", "[pycodestyle]\nmax-complexity = 10\n", TG_LIMIT_PYTHON, NULL, 0),
	        0);
	assert_int_equal(
	        one("other.cfg", "[flake8]\nmax-complexity = 10\n", TG_LIMIT_PYTHON, NULL, 0), 0);
	const char *huge = "[flake8]\nmax-complexity = 999999999999\n";

	assert_int_equal(tg_limit_ini(huge, strlen(huge), "flake8", "max-complexity", &line), 0);
}

static void test_limit_ruff_toml(void **state)
{
	char where[128];

	assert_int_equal(one("pyproject.toml",
	                     "[project]\nname = \"x\"\n\n[tool.ruff.lint.mccabe]\n"
	                     "max-complexity = 8\n",
	                     TG_LIMIT_PYTHON, where, sizeof(where)),
	                 8);
	assert_string_equal(where, "pyproject.toml:5 ruff max-complexity");
	assert_int_equal(one("pyproject.toml", "[tool.ruff.mccabe]\nmax-complexity = 11\n",
	                     TG_LIMIT_PYTHON, NULL, 0),
	                 11);
	assert_int_equal(
	        one("ruff.toml", "[lint.mccabe]\nmax-complexity = 7\n", TG_LIMIT_PYTHON, NULL, 0),
	        7);
	assert_int_equal(
	        one(".ruff.toml", "[mccabe]\nmax-complexity = 6\n", TG_LIMIT_PYTHON, NULL, 0), 6);
	/* a string, or TOML that is not valid, states nothing */
	assert_int_equal(one("pyproject.toml", "[tool.ruff.lint.mccabe]\nmax-complexity = \"8\"\n",
	                     TG_LIMIT_PYTHON, NULL, 0),
	                 0);
	assert_int_equal(one("pyproject.toml", "[tool.ruff.lint.mccabe\nmax-complexity = 8\n",
	                     TG_LIMIT_PYTHON, NULL, 0),
	                 0);
}

static void test_limit_golangci(void **state)
{
	char where[128];

	assert_int_equal(one(".golangci.yml",
	                     "linters:\n  enable: [gocyclo]\nlinters-settings:\n  gocyclo:\n"
	                     "    min-complexity: 25\n",
	                     TG_LIMIT_GO, where, sizeof(where)),
	                 25);
	assert_string_equal(where, ".golangci.yml:5 gocyclo min-complexity");
	/* golangci-lint v2 moved the settings under linters: */
	assert_int_equal(one(".golangci.yaml",
	                     "version: \"2\"\nlinters:\n  settings:\n    cyclop:\n"
	                     "      max-complexity: 12\n",
	                     TG_LIMIT_GO, where, sizeof(where)),
	                 12);
	assert_string_equal(where, ".golangci.yaml:5 cyclop max-complexity");
	assert_int_equal(one(".golangci.toml", "[linters-settings.gocyclo]\nmin-complexity = 20\n",
	                     TG_LIMIT_GO, NULL, 0),
	                 20);
	assert_int_equal(one(".golangci.json",
	                     "{\"linters-settings\": {\"gocyclo\": {\"min-complexity\": 18}}}\n",
	                     TG_LIMIT_GO, NULL, 0),
	                 18);
	assert_int_equal(
	        one(".golangci.yml", "linters-settings:\n  gocyclo: [\n", TG_LIMIT_GO, NULL, 0), 0);
}

static void test_limit_eslint(void **state)
{
	char where[128];

	assert_int_equal(one(".eslintrc.json",
	                     "{\n  // comments are allowed here\n  \"rules\": {\n"
	                     "    \"sonarjs/cognitive-complexity\": [\"error\", 5],\n"
	                     "    \"complexity\": [\n      \"error\",\n      10\n    ]\n  }\n}\n",
	                     TG_LIMIT_JS, where, sizeof(where)),
	                 10);
	assert_string_equal(where, ".eslintrc.json:5 ESLint complexity");
	assert_int_equal(one("eslint.config.mjs",
	                     "export default [{ rules: { complexity: ['warn', { max: 7 }] } }];\n",
	                     TG_LIMIT_JS, NULL, 0),
	                 7);
	assert_int_equal(one(".eslintrc.js", "module.exports = {rules: {complexity: 2}};\n",
	                     TG_LIMIT_JS, NULL, 0),
	                 20); /* on, with ESLint's default */
	assert_int_equal(one(".eslintrc.yml", "rules:\n  complexity:\n    - error\n    - max: 15\n",
	                     TG_LIMIT_JS, where, sizeof(where)),
	                 15);
	assert_string_equal(where, ".eslintrc.yml:3 ESLint complexity");
	assert_int_equal(
	        one(".eslintrc.yaml", "rules:\n  complexity: [warn, 9]\n", TG_LIMIT_JS, NULL, 0),
	        9);
	/* off, a script named complexity, a rule of another plugin */
	assert_int_equal(one(".eslintrc.json", "{\"rules\": {\"complexity\": \"off\"}}",
	                     TG_LIMIT_JS, NULL, 0),
	                 0);
	assert_int_equal(one(".eslintrc.json", "{\"rules\": {\"complexity\": [0, 4]}}", TG_LIMIT_JS,
	                     NULL, 0),
	                 0);
	assert_int_equal(one("package.json", "{\"scripts\": {\"complexity\": \"lizard -C 3 src\"}}",
	                     TG_LIMIT_JS, NULL, 0),
	                 0);
	assert_int_equal(one("package.json",
	                     "{\"eslintConfig\": {\"rules\": {\"complexity\": [\"error\", 12]}}}",
	                     TG_LIMIT_JS, NULL, 0),
	                 12);
	assert_int_equal(one(".eslintrc.json", "{\"rules\": {\"max-complexity\": [\"error\", 4]}}",
	                     TG_LIMIT_JS, NULL, 0),
	                 0);
}

static void test_limit_command_lines(void **state)
{
	char where[160];

	assert_int_equal(one(".github/workflows/ci.yml",
	                     "jobs:\n  lint:\n    steps:\n      - run: pip install lizard\n"
	                     "      - run: lizard -l c -C 12 -w src\n",
	                     TG_LIMIT_ANY, where, sizeof(where)),
	                 12);
	assert_string_equal(where, ".github/workflows/ci.yml:5 lizard -C");
	assert_int_equal(
	        one("Makefile", "lint:\n\tpython -m lizard --CCN=20 src\n", TG_LIMIT_ANY, NULL, 0),
	        20);
	assert_int_equal(one("Makefile", "lint:\n\tlizard -C8 src\n", TG_LIMIT_ANY, NULL, 0), 8);
	assert_int_equal(
	        one("Makefile", "lint:\n\tlizard src \\\n\t  --CCN 14\n", TG_LIMIT_ANY, NULL, 0),
	        14);
	assert_int_equal(one(".pre-commit-config.yaml",
	                     "  - id: lizard\n    args: [\"-C\", \"9\"]\n", TG_LIMIT_ANY, NULL, 0),
	                 0); /* arguments on another line than the tool are not read */
	assert_int_equal(one("tox.ini",
	                     "[testenv:lint]\ncommands = flake8 --max-complexity=9 src\n",
	                     TG_LIMIT_PYTHON, NULL, 0),
	                 9);
	assert_int_equal(
	        one(".gitlab-ci.yml", "go:\n  script: gocyclo -over 30 .\n", TG_LIMIT_GO, NULL, 0),
	        30);
	/* another tool's -C, a lizard extension, lizard's plugin names, another file */
	assert_int_equal(one("Makefile", "x:\n\tmake -C 3 sub\n", TG_LIMIT_ANY, NULL, 0), 0);
	assert_int_equal(one("Makefile", "x:\n\tlizard -Cx -E 3\n", TG_LIMIT_ANY, NULL, 0), 0);
	assert_int_equal(one("Makefile", "x:\n\tlizard-ext -C 3\n", TG_LIMIT_ANY, NULL, 0), 0);
	assert_int_equal(one("build.sh", "lizard -C 3\n", TG_LIMIT_ANY, NULL, 0), 0);
	assert_int_equal(one(".github/workflows/ci.txt", "lizard -C 3\n", TG_LIMIT_ANY, NULL, 0),
	                 0);
}

/* The files of a tree: the tool's own configuration first, a family's limit before lizard's. */
static void test_limit_read_tree(void **state)
{
	char *dir = tl_tmpdir();
	struct tg_ccn_limits l = TG_CCN_LIMITS_INIT;
	const struct tg_ccn_limit *c;

	tl_write(dir, "tox.ini", "[flake8]\nmax-complexity = 11\n");
	tl_write(dir, "pyproject.toml", "[tool.ruff.lint.mccabe]\nmax-complexity = 8\n");
	tl_write(dir, ".github/workflows/b.yml", "steps:\n  - run: lizard -C 17\n");
	tl_write(dir, ".github/workflows/a.yml", "steps:\n  - run: lizard -C 16\n");
	tl_write(dir, "elsewhere.toml", "[tool.ruff.lint.mccabe]\nmax-complexity = 3\n");
	tl_write(dir, "real.json", "{\"rules\": {\"complexity\": [\"error\", 5]}}\n");
	tl_sh(dir, "ln -s real.json .eslintrc.json"); /* a link is not followed */
	tg_ccn_limits_read(dir, &l);

	c = tg_ccn_limit_for(&l, "Python");
	assert_non_null(c);
	assert_int_equal(c->value, 8);
	assert_string_equal(c->where, "pyproject.toml:2");
	c = tg_ccn_limit_for(&l, "C");
	assert_non_null(c);
	assert_int_equal(c->value, 16);
	assert_string_equal(c->where, ".github/workflows/a.yml:2");
	c = tg_ccn_limit_for(&l, "TypeScript"); /* no ESLint limit: lizard's */
	assert_int_equal(c->value, 16);
	assert_string_equal(tg_limit_family_name(TG_LIMIT_JS), "JavaScript and TypeScript");
	tg_ccn_limits_release(&l);

	tl_rmtree(dir);
	dir = tl_tmpdir();
	tg_ccn_limits_read(dir, &l); /* an empty tree states nothing */
	assert_null(tg_ccn_limit_for(&l, "Python"));
	assert_null(tg_ccn_limit_for(&l, NULL));
	tg_ccn_limits_release(&l);
	tl_rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_limit_flake8_ini),    cmocka_unit_test(test_limit_ruff_toml),
	        cmocka_unit_test(test_limit_golangci),      cmocka_unit_test(test_limit_eslint),
	        cmocka_unit_test(test_limit_command_lines), cmocka_unit_test(test_limit_read_tree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
