#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "osv/osv_int.h"
#include "util/json.h"

#include <stdio.h>
#include <string.h>

/* A record of one npm package "p" with the given ranges (JSON text of the array). */
static json_t *record(const char *ranges, const char *versions)
{
	char text[2048];
	json_t *rec;

	snprintf(
	        text, sizeof(text),
	        "{\"id\":\"T-1\",\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"p\"},"
	        "\"ranges\":%s,\"versions\":%s}]}",
	        ranges, versions ? versions : "[]");
	rec = tg_json_loads(text, 0, NULL);
	assert_non_null(rec);
	return rec;
}

static enum tg_osv_verdict verdict(json_t *rec, const char *version)
{
	struct tg_osv_eval ev;

	tg_osv_eval(rec, TG_ECO_NPM, "p", version, &ev);
	return ev.verdict;
}

#define A TG_OSV_AFFECTED
#define N TG_OSV_NOT_AFFECTED

/* Events written out of order are sorted before the walk. */
static void test_events_sorted_before_walk(void **state)
{
	json_t *r =
	        record("[{\"type\":\"SEMVER\",\"events\":[{\"fixed\":\"1.0.3\"},{\"introduced\":"
	               "\"2.0.0\"},{\"introduced\":\"1.0.0\"},{\"fixed\":\"2.1.0\"}]}]",
	               NULL);

	assert_int_equal(verdict(r, "0.9.0"), N);
	assert_int_equal(verdict(r, "1.0.0"), A);
	assert_int_equal(verdict(r, "1.0.3"), N);
	assert_int_equal(verdict(r, "1.9.9"), N);
	assert_int_equal(verdict(r, "2.0.9"), A);
	assert_int_equal(verdict(r, "2.1.0"), N);
	json_decref(r);
}

/* fixed excludes its version, last_affected includes it; prereleases sort below. */
static void test_fixed_and_last_affected_bounds(void **state)
{
	json_t *f = record("[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":"
	                   "\"1.2.0\"}]}]",
	                   NULL);
	json_t *l = record("[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},"
	                   "{\"last_affected\":\"1.2.0\"}]}]",
	                   NULL);

	assert_int_equal(verdict(f, "1.2.0-rc.1"), A);
	assert_int_equal(verdict(f, "1.2.0"), N);
	assert_int_equal(verdict(l, "1.2.0"), A);
	assert_int_equal(verdict(l, "1.2.1-0"), N);
	json_decref(f);
	json_decref(l);
}

/* limit: the range holds only below the largest limit; "*" is no limit at all. */
static void test_limit_events(void **state)
{
	json_t *r = record("[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"1.0.0\"},"
	                   "{\"limit\":\"1.5.0\"},{\"limit\":\"1.3.0\"}]}]",
	                   NULL);
	json_t *star = record("[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"1.0.0\"},"
	                      "{\"limit\":\"*\"}]}]",
	                      NULL);
	struct tg_osv_ivals iv = {0};
	struct tg_buf t = TG_BUF_INIT;
	int unknown = 0;

	assert_int_equal(verdict(r, "1.4.9"), A);
	assert_int_equal(verdict(r, "1.5.0"), N);
	assert_int_equal(verdict(r, "0.9.0"), N);
	assert_int_equal(verdict(star, "99.0.0"), A);
	assert_int_equal(tg_osv_intervals(r, TG_ECO_NPM, "p", &iv, &unknown), 0);
	tg_osv_ivals_text(&iv, &t);
	assert_string_equal(t.buf, ">=1.0.0,<1.5.0");
	tg_buf_release(&t);
	tg_osv_ivals_release(&iv);
	json_decref(r);
	json_decref(star);
}

/* Several ranges: any one of them suffices; a GIT range among them is skipped. */
static void test_multiple_ranges_and_git(void **state)
{
	json_t *r = record(
	        "[{\"type\":\"GIT\",\"repo\":\"x\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":"
	        "\"abc\"}]},{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"1.0.0\"},{\"fixed\":"
	        "\"1.1.0\"}]},{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"3.0.0\"}]}]",
	        NULL);
	struct tg_osv_eval ev;

	assert_int_equal(verdict(r, "1.0.5"), A);
	assert_int_equal(verdict(r, "2.0.0"), N);
	assert_int_equal(verdict(r, "3.4.0"), A);
	tg_osv_eval(r, TG_ECO_NPM, "p", "2.0.0", &ev);
	assert_int_equal(ev.unknown_ranges, 0);
	assert_int_equal(ev.matched, 1);
	tg_osv_eval(r, TG_ECO_NPM, "q", "1.0.5", &ev); /* another package */
	assert_int_equal(ev.matched, 0);
	assert_int_equal(ev.verdict, N);
	json_decref(r);
}

/* An event version that does not parse leaves the record's verdict unknown, not "no". */
static void test_unparseable_event_is_unknown(void **state)
{
	json_t *r = record("[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"1.0.0\"},"
	                   "{\"fixed\":\"next week\"}]}]",
	                   NULL);
	struct tg_osv_eval ev;

	tg_osv_eval(r, TG_ECO_NPM, "p", "1.5.0", &ev);
	assert_int_equal(ev.verdict, TG_OSV_UNKNOWN);
	assert_int_equal(ev.bad_events, 1);
	json_decref(r);
}

/* Intervals: a versions list inside a range reads as the range; a constraint intersects. */
static void test_intervals_and_intersection(void **state)
{
	json_t *r = record("[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"1.0.0\"},"
	                   "{\"fixed\":\"1.2.5\"},{\"introduced\":\"2.0.0\"},{\"last_affected\":"
	                   "\"2.3.0\"}]}]",
	                   "[\"1.0.0\",\"1.1.0\",\"0.5.0\"]");
	struct tg_osv_ivals iv = {0}, c = {0}, both = {0};
	struct tg_osv_ival want = {{"1.1.0", 1}, {"2.1.0", 0}};
	struct tg_buf t = TG_BUF_INIT;
	int unknown = 0;

	assert_int_equal(tg_osv_intervals(r, TG_ECO_NPM, "p", &iv, &unknown), 0);
	tg_osv_ivals_text(&iv, &t);
	assert_string_equal(t.buf, "==0.5.0 || >=1.0.0,<1.2.5 || >=2.0.0,<=2.3.0");
	c.v = &want;
	c.nr = 1;
	assert_int_equal(tg_osv_intersect(TG_ECO_NPM, &iv, &c, &both), 0);
	tg_buf_reset(&t);
	tg_osv_ivals_text(&both, &t);
	assert_string_equal(t.buf, ">=1.1.0,<1.2.5 || >=2.0.0,<2.1.0");
	tg_buf_release(&t);
	tg_osv_ivals_release(&iv);
	tg_osv_ivals_release(&both);
	json_decref(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_events_sorted_before_walk),
	        cmocka_unit_test(test_fixed_and_last_affected_bounds),
	        cmocka_unit_test(test_limit_events),
	        cmocka_unit_test(test_multiple_ranges_and_git),
	        cmocka_unit_test(test_unparseable_event_is_unknown),
	        cmocka_unit_test(test_intervals_and_intersection),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
