#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "backlog/score.h"
#include "util/alloc.h"
#include "util/error.h"

#include <stdlib.h>

#include <math.h>
#include <string.h>

/* The worked example of the scoring reference, item A: WSJF 16/5, ICE 336, debt 600. */
static void test_worked_example(void **state)
{
	struct tg_score_model m;
	struct tg_item it;

	tg_score_model_default(&m);
	tg_item_init(&it);
	it.category = tg_strdup("complexity");
	it.severity = TG_SEV_MEDIUM;
	it.inputs = (struct tg_item_inputs){8, 5, 3, 7, 6, 8};
	it.job_size = 5;
	it.remediation_minutes = 600;
	tg_score_item(&m, &it, -1, NULL);
	assert_true(fabs(it.scores.wsjf - 3.2) < 1e-9);
	assert_true(fabs(it.scores.ice - 336) < 1e-9);
	assert_true(fabs(it.scores.debt - 600) < 1e-9);
	/* 0.5 x 51.08 + 0.1 x 84.22 + 0.3 x 84.17 + 0.1 x 50 */
	assert_true(fabs(it.scores.base - 64.21) < 0.05);
	assert_true(it.scores.boost == 1.0);
	tg_item_release(&it);
}

static void test_boosts_do_not_multiply(void **state)
{
	struct tg_score_model m;
	struct tg_item it;

	tg_score_model_default(&m);
	tg_item_init(&it);
	it.category = tg_strdup("secret");
	it.severity = TG_SEV_CRITICAL;
	tg_score_defaults(&m, &it);
	tg_score_item(&m, &it, -1, NULL);
	assert_true(it.scores.boost == 2.0);
	assert_true(fabs(it.scores.composite - 2 * it.scores.base) < 1e-9);
	free(it.category);
	it.category = tg_strdup("compliance");
	tg_score_item(&m, &it, -1, NULL);
	assert_true(it.scores.boost == 1.8);
	tg_item_release(&it);
}

static void test_interest_and_focus(void **state)
{
	struct tg_score_model m;
	struct tg_item a, b;
	struct tg_buf steps = TG_BUF_INIT;

	tg_score_model_default(&m);
	tg_item_init(&a);
	a.category = tg_strdup("complexity");
	tg_score_defaults(&m, &a);
	tg_item_copy(&b, &a);
	tg_score_item(&m, &a, -1, NULL);
	tg_score_item(&m, &b, 8, &steps); /* 8 revisions a month: interest 2 */
	assert_true(fabs(b.scores.debt - 3 * a.scores.debt) < 1e-9);
	assert_true(b.scores.base > a.scores.base);
	assert_non_null(strstr(steps.buf, "composite = base"));
	tg_item_release(&a);
	tg_item_release(&b);
	tg_item_init(&a);
	a.category = tg_strdup("security");
	tg_score_defaults(&m, &a);
	m.focus = TG_FOCUS_SECURITY;
	tg_item_init(&b);
	b.category = tg_strdup("security");
	tg_score_defaults(&m, &b);
	assert_true(b.inputs.business_value > a.inputs.business_value);
	tg_item_release(&a);
	tg_item_release(&b);
	tg_buf_release(&steps);
}

static void test_fibonacci(void **state)
{
	assert_int_equal(tg_fibonacci_ceil(4), 5);
	assert_int_equal(tg_fibonacci_ceil(13), 13);
	assert_int_equal(tg_fibonacci_ceil(100), 20);
	assert_int_equal(tg_fibonacci_ceil(0), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_worked_example),
	        cmocka_unit_test(test_boosts_do_not_multiply),
	        cmocka_unit_test(test_interest_and_focus),
	        cmocka_unit_test(test_fibonacci),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
