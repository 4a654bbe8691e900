#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "backlog/suppress.h"

#include <stdlib.h>
#include <string.h>

static void test_inline(void **state)
{
	const char *src = "int a;\n"
	                  "// terragon:ignore[complex-function, long-function]\n"
	                  "int f(void) {\n"
	                  "  eval(x); // terragon:ignore\n"
	                  "}\n"
	                  "x = 1\n";
	const unsigned char *d = (const unsigned char *)src;
	size_t n = strlen(src);

	assert_true(tg_suppress_inline(d, n, 3, "complex-function"));
	assert_true(tg_suppress_inline(d, n, 3, "long-function"));
	assert_false(tg_suppress_inline(d, n, 3, "complex")); /* whole ids only */
	assert_false(tg_suppress_inline(d, n, 3, "eval-call"));
	assert_true(tg_suppress_inline(d, n, 4, "anything"));
	assert_true(tg_suppress_inline(d, n, 5, "anything")); /* line above */
	assert_false(tg_suppress_inline(d, n, 6, "anything"));
	assert_false(tg_suppress_inline(d, n, 99, "anything"));
}

static void test_rules_and_expiry(void **state)
{
	struct tg_suppress_rule rules[] = {
	        {NULL, "todo-marker", NULL, "tracked elsewhere", 1000},
	        {NULL, NULL, "vendor/**", "third party", 0},
	        {"abcdef", NULL, NULL, "accepted risk", 0},
	};
	struct tg_item it;

	tg_item_init(&it);
	it.rule_id = "todo-marker";
	it.path = "src/x.c";
	memcpy(it.fingerprint, "0123456789abcdef", 17);
	assert_int_equal(tg_suppress_match(rules, 3, &it, 999), 0);
	assert_int_equal(it.status, TG_STATUS_SUPPRESSED);
	it.status = TG_STATUS_OPEN;
	assert_int_equal(tg_suppress_match(rules, 3, &it, 1000), -1); /* expired */
	it.path = "vendor/lib/y.c";
	assert_int_equal(tg_suppress_match(rules, 3, &it, 1000), 1);
	it.path = "src/z.c";
	memcpy(it.fingerprint, "abcdef0000000000", 17);
	assert_int_equal(tg_suppress_match(rules, 3, &it, 1000), 2);
}

/*
 * A path rule matches the item's whole path relative to the repository root
 * with git's wildmatch: '*' stays within a directory, "**" spans them. The
 * old matcher also let "a**b" span directories, as git does not.
 */
static int suppressed_by_path(const char *glob, char *path)
{
	struct tg_suppress_rule rule = {NULL, NULL, glob, "reason", 0};
	struct tg_item it;

	tg_item_init(&it);
	it.path = path;
	memcpy(it.fingerprint, "0123456789abcdef", 17);
	return tg_suppress_match(&rule, 1, &it, 1000) == 0 && it.status == TG_STATUS_SUPPRESSED;
}

static void test_path_glob(void **state)
{
	assert_true(suppressed_by_path("**/*.min.js", "a/b/c.min.js"));
	assert_true(suppressed_by_path("**/*.min.js", "c.min.js"));
	assert_true(suppressed_by_path("src/**/gen_*.c", "src/x/y/gen_a.c"));
	assert_true(suppressed_by_path("src/**/gen_*.c", "src/gen_a.c"));
	assert_false(suppressed_by_path("src/**/gen_*.c", "lib/x/gen_a.c"));
	assert_true(suppressed_by_path("*.c", "a.c"));
	assert_false(suppressed_by_path("*.c", "d/a.c"));
	assert_false(suppressed_by_path("a**b", "a/x/b"));
	assert_true(suppressed_by_path("a**b", "axyb"));
	assert_false(suppressed_by_path("a/**/a/b", "a/b"));
	assert_true(suppressed_by_path("a/**/a/b", "a/a/b"));
}

/* Which tool's comment suppresses a finding of `category` at line 1 of text (NULL: none). */
static const char *by(const char *text, const char *rule, const char *category, int line)
{
	const unsigned char *d = (const unsigned char *)text;

	assert_true(tg_suppress_marked(d, strlen(text)));
	return tg_suppress_inline_by(d, strlen(text), line, rule, category);
}

