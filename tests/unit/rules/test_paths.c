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

static const struct {
	size_t rule;
	const char *path;
	int applies;
} cases[] = {
        {0, "x.py", 1},        {0, "a/b/x.py", 1},
        {0, "a/x.pyc", 0},     {1, "src/x.c", 1},
        {1, "tests/x.c", 0},   {1, "pkg/tests/deep/x.c", 0},
        {1, "pkg/tests.c", 1}, {1, "pkg/mytests/x.c", 1},
        {1, "gen_a.c", 0},     {1, "src/gen_a.c", 0},
        {1, "src/gen_a.h", 1}, {2, "src/x.c", 1},
        {2, "src/a/b/x.c", 1}, {2, "lib/src/a/x.c", 1}, /* at any depth */
        {2, "lib/x.c", 0},     {2, "d/axb", 1},
        {2, "a/x/b", 0}, /* '*' stays within a directory */
};

static void paths_include_and_exclude(void **state)
{
	struct tg_ruleset *rs = tg_ruleset_new();
	size_t i;

	(void)state;
	assert_int_equal(tg_rules_add_pack(rs, "paths.yaml", pack, sizeof(pack) - 1), TG_OK);
	assert_int_equal(tg_rules_problems(rs)->nr, 0);
	assert_int_equal(tg_rules_count(rs), 3);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = tg_rules_applies(rs, cases[i].rule, NULL, cases[i].path);

		if (got != cases[i].applies)
			print_error("rule %zu on %s: %d\n", cases[i].rule, cases[i].path, got);
		assert_int_equal(got, cases[i].applies);
	}
	tg_ruleset_free(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(paths_include_and_exclude),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
