#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "backlog/backlog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void add(struct tg_backlog *b, const char *rule, double composite, int n)
{
	struct tg_item it;

	tg_item_init(&it);
	snprintf(it.fingerprint, sizeof(it.fingerprint), "%016x", (unsigned)(b->nr + 1));
	it.rule_id = strdup(rule);
	it.scores.composite = composite;
	it.scores.base = composite;
	it.severity = TG_SEV_MEDIUM; /* work to act on: the watch list is test_backlog_tier's */
	(void)n;
	tg_backlog_add(b, &it);
}

static int count_in(const struct tg_backlog *b, size_t from, size_t to, const char *rule)
{
	int n = 0;

	for (size_t i = from; i < to && i < b->nr; i++)
		n += !strcmp(b->items[i].rule_id, rule);
	return n;
}

static void test_order_one_rule_holds_at_most_three_of_any_ten_at_the_top(void **state)
{
	struct tg_backlog b;

	(void)state;
	tg_backlog_init(&b);
	for (int i = 0; i < 40; i++)
		add(&b, "complex-function", 70 - i * 0.01, i);
	for (int i = 0; i < 20; i++) {
		char rule[16];
		snprintf(rule, sizeof(rule), "rule-%d", i / 2);
		add(&b, rule, 50 - i, i);
	}
	tg_backlog_sort(&b);
	/* 20 items of ten other rules: the first 20 places hold 3 of any 10 */
	for (size_t at = 0; at + 10 <= 20; at++)
		assert_true(count_in(&b, at, at + 10, "complex-function") <= 3);
	assert_int_equal(count_in(&b, 0, 10, "complex-function"), 3);
	/* then the crowded rule fills in, and below the top 50 the score decides */
	assert_int_equal(count_in(&b, 0, b.nr, "complex-function"), 40);
	/* the best item stays first; within a rule the score's order holds */
	assert_true(b.items[0].scores.composite == 70);
	for (size_t i = 1, last = 0; i < b.nr; i++)
		if (!strcmp(b.items[i].rule_id, "complex-function")) {
			assert_true(b.items[i].scores.composite <= b.items[last].scores.composite);
			last = i;
		}
	/* found by fingerprint after the move */
	int st;
	assert_non_null(tg_backlog_find(&b, b.items[7].fingerprint, &st));
	tg_backlog_release(&b);
}

static void test_order_only_one_rule_keeps_score_order(void **state)
{
	struct tg_backlog b;

	(void)state;
	tg_backlog_init(&b);
	for (int i = 0; i < 20; i++)
		add(&b, "hotspot", i, i);
	tg_backlog_sort(&b);
	for (size_t i = 0; i < b.nr; i++)
		assert_true(b.items[i].scores.composite == 19 - (double)i);
	tg_backlog_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_order_one_rule_holds_at_most_three_of_any_ten_at_the_top),
	        cmocka_unit_test(test_order_only_one_rule_keeps_score_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
