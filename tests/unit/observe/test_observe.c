#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "observe/export.h"
#include "observe/observe.h"
#include "observe/slo.h"
#include "util/alloc.h"
#include "util/buf.h"

#include "testlib.h"

#include <stdlib.h>
#include <string.h>

#define DAY 86400

static void test_push_url_names_the_job_and_the_instance(void **state)
{
	struct tg_buf b = TG_BUF_INIT;

	tg_observe_push_url(&b, "http://pg:9091///", "widgets");
	assert_string_equal(b.buf, "http://pg:9091/metrics/job/terragon/instance/widgets");
	tg_buf_reset(&b);
	/* RFC 4648 base64url, as the Pushgateway decodes it, for "/", spaces and "" */
	tg_observe_push_url(&b, "http://pg", "a/b?");
	assert_string_equal(b.buf, "http://pg/metrics/job/terragon/instance@base64/YS9iPw==");
	tg_buf_reset(&b);
	tg_observe_push_url(&b, "http://pg", "\xfb\xff");
	assert_string_equal(b.buf, "http://pg/metrics/job/terragon/instance@base64/-_8=");
	tg_buf_reset(&b);
	tg_observe_push_url(&b, "http://pg", "");
	assert_string_equal(b.buf, "http://pg/metrics/job/terragon/instance@base64/=");
	tg_buf_release(&b);
}

static void test_label_values_are_escaped_and_utf8(void **state)
{
	struct tg_observe o;
	struct tg_buf b = TG_BUF_INIT;

	memset(&o, 0, sizeof(o));
	o.repository = tg_strdup("a\"b\\c\nd\xff");
	tg_observe_metrics(&b, &o, TG_EXPO_PROMETHEUS);
	assert_non_null(strstr(b.buf, "{repository=\"a\\\"b\\\\c\\nd\\\\xff\"}"));
	assert_null(strstr(b.buf, "# EOF"));
	tg_buf_reset(&b);
	tg_observe_metrics(&b, &o, TG_EXPO_OPENMETRICS);
	assert_non_null(strstr(b.buf, "le=\"14400.0\""));
	assert_non_null(strstr(b.buf, "le=\"+Inf\""));
	assert_string_equal(b.buf + b.len - 6, "# EOF\n");
	tg_buf_release(&b);
	free(o.repository);
}

static void test_histogram_buckets_hold_the_slo_thresholds(void **state)
{
	size_t i;
	int four_hours = 0, two_days = 0;

	for (i = 0; i < tg_obs_value_buckets_nr; i++)
		four_hours |= tg_obs_value_buckets[i] == 4 * 3600;
	for (i = 0; i < tg_obs_resolve_buckets_nr; i++)
		two_days |= tg_obs_resolve_buckets[i] == 2 * DAY;
	assert_true(four_hours && two_days);
}

/* One vulnerability episode opened at `opened` days before now; closed when given. */
static void one_vulnerability(struct tg_observe *o, struct tg_obs_episode *e, time_t now,
                              double opened_days, double closed_days, int end)
{
	memset(o, 0, sizeof(*o));
	memset(e, 0, sizeof(*e));
	o->now = now;
	o->episodes = e;
	o->episodes_nr = 1;
	e->category = 2; /* vulnerability */
	e->opened = now - (time_t)(opened_days * DAY);
	e->closed = closed_days >= 0 ? now - (time_t)(closed_days * DAY) : 0;
	e->end = (unsigned char)end;
}

