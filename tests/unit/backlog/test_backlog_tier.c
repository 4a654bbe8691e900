#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "backlog/backlog.h"
#include "backlog/tier.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct tg_item *add(struct tg_backlog *b, const char *rule, enum tg_severity sev,
                           double composite)
{
	struct tg_item it;

	tg_item_init(&it);
	snprintf(it.fingerprint, sizeof(it.fingerprint), "%016x", (unsigned)(b->nr + 1));
	it.rule_id = strdup(rule);
	it.source = strdup("scanner");
	it.severity = sev;
	it.scores.composite = composite;
	it.scores.base = composite;
	tg_backlog_add(b, &it);
	return &b->items[b->nr - 1];
}

static void test_tier_work_is_code_above_low_severity(void **state)
{
	struct tg_item it;

	(void)state;
	tg_item_init(&it);
	it.rule_id = strdup("complex-function");
	it.severity = TG_SEV_HIGH;
	assert_int_equal(tg_item_tier(&it), TG_TIER_ACT);
	assert_null(tg_item_watch_reason(&it));
	it.severity = TG_SEV_LOW;
	assert_int_equal(tg_item_tier(&it), TG_TIER_WATCH);
	assert_string_equal(tg_item_watch_reason(&it), "low severity");
	it.severity = TG_SEV_CRITICAL;
	it.context = TG_CONTEXT_TEST;
	assert_string_equal(tg_item_watch_reason(&it), "in test code");
	it.context = TG_CONTEXT_DOCS;
	assert_string_equal(tg_item_watch_reason(&it), "in documentation");
	tg_item_release(&it);
}

/* A low compliance finding is hygiene unless a configured framework's control made it an
 * audit requirement (score.c's boost): then an auditor asks for it, and it is work. */
static void test_tier_low_audit_requirement_is_work_low_hygiene_is_not(void **state)
{
	struct tg_item it;

	(void)state;
	tg_item_init(&it);
	it.rule_id = strdup("security-policy-missing");
	it.category = strdup("compliance");
	it.controls = strdup("CIS:16.2");
	it.severity = TG_SEV_LOW;
	it.scores.boost = 1; /* CIS not among compliance.frameworks */
	assert_int_equal(tg_item_tier(&it), TG_TIER_WATCH);
	assert_string_equal(tg_item_watch_reason(&it), "low severity");
	it.scores.boost = 1.8;
	assert_int_equal(tg_item_tier(&it), TG_TIER_ACT);
	it.context = TG_CONTEXT_TEST; /* outside code it is no requirement of the product */
	assert_int_equal(tg_item_tier(&it), TG_TIER_WATCH);
	free(it.category);
	it.category = strdup("complexity"); /* a boost of another kind does not count */
	it.context = TG_CONTEXT_CODE;
	assert_int_equal(tg_item_tier(&it), TG_TIER_WATCH);
	tg_item_release(&it);
}

static void test_tier_ownership_and_length_alone_are_watched(void **state)
{
	static const char *const watched[] = {"history/knowledge-risk", "history/bus-factor",
	                                      "long-function", "large-file"};
	struct tg_item it;

	(void)state;
	for (size_t i = 0; i < sizeof(watched) / sizeof(*watched); i++) {
		tg_item_init(&it);
		it.rule_id = strdup(watched[i]);
		it.severity = TG_SEV_HIGH;
		assert_int_equal(tg_item_tier(&it), TG_TIER_WATCH);
		tg_item_release(&it);
	}
}

static void test_tier_markers_are_watched_other_debt_is_not(void **state)
{
	struct tg_item it;

	(void)state;
	tg_item_init(&it);
	it.rule_id = strdup("fixme-marker");
	it.category = strdup("debt");
	it.severity = TG_SEV_MEDIUM;
	assert_int_equal(tg_item_tier(&it), TG_TIER_WATCH);
	free(it.rule_id);
	it.rule_id = strdup("debt-growth-forecast");
	assert_int_equal(tg_item_tier(&it), TG_TIER_ACT);
	tg_item_release(&it);
}

static void test_tier_low_confidence_rule_pattern_is_watched_high_is_not(void **state)
{
	struct tg_item it;

	(void)state;
	tg_item_init(&it);
	it.rule_id = strdup("crypto.weak-hash");
	it.source = strdup("rules");
	it.severity = TG_SEV_MEDIUM;
	it.inputs.confidence = 4; /* the pack's LOW */
	assert_int_equal(tg_item_tier(&it), TG_TIER_WATCH);
	it.inputs.confidence = 9; /* HIGH */
	assert_int_equal(tg_item_tier(&it), TG_TIER_ACT);
	/* another source's low confidence is its own affair */
	free(it.source);
	it.source = strdup("sarif");
	it.inputs.confidence = 4;
	assert_int_equal(tg_item_tier(&it), TG_TIER_ACT);
	tg_item_release(&it);
}

static void test_order_puts_every_work_item_before_the_watch_list(void **state)
{
	struct tg_backlog b;
	size_t i, first_watch;

	(void)state;
	tg_backlog_init(&b);
	add(&b, "long-function", TG_SEV_MEDIUM, 90); /* best score, but length alone */
	add(&b, "todo-marker", TG_SEV_LOW, 80);
	add(&b, "complex-function", TG_SEV_HIGH, 60);
	add(&b, "hotspot", TG_SEV_MEDIUM, 40);
	add(&b, "secrets.private-key", TG_SEV_CRITICAL, 95)->context = TG_CONTEXT_TEST;
	add(&b, "injection.sql", TG_SEV_HIGH, 50);
	tg_backlog_sort(&b);
	for (first_watch = 0; first_watch < b.nr; first_watch++)
		if (tg_item_tier(&b.items[first_watch]) == TG_TIER_WATCH)
			break;
	assert_int_equal(first_watch, 3);
	for (i = first_watch; i < b.nr; i++)
		assert_int_equal(tg_item_tier(&b.items[i]), TG_TIER_WATCH);
	/* each tier keeps the score's order */
	assert_string_equal(b.items[0].rule_id, "complex-function");
	assert_string_equal(b.items[1].rule_id, "injection.sql");
	assert_string_equal(b.items[2].rule_id, "hotspot");
	assert_string_equal(b.items[3].rule_id, "secrets.private-key");
	assert_string_equal(b.items[4].rule_id, "long-function");
	assert_string_equal(b.items[5].rule_id, "todo-marker");
	tg_backlog_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_tier_work_is_code_above_low_severity),
	        cmocka_unit_test(test_tier_low_audit_requirement_is_work_low_hygiene_is_not),
	        cmocka_unit_test(test_tier_ownership_and_length_alone_are_watched),
	        cmocka_unit_test(test_tier_markers_are_watched_other_debt_is_not),
	        cmocka_unit_test(test_tier_low_confidence_rule_pattern_is_watched_high_is_not),
	        cmocka_unit_test(test_order_puts_every_work_item_before_the_watch_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