static void test_other_tools_security(void **state)
{
	(void)state;
	assert_string_equal(by("subprocess.call(x, shell=True)  # nosec\n", "r", "security", 1),
	                    "nosec (bandit, gosec)");
	assert_string_equal(by("assert x  # nosec B101\n", "r", "security", 1),
	                    "nosec (bandit, gosec)");
	assert_string_equal(by("h := md5.New() //nosec G401\n", "r", "security", 1),
	                    "nosec (bandit, gosec)");
	assert_string_equal(by("h := md5.New() // #nosec G401\n", "r", "ai-ml", 1),
	                    "nosec (bandit, gosec)");
	assert_string_equal(by("pw = 'hunter22'  # nosec\n", "r", "secret", 1),
	                    "nosec (bandit, gosec)");
	/* nosec is a security tool's: not a complexity item, not outside a comment, not a part */
	assert_null(by("def f():  # nosec\n", "r", "complexity", 1));
	assert_null(by("nosec = eval(x)\n", "r", "security", 1));
	assert_null(by("eval(x)  # nosecurity\n", "r", "security", 1));
	/* the line only, not the next one */
	assert_null(by("# nosec\neval(x)\n", "r", "security", 2));

	assert_string_equal(by("eval(x)  # noqa\n", "r", "security", 1),
	                    "noqa (ruff, flake8-bandit)");
	assert_string_equal(by("eval(x)  # noqa: E501, S307\n", "r", "security", 1),
	                    "noqa (ruff, flake8-bandit)");
	assert_string_equal(by("PASSWORD = 'x1y2z3'  # NOQA:S105\n", "r", "secret", 1),
	                    "noqa (ruff, flake8-bandit)");
	assert_null(by("eval(x)  # noqa: E501\n", "r", "security", 1));
	assert_null(by("import os  # noqa: F401\n", "r", "complexity", 1));

	assert_string_equal(by("el.innerHTML = x; // eslint-disable-line no-unsanitized/property\n",
	                       "r", "security", 1),
	                    "eslint-disable-line (eslint)");
	assert_string_equal(
	        by("// eslint-disable-next-line security/detect-eval-with-expression\neval(x);\n",
	           "r", "security", 2),
	        "eslint-disable-next-line (eslint)");
	assert_null(by("eval(x); // eslint-disable-line no-console\n", "r", "security", 1));
	assert_null(by("eval(x); // eslint-disable-line\n", "r", "security", 1));
}

static void test_other_tools_secrets_complexity_workflows(void **state)
{
	(void)state;
	assert_string_equal(by("key = \"AKIA...\" # gitleaks:allow\n", "r", "secret", 1),
	                    "gitleaks:allow (gitleaks)");
	/* gitleaks audits secrets only */
	assert_null(by("eval(x) # gitleaks:allow\n", "r", "security", 1));
	assert_string_equal(by("token = 'abc'  # pragma: allowlist secret\n", "r", "secret", 1),
	                    "pragma: allowlist secret (detect-secrets)");
	assert_string_equal(
	        by("# pragma: allowlist nextline secret\ntoken = 'abc'\n", "r", "secret", 2),
	        "pragma: allowlist nextline secret (detect-secrets)");

	/* clang-tidy: bare NOLINT covers security and complexity; a list only what it names */
	assert_string_equal(by("int f(int a) { // NOLINT\n", "complex-function", "complexity", 1),
	                    "NOLINT (clang-tidy)");
	assert_string_equal(
	        by("int f(int a) { // NOLINT(readability-function-cognitive-complexity)\n",
	           "complex-function", "complexity", 1),
	        "NOLINT (clang-tidy)");
	assert_null(by("int f(int a) { // NOLINT(readability-function-cognitive-complexity)\n", "r",
	               "security", 1));
	assert_string_equal(by("strcpy(a, b); // NOLINT(cert-*)\n", "r", "security", 1),
	                    "NOLINT (clang-tidy)");
	assert_null(by("long x; // NOLINT(runtime/int)\n", "r", "complexity", 1));
	assert_null(by("char *k = \"secret\"; // NOLINT\n", "r", "secret", 1));
	assert_string_equal(by("// NOLINTNEXTLINE\nint f(int a) {\n", "r", "complexity", 2),
	                    "NOLINTNEXTLINE (clang-tidy)");
	assert_null(by("// NOLINTNEXTLINE\nint f(int a) {\n", "r", "complexity", 1));

	/* zizmor: the audit it names, mapped to our workflow rule */
	assert_string_equal(
	        by("      - uses: actions/checkout@v4 # zizmor: ignore[unpinned-uses]\n",
	           "workflow-unpinned-action", "compliance", 1),
	        "zizmor: ignore (zizmor)");
	assert_null(by("      - uses: actions/checkout@v4 # zizmor: ignore[template-injection]\n",
	               "workflow-unpinned-action", "compliance", 1));
	assert_null(by("      - uses: actions/checkout@v4 # nosec\n", "workflow-unpinned-action",
	               "compliance", 1));

	/* terragon's own comment covers every category, this line or the one above */
	assert_string_equal(by("x = 1 # terragon:ignore\n", "r", "debt", 1), TG_SUPPRESS_OURS);
}

static void test_mark_names_the_tool(void **state)
{
	struct tg_item it;

	(void)state;
	tg_item_init(&it);
	it.message = strdup("eval() of a variable");
	tg_suppress_mark(&it, "nosec (bandit, gosec)");
	assert_int_equal(it.status, TG_STATUS_SUPPRESSED);
	assert_string_equal(it.message,
	                    "eval() of a variable [suppressed by nosec (bandit, gosec)]");
	it.status = TG_STATUS_OPEN;
	tg_suppress_mark(&it, TG_SUPPRESS_OURS);
	assert_int_equal(it.status, TG_STATUS_SUPPRESSED);
	assert_string_equal(it.message,
	                    "eval() of a variable [suppressed by nosec (bandit, gosec)]");
	tg_item_release(&it);
	assert_false(tg_suppress_marked((const unsigned char *)"int x;\n", 7));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_inline),
	        cmocka_unit_test(test_rules_and_expiry),
	        cmocka_unit_test(test_path_glob),
	        cmocka_unit_test(test_other_tools_security),
	        cmocka_unit_test(test_other_tools_secrets_complexity_workflows),
	        cmocka_unit_test(test_mark_names_the_tool),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