static void test_an_open_vulnerability_misses_at_its_threshold(void **state)
{
	const struct tg_slo *slo = &tg_slo_defaults[2];
	struct tg_observe o;
	struct tg_obs_episode e;
	struct tg_slo_result r;
	time_t now = 1800000000;

	assert_int_equal(slo->sli, TG_SLI_VULNERABILITY_RESOLUTION);
	one_vulnerability(&o, &e, now, 1, -1, TG_OBS_OPEN); /* open 1 day: undecided */
	tg_slo_evaluate(&o, slo, &r);
	assert_int_equal(r.total, 0);
	assert_true(r.sli < 0 && !r.breached);
	one_vulnerability(&o, &e, now, 3, -1, TG_OBS_OPEN); /* open 3 days: a miss */
	tg_slo_evaluate(&o, slo, &r);
	assert_int_equal(r.total, 1);
	assert_int_equal(r.good, 0);
	assert_true(r.breached);
	/* the miss is dated at the 2-day mark: a day ago, in the 3-day burn window only */
	assert_true(r.burn[2] < 0 && r.burn[3] > 0);
	one_vulnerability(&o, &e, now, 3, 2, TG_OBS_RESOLVED); /* resolved in 1 day */
	tg_slo_evaluate(&o, slo, &r);
	assert_int_equal(r.good, 1);
	assert_false(r.breached);
	assert_true(r.exhausted_in < 0);                          /* no burn: never */
	one_vulnerability(&o, &e, now, 3, 2.5, TG_OBS_SET_ASIDE); /* suppressed in time */
	tg_slo_evaluate(&o, slo, &r);
	assert_int_equal(r.total, 0);
}

static void test_budget_and_exhaustion_follow_the_burn(void **state)
{
	struct tg_obs_execution x[20];
	struct tg_observe o;
	struct tg_slo_result r;
	time_t now = 1800000000;
	size_t i;

	memset(&o, 0, sizeof(o));
	memset(x, 0, sizeof(x));
	o.now = now;
	o.executions = x;
	o.executions_nr = 20;
	for (i = 0; i < 20; i++) { /* one failure in 20, all within the last half hour */
		x[i].started = x[i].finished = now - 60 * (time_t)i;
		x[i].outcome = i == 0 ? 2 : 0;
	}
	tg_slo_evaluate(&o, &tg_slo_defaults[0], &r);
	assert_int_equal(r.total, 20);
	assert_true(r.sli > 0.949 && r.sli < 0.951); /* exactly at 95%: not breached */
	assert_false(r.breached);
	assert_true(r.burn[0] > 0.99 && r.burn[0] < 1.01);
	assert_true(r.budget_left < 1e-9);
	x[1].outcome = 4; /* two in 20: burn 2, budget overspent */
	tg_slo_evaluate(&o, &tg_slo_defaults[0], &r);
	assert_true(r.breached);
	assert_true(r.budget_left < -0.99 && r.budget_left > -1.01);
	assert_true(r.exhausted_in == 0);
}

static void test_every_burn_alert_is_named_and_scaled(void **state)
{
	struct tg_buf b = TG_BUF_INIT, name = TG_BUF_INIT;
	size_t i;

	tg_export_alerts(&b);
	for (i = 0; i < tg_slo_defaults_nr; i++) {
		tg_buf_reset(&name);
		tg_export_alert_name(&name, &tg_slo_defaults[i], "page");
		assert_non_null(strstr(b.buf, name.buf));
	}
	assert_non_null(strstr(b.buf, "alert: TerragonAutonomousExecutionSuccessBudgetBurnSlow\n"));
	assert_non_null(strstr(b.buf, "> (14.4 * 0.05)"));
	assert_non_null(strstr(b.buf, "> (3.36 * 0.05)"));
	tg_buf_release(&b);
	tg_buf_release(&name);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_push_url_names_the_job_and_the_instance),
	        cmocka_unit_test(test_label_values_are_escaped_and_utf8),
	        cmocka_unit_test(test_histogram_buckets_hold_the_slo_thresholds),
	        cmocka_unit_test(test_an_open_vulnerability_misses_at_its_threshold),
	        cmocka_unit_test(test_budget_and_exhaustion_follow_the_burn),
	        cmocka_unit_test(test_every_burn_alert_is_named_and_scaled),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
