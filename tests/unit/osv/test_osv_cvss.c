#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "osv/cvss_int.h"
#include "osv/osv.h"
#include "util/error.h"

#include <math.h>
#include <stdio.h>

struct case_ {
	const char *vector;
	double score;
};

static void check(const struct case_ *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		double s = -2;

		if (tg_cvss_score(c[i].vector, &s) || fabs(s - c[i].score) > 1e-9)
			fail_msg("%s: got %.1f (%s), want %.1f", c[i].vector, s, tg_error_message(),
			         c[i].score);
	}
}

#define CHECK(t) check(t, sizeof(t) / sizeof(t[0]))

/* The CVSS v3.1 specification's examples document, and scores NVD publishes for vectors
 * that records in the shared OSV data carry. */
static void test_cvss3_published_scores(void **state)
{
	static const struct case_ t[] = {
	        /* CVE-2014-6271 (Shellshock), CVE-2021-44906 (minimist) */
	        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8},
	        /* CVE-2014-0160 (Heartbleed); CVE-2024-32650 (rustls, RUSTSEC-2024-0336) */
	        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5},
	        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5},
	        /* CVE-2013-1937 (phpMyAdmin reflected XSS) */
	        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1},
	        /* CVE-2013-0375 (MySQL) */
	        {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4},
	        /* CVE-2012-1516 (VMware guest to host) */
	        {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9},
	        /* CVE-2009-0783 (Tomcat) */
	        {"CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L", 4.2},
	        /* CVE-2014-3566 (POODLE) */
	        {"CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1},
	        /* CVE-2021-44228 (Log4Shell) */
	        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0},
	        /* PYSEC-2024-6 (CVE-2024-22194) */
	        {"CVSS:3.1/AV:L/AC:L/PR:L/UI:R/S:U/C:L/I:N/A:N", 2.8},
	        /* v3.0 vectors of the Go data */
	        {"CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.1},
	        {"CVSS:3.0/AV:L/AC:L/PR:H/UI:N/S:U/C:N/I:H/A:H", 6.0},
	        /* no impact: 0 whatever the exploitability */
	        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:N/A:N", 0.0},
	        /* temporal and environmental metrics leave the base score alone */
	        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:R/CR:L/MAV:P", 9.8},
	        /* the metrics in another order */
	        {"CVSS:3.1/S:U/C:H/I:H/A:H/AV:N/AC:L/PR:N/UI:N", 9.8},
	};
	CHECK(t);
}

/* Each value of each base metric, from the worst vector one metric at a time. */
static void test_cvss3_every_metric_value(void **state)
{
	static const struct case_ t[] = {
	        {"CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.8},
	        {"CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.4},
	        {"CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 6.8},
	        {"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.1},
	        {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 8.8},
	        {"CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", 7.2},
	        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 8.8},
	        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:H/A:H", 9.4},
	        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H", 9.1},
	        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:L/A:H", 9.4},
	        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:H", 9.1},
	        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:L", 9.4},
	        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N", 9.1},
	};
	CHECK(t);
}

/* Scope changed: the impact formula changes, the sum is scaled by 1.08 and capped at 10, and
 * PR weighs more (L 0.62 -> 0.68, H 0.27 -> 0.5). */
static void test_cvss3_scope_changed(void **state)
{
	static const struct case_ t[] = {
	        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0},
	        {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9},
	        {"CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H", 9.1},
	        {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 8.8},
	        {"CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", 7.2},
	};
	CHECK(t);
}

/* 3.1's Roundup works on integers: a sum one ulp above x.0 stays x.0, where a plain
 * ceiling would give x.1. */
static void test_cvss3_roundup_edges(void **state)
{
	assert_true(tg_cvss_roundup31(4.000000000000001) == 4.0);
	assert_true(ceil(4.000000000000001 * 10) / 10 > 4.0); /* what 3.0's ceiling does */
	assert_true(tg_cvss_roundup31(4.0) == 4.0);
	assert_true(tg_cvss_roundup31(4.02) == 4.1);
	assert_true(tg_cvss_roundup31(4.00001) == 4.1);
	assert_true(tg_cvss_roundup31(4.000001) == 4.0); /* below the 5th decimal */
	assert_true(tg_cvss_roundup31(0.0) == 0.0);
	assert_true(tg_cvss_roundup31(9.95) == 10.0);
}

/*
 * v4.0: the specification's and FIRST calculator's examples, every base metric value, a
 * vector that lands one ulp under an x.x5 tie, threat and environmental metrics.
 */
static void test_cvss4_scores(void **state)
{
	static const struct case_ t[] = {
	        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.3},
	        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N", 5.1},
	        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:L/SC:N/SI:N/SA:N/E:A/MAV:A", 8.7},
	        {"CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 8.7},
	        {"CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 8.6},
	        {"CVSS:4.0/AV:P/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 7.0},
	        {"CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.2},
	        {"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.2},
	        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 8.7},
	        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 8.6},
	        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 8.7},
	        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 8.6},
	        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:H/VA:H/SC:N/SI:N/SA:N", 8.8},
	        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:H/VA:H/SC:N/SI:N/SA:N", 8.8},
	        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:L/VA:H/SC:N/SI:N/SA:N", 8.8},
	        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N", 9.3},
	        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:N/SA:N", 9.9},
	        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:L/SI:N/SA:N", 9.3},
	        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:H/SA:N", 9.9},
	        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:H", 9.9},
	        /* 8.6 - 0.05 computes as 8.549999...: the 1e-6 lift rounds it to 8.6 */
	        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:H/VI:L/VA:N/SC:H/SI:H/SA:H", 8.6},
	        /* vectors of the crates.io and Go data */
	        {"CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:A/VC:N/VI:H/VA:L/SC:H/SI:H/SA:H", 8.3},
	        {"CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:A/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N", 4.1},
	        {"CVSS:4.0/AV:N/AC:H/AT:N/PR:L/UI:A/VC:N/VI:N/VA:H/SC:N/SI:N/SA:H", 6.8},
	        /* nothing impacted: 0 */
	        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", 0.0},
	        /* E:U lowers the MacroVector; MSI:S raises it; supplemental metrics change nothing
	         */
	        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U", 8.1},
	        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MSI:S", 10.0},
	        {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/S:P/U:Red", 9.3},
	};
	CHECK(t);
}

static void test_malformed_vectors_rejected(void **state)
{
	static const char *const bad[] = {
	        "",
	        "CVSS:3.1",
	        "CVSS:3.1/",
	        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H",         /* A missing */
	        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:H", /* twice */
	        "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",     /* no such value */
	        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/",    /* trailing slash */
	        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:1",
	        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:",
	        "CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
	        "AV:N/AC:L/Au:N/C:P/I:P/A:P", /* CVSS v2: not scored */
	        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N",
	        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:R/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
	        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N",
	        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/U:red",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		double s = 0;

		if (tg_cvss_score(bad[i], &s) != TG_ERR_INPUT)
			fail_msg("accepted: %s", bad[i]);
		assert_true(s < 0);
	}
	assert_int_equal(tg_cvss_score(NULL, &(double){0}), TG_ERR_INPUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_cvss3_published_scores),
	        cmocka_unit_test(test_cvss3_every_metric_value),
	        cmocka_unit_test(test_cvss3_scope_changed),
	        cmocka_unit_test(test_cvss3_roundup_edges),
	        cmocka_unit_test(test_cvss4_scores),
	        cmocka_unit_test(test_malformed_vectors_rejected),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
