/*
 * A rule's paths.include/exclude, as Semgrep reads them: a glob matches at
 * any depth, as if it began with "**" and '/', and a glob ending in '/'
 * matches everything under a directory of that name. The glob itself is
 * util/wildmatch's, git's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "rules/rules.h"
#include "util/error.h"

static const char pack[] = "rules:\n"
                           "  - id: only-python\n"
                           "    message: m\n"
                           "    severity: WARNING\n"
                           "    languages: [generic]\n"
                           "    pattern-regex: 'x'\n"
                           "    paths:\n"
                           "      include: ['*.py']\n"
                           "  - id: not-in-tests\n"
                           "    message: m\n"
                           "    severity: WARNING\n"
                           "    languages: [generic]\n"
                           "    pattern-regex: 'x'\n"
                           "    paths:\n"
                           "      exclude: ['tests/', 'gen_*.c']\n"
                           "  - id: under-src\n"
                           "    message: m\n"
                           "    severity: WARNING\n"
                           "    languages: [generic]\n"
                           "    pattern-regex: 'x'\n"
                           "    paths:\n"
                           "      include: ['src/**/*.c', 'a**b']\n";

static struct tg_ruleset *load(void)
{
	struct tg_ruleset *rs = tg_ruleset_new();

	assert_int_equal(tg_rules_add_pack(rs, "paths.yaml", pack, sizeof(pack) - 1), TG_OK);
	assert_int_equal(tg_rules_problems(rs)->nr, 0);
	assert_int_equal(tg_rules_count(rs), 3);
	return rs;
}

static void include_matches_at_any_depth(void **state)
{
	struct tg_ruleset *rs = load();

	(void)state;
	assert_true(tg_rules_applies(rs, 0, NULL, "x.py"));
	assert_true(tg_rules_applies(rs, 0, NULL, "a/b/x.py"));
	assert_false(tg_rules_applies(rs, 0, NULL, "a/x.pyc"));
	assert_true(tg_rules_applies(rs, 2, NULL, "src/x.c"));
	assert_true(tg_rules_applies(rs, 2, NULL, "src/a/b/x.c"));
	assert_true(tg_rules_applies(rs, 2, NULL, "lib/src/a/x.c")); /* at any depth */
	assert_false(tg_rules_applies(rs, 2, NULL, "lib/x.c"));
	assert_true(tg_rules_applies(rs, 2, NULL, "d/axb"));
	assert_false(tg_rules_applies(rs, 2, NULL, "a/x/b")); /* '*' stays within a directory */
	tg_ruleset_free(rs);
}

static void exclude_directory_and_base_name(void **state)
{
	struct tg_ruleset *rs = load();

	(void)state;
	assert_true(tg_rules_applies(rs, 1, NULL, "src/x.c"));
	assert_false(tg_rules_applies(rs, 1, NULL, "tests/x.c"));
	assert_false(tg_rules_applies(rs, 1, NULL, "pkg/tests/deep/x.c"));
	assert_true(tg_rules_applies(rs, 1, NULL, "pkg/tests.c"));
	assert_true(tg_rules_applies(rs, 1, NULL, "pkg/mytests/x.c"));
	assert_false(tg_rules_applies(rs, 1, NULL, "gen_a.c"));
	assert_false(tg_rules_applies(rs, 1, NULL, "src/gen_a.c"));
	assert_true(tg_rules_applies(rs, 1, NULL, "src/gen_a.h"));
	tg_ruleset_free(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(include_matches_at_any_depth),
	        cmocka_unit_test(exclude_directory_and_base_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
