/* A rule's fix-regex and its examples.fix: `rules test` checks that each
 * `before` is found, the fix turns it into `after`, and `after` is not found. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "rules/rules.h"
#include "util/error.h"

static const char pack[] =
        "rules:\n"
        "  - id: t.verify\n"
        "    message: m\n"
        "    severity: WARNING\n"
        "    languages: [python]\n"
        "    pattern-regex: '\\bverify\\s*=\\s*False\\b'\n"
        "    examples:\n"
        "      match: ['x(verify=False)']\n"
        "      no_match: ['x(verify=True)']\n"
        "      fix:\n"
        "        - {before: 'x(verify=False)', after: 'x(verify=True)'}\n"
        "        - {before: 'x(verify=False)', after: 'x(verify=Nope)'}\n"
        "        - {before: 'x(y)', after: 'x(y)'}\n"
        "        - {before: 'a(verify=False); b(verify = False)', after: 'a(verify=True); b(verify "
        "= False)'}\n"
        "    fix-regex: {regex: '\\bverify=False\\b', replacement: 'verify=True'}\n"
        "  - id: t.nofix\n"
        "    message: m\n"
        "    severity: WARNING\n"
        "    languages: [python]\n"
        "    pattern-regex: 'foo'\n"
        "    examples: {match: ['foo'], no_match: ['bar']}\n"
        "    fix-regex: {regex: 'foo', replacement: 'bar'}\n";

static int has(const struct tg_strlist *l, const char *needle)
{
	for (size_t i = 0; i < l->nr; i++)
		if (strstr(l->v[i], needle))
			return 1;
	return 0;
}

static void fix_examples_are_checked(void **state)
{
	struct tg_ruleset *rs = tg_ruleset_new();
	struct tg_strlist failures = TG_STRLIST_INIT;
	size_t examples = 0;

	(void)state;
	assert_int_equal(tg_rules_add_pack(rs, "t.yaml", pack, strlen(pack)), TG_OK);
	tg_rules_set_cache_dir(rs, NULL);
	assert_int_equal(tg_rules_compile(rs), TG_OK);
	assert_int_equal(tg_rules_problems(rs)->nr, 0);
	assert_int_equal(tg_rules_test_examples(rs, &failures, &examples), TG_OK);
	for (size_t i = 0; i < failures.nr; i++)
		printf("%s\n", failures.v[i]);
	assert_int_equal(examples, 1 + 1 + 4 + 2);
	assert_int_equal(failures.nr, 4);
	assert_false(has(&failures, "fix example 1"));
	assert_true(has(&failures, "fix example 2: the fix gives 'x(verify=True)', not"));
	assert_true(has(&failures, "fix example 3: before did not match"));
	assert_true(has(&failures, "fix example 4: after still matches"));
	assert_true(has(&failures, "rule t.nofix: a fix-regex needs at least one fix example"));
	tg_strlist_clear(&failures);
	tg_ruleset_free(rs);
}

static void a_bad_fix_example_is_a_problem(void **state)
{
	static const char bad[] =
	        "rules:\n"
	        "  - id: t.bad\n"
	        "    message: m\n"
	        "    severity: WARNING\n"
	        "    pattern-regex: 'foo'\n"
	        "    examples: {match: ['foo'], no_match: ['bar'], fix: [{before: "
	        "'foo'}, 'x', {before: a, after: b, other: c}]}\n";
	struct tg_ruleset *rs = tg_ruleset_new();

	(void)state;
	tg_rules_add_pack(rs, "bad.yaml", bad, strlen(bad));
	assert_int_equal(tg_rules_problems(rs)->nr, 3);
	assert_true(has(tg_rules_problems(rs), "a fix example needs before and after"));
	assert_true(has(tg_rules_problems(rs), "expected {before, after}"));
	assert_true(has(tg_rules_problems(rs), "unknown field 'other'"));
	tg_ruleset_free(rs);
}

static void fix_apply(void **state)
{
	struct tg_buf out = TG_BUF_INIT;

	(void)state;
	assert_int_equal(tg_rules_fix_apply("\\byaml\\.(load|load_all)\\s*\\((?![^\\n]*Loader)",
	                                    "yaml.safe_$1(", 0, "a = yaml.load_all(f)\n", 21, &out),
	                 1);
	assert_string_equal(out.buf, "a = yaml.safe_load_all(f)\n");
	tg_buf_reset(&out);
	assert_int_equal(tg_rules_fix_apply("o", "0", 1, "foo", 3, &out), 1);
	assert_string_equal(out.buf, "f0o");
	tg_buf_reset(&out);
	assert_int_equal(tg_rules_fix_apply("o", "0", 0, "foo", 3, &out), 2);
	assert_string_equal(out.buf, "f00");
	tg_buf_reset(&out);
	assert_true(tg_rules_fix_apply("(", "x", 0, "foo", 3, &out) < 0);
	assert_non_null(strstr(tg_error_message(), "does not compile"));
	assert_true(tg_rules_fix_apply("(o)", "$2", 0, "foo", 3, &out) < 0);
	assert_non_null(strstr(tg_error_message(), "fix-regex failed"));
	tg_buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(fix_examples_are_checked),
	        cmocka_unit_test(a_bad_fix_example_is_a_problem),
	        cmocka_unit_test(fix_apply),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
