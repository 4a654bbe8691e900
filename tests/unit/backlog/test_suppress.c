#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "backlog/suppress.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_inline),
	        cmocka_unit_test(test_rules_and_expiry),
	        cmocka_unit_test(test_path_glob),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
