#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "observe/export.h"
#include "observe/observe.h"
#include "observe/slo.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

#include "testlib.h"

#include <stdlib.h>
#include <string.h>

#define DAY 86400

/* The configuration's default SLOs (the workflow guide's three); names point into cfg. */
static struct tg_config cfg;
static struct tg_slo defaults[TG_CONFIG_SLOS_MAX];
static size_t defaults_nr;

static int load_defaults(void **state)
{
	tg_config_init(&cfg);
	defaults_nr = tg_slo_from_config(&cfg, defaults);
	return defaults_nr == 3 ? 0 : -1;
}

static int release_defaults(void **state)
{
	tg_config_release(&cfg);
	return 0;
}

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
	const struct tg_slo *slo = &defaults[2];
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
	tg_slo_evaluate(&o, &defaults[0], &r);
	assert_int_equal(r.total, 20);
	assert_true(r.sli > 0.949 && r.sli < 0.951); /* exactly at 95%: not breached */
	assert_false(r.breached);
	assert_true(r.burn[0] > 0.99 && r.burn[0] < 1.01);
	assert_true(r.budget_left < 1e-9);
	x[1].outcome = 4; /* two in 20: burn 2, budget overspent */
	tg_slo_evaluate(&o, &defaults[0], &r);
	assert_true(r.breached);
	assert_true(r.budget_left < -0.99 && r.budget_left > -1.01);
	assert_true(r.exhausted_in == 0);
}

static void test_every_burn_alert_is_named_and_scaled(void **state)
{
	struct tg_buf b = TG_BUF_INIT, name = TG_BUF_INIT;
	size_t i;

	tg_export_alerts(&b, defaults, defaults_nr);
	for (i = 0; i < defaults_nr; i++) {
		tg_buf_reset(&name);
		tg_export_alert_name(&name, &defaults[i], "page");
		assert_non_null(strstr(b.buf, name.buf));
	}
	assert_non_null(strstr(b.buf, "alert: TerragonAutonomousExecutionSuccessBudgetBurnSlow\n"));
	assert_non_null(strstr(b.buf, "> (14.4 * 0.05)"));
	assert_non_null(strstr(b.buf, "> (3.36 * 0.05)"));
	tg_buf_release(&b);
	tg_buf_release(&name);
}

static void test_a_configured_slo_threshold_is_a_bucket_and_an_alert(void **state)
{
	struct tg_config c;
	struct tg_slo slos[TG_CONFIG_SLOS_MAX];
	struct tg_observe o;
	struct tg_buf b = TG_BUF_INIT;
	size_t nr;

	tg_config_init(&c);
	assert_int_equal(
	        tg_config_set(&c, "slos",
	                      "[{name: critical-fixed-fast, sli: vulnerability_resolution, "
	                      "objective: 99.5%, window: 2w, threshold: 90m}]",
	                      TG_ORIGIN_FLAG),
	        TG_OK);
	nr = tg_slo_from_config(&c, slos);
	assert_int_equal(nr, 1);
	assert_int_equal(slos[0].threshold, 5400);
	assert_int_equal(slos[0].window, 14 * DAY);
	assert_true(slos[0].objective > 0.99499 && slos[0].objective < 0.99501);
	memset(&o, 0, sizeof(o));
	o.repository = tg_strdup("r");
	o.slos = slos;
	o.slos_nr = nr;
	tg_observe_metrics(&b, &o, TG_EXPO_PROMETHEUS);
	assert_non_null(strstr(
	        b.buf,
	        "terragon_time_to_resolve_seconds_bucket{repository=\"r\",category=\"security\","
	        "le=\"5400\"} 0\n"));
	/* the fixed bounds stay, in order */
#define SEC "terragon_time_to_resolve_seconds_bucket{repository=\"r\",category=\"security\","
	assert_true(strstr(b.buf, SEC "le=\"3600\"} 0\n") < strstr(b.buf, SEC "le=\"5400\"} 0\n"));
	assert_true(strstr(b.buf, SEC "le=\"5400\"} 0\n") < strstr(b.buf, SEC "le=\"14400\"} 0\n"));
#undef SEC
	tg_buf_reset(&b);
	tg_export_alerts(&b, slos, nr);
	assert_non_null(strstr(b.buf, "alert: TerragonCriticalFixedFastBudgetBurn\n"));
	assert_non_null(strstr(b.buf, "le=~\"5400(\\\\.0)?\""));
	assert_non_null(strstr(b.buf, "expr: vector(0.005)\n"));
	assert_null(strstr(b.buf, "TerragonMeanTimeToValue")); /* the list replaced the default */
	tg_buf_release(&b);
	free(o.repository);
	tg_config_release(&c);
}

static void test_slo_configuration_errors_name_the_field(void **state)
{
	static const char *const bad[][2] = {
	        {"[{name: Bad_Name, sli: execution_success, objective: 95%, window: 7d}]",
	         "slos[0].name: expected lowercase letters"},
	        {"[{name: a, sli: uptime, objective: 95%, window: 7d}]",
	         "slos[0].sli: unknown SLI \"uptime\""},
	        {"[{name: a, sli: execution_success, objective: 100%, window: 7d}]",
	         "slos[0].objective: expected a share above 0 and below 100%"},
	        {"[{name: a, sli: execution_success, objective: 1.5, window: 7d}]",
	         "slos[0].objective"},
	        {"[{name: a, sli: execution_success, objective: 95%, window: 7 days}]",
	         "slos[0].window: expected a duration from 1h to 365d"},
	        {"[{name: a, sli: execution_success, objective: 95%, window: 7d, threshold: 1h}]",
	         "slos[0].threshold: execution_success has no threshold"},
	        {"[{name: a, sli: time_to_value, objective: 95%, window: 7d}]",
	         "slos[0]: missing \"threshold\" (time_to_value measures a latency)"},
	        {"[{name: a, sli: time_to_value, objective: 95%, window: 7d, threshold: 10s}]",
	         "slos[0].threshold: expected a duration from 1m"},
	        {"[{name: a, sli: execution_success, objective: 95%, window: 7d},"
	         " {name: a, sli: execution_success, objective: 99%, window: 7d}]",
	         "slos[1].name: \"a\" is the name of slos[0] already"},
	        {"[{name: a, sli: execution_success, objective: 95%}]",
	         "slos[0]: missing \"window\""},
	};
	struct tg_config c;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tg_config_init(&c);
		assert_int_equal(tg_config_set(&c, "slos", bad[i][0], TG_ORIGIN_FLAG),
		                 TG_ERR_USAGE);
		if (!strstr(tg_error_message(), bad[i][1]))
			fail_msg("%s: got \"%s\", want \"%s\"", bad[i][0], tg_error_message(),
			         bad[i][1]);
		assert_int_equal(c.slos_nr, 3); /* the defaults stay */
		tg_config_release(&c);
	}
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
	        cmocka_unit_test(test_a_configured_slo_threshold_is_a_bucket_and_an_alert),
	        cmocka_unit_test(test_slo_configuration_errors_name_the_field),
	};
	return cmocka_run_group_tests(tests, load_defaults, release_defaults);
}
