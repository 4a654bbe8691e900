/* The built-in packs: they load without problems, compile, and every rule's
 * examples behave (match / no_match), as `terragon rules test` checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "rules/rules.h"
#include "util/error.h"

static void builtin_packs_load_and_pass_their_examples(void **state)
{
	struct tg_ruleset *rs = NULL;
	struct tg_strlist failures = TG_STRLIST_INIT;
	size_t examples = 0, i;

	(void)state;
	assert_int_equal(tg_rules_load(&rs, NULL, NULL, NULL), TG_OK);
	tg_rules_set_cache_dir(rs, NULL);
	assert_int_equal(tg_rules_compile(rs), TG_OK);
	for (i = 0; i < tg_rules_problems(rs)->nr; i++)
		printf("problem: %s\n", tg_rules_problems(rs)->v[i]);
	assert_int_equal(tg_rules_problems(rs)->nr, 0);
	assert_int_equal(tg_rules_test_examples(rs, &failures, &examples), TG_OK);
	for (i = 0; i < failures.nr; i++)
		printf("%s\n", failures.v[i]);
	assert_int_equal(failures.nr, 0);
	assert_true(examples >= 2 * tg_rules_count(rs));
	tg_strlist_clear(&failures);
	tg_ruleset_free(rs);
}

static void at_least_thirty_secret_kinds(void **state)
{
	struct tg_ruleset *rs = NULL;
	size_t i, secrets = 0;
	int cats[4] = {0};

	(void)state;
	assert_int_equal(tg_rules_load(&rs, NULL, NULL, NULL), TG_OK);
	for (i = 0; i < tg_rules_count(rs); i++) {
		struct tg_rule_info r;
		tg_rules_info(rs, i, &r);
		secrets += !strcmp(r.category, "secret");
		cats[0] |= !strcmp(r.category, "security");
		cats[1] |= !strcmp(r.category, "ai-ml");
		cats[2] |= !strcmp(r.category, "compliance");
		cats[3] |= r.cwe != NULL;
	}
	assert_true(secrets >= 30);
	assert_true(cats[0] && cats[1] && cats[2] && cats[3]);
	tg_ruleset_free(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(builtin_packs_load_and_pass_their_examples),
	        cmocka_unit_test(at_least_thirty_secret_kinds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
