#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "gate/bench.h"
#include "util/error.h"

#include <math.h>
#include <string.h>

#define near(x, want, eps) assert_true(fabs((x) - (want)) <= (eps))

static void test_mann_whitney_exact(void **state)
{
	const double a[] = {1, 2, 3, 4, 5}, b[] = {6, 7, 8, 9, 10};
	const double c[] = {1, 2, 3, 4}, d[] = {5, 6, 7, 8};
	const double e[] = {1, 4, 5, 8}, f[] = {2, 3, 6, 7};

	(void)state;
	/* Complete separation: 2 / C(10, 5) = 2/252, and 2 / C(8, 4) = 2/70. */
	near(tg_mann_whitney(a, 5, b, 5), 2.0 / 252, 1e-12);
	near(tg_mann_whitney(b, 5, a, 5), 2.0 / 252, 1e-12);
	near(tg_mann_whitney(c, 4, d, 4), 2.0 / 70, 1e-12);
	/* Interleaved, U = 8 = n1 n2 / 2: the distribution's centre, p = 1. */
	near(tg_mann_whitney(e, 4, f, 4), 1, 1e-12);
	/* n = 3 a side can never be significant: 2/20. */
	near(tg_mann_whitney(a, 3, b, 3), 0.1, 1e-12);
	near(tg_mann_whitney(a, 0, b, 3), 1, 0);
}

static void test_mann_whitney_normal_with_ties(void **state)
{
	/* By hand: R1 = 67.5, U1 = 12.5, six tied pairs (Σ t³-t = 36),
	 * σ² = (100/12)(21 - 36/380) = 174.2105, z = (37.5 - 0.5)/σ = 2.80327,
	 * p = 2(1 - Φ(z)) = 0.0050588. */
	const double a[] = {1, 2, 2, 3, 4, 5, 6, 7, 8, 9};
	const double b[] = {5, 6, 7, 8, 9, 10, 11, 12, 13, 14};
	const double same[] = {3, 3, 3, 3, 3};

	(void)state;
	near(tg_mann_whitney(a, 10, b, 10), 0.0050588, 1e-6);
	near(tg_mann_whitney(same, 5, same, 5), 1, 0);
}

static void test_benjamini_hochberg(void **state)
{
	/* Sorted 0.005 0.01 0.03 0.04 (m = 4): p m / k = 0.02 0.02 0.04 0.04. */
	const double p[] = {0.01, 0.04, 0.03, 0.005, -1};
	double q[5];

	(void)state;
	tg_bh_adjust(p, 5, q);
	near(q[0], 0.02, 1e-12);
	near(q[1], 0.04, 1e-12);
	near(q[2], 0.04, 1e-12);
	near(q[3], 0.02, 1e-12);
	near(q[4], -1, 0);
	/* A single test is not adjusted. */
	tg_bh_adjust(p + 1, 1, q);
	near(q[0], 0.04, 1e-12);
}

static struct tg_bench bench(const char *name, const char *unit, int hib, double *s, size_t n,
                             double median)
{
	return (struct tg_bench){(char *)name, unit, hib, s, n, n, median};
}

static void test_direction_by_unit(void **state)
{
	double t0[] = {10, 10.1, 9.9, 10, 10.2}, t1[] = {12, 12.1, 11.9, 12, 12.2};
	double r0[] = {100, 101, 99, 100, 102}, r1[] = {80, 81, 79, 80, 82};
	struct tg_bench b[] = {bench("f", "s", 0, t0, 5, 10),
	                       bench("f", "items_per_second", 1, r0, 5, 100)};
	struct tg_bench c[] = {bench("f", "s", 0, t1, 5, 12),
	                       bench("f", "items_per_second", 1, r1, 5, 80)};
	struct tg_bench_set base = {TG_BENCH_GBENCH, b, 2, 2}, cur = {TG_BENCH_GBENCH, c, 2, 2};
	struct tg_bench_report r;

	(void)state;
	/* Time up and throughput down are both worse. */
	assert_int_equal(tg_bench_compare(&base, &cur, 5, &r), TG_OK);
	assert_int_equal(r.nr, 2);
	near(r.v[0].change_pct, 20, 1e-9);
	near(r.v[1].change_pct, 20, 1e-9);
	assert_int_equal(r.v[0].verdict, TG_BENCH_REGRESSED);
	assert_int_equal(r.v[1].verdict, TG_BENCH_REGRESSED);
	assert_int_equal(r.regressions, 2);
	tg_bench_report_release(&r);
	/* The other way round: time down and throughput up are improvements. */
	assert_int_equal(tg_bench_compare(&cur, &base, 5, &r), TG_OK);
	assert_true(r.v[0].change_pct < -16 && r.v[1].change_pct < -24);
	assert_int_equal(r.regressions, 0);
	assert_int_equal(r.v[0].verdict, TG_BENCH_OK);
	tg_bench_report_release(&r);
}

static void test_verdicts(void **state)
{
	/* Over tolerance but overlapping samples: noise. Few samples: change alone. */
	double n0[] = {10, 14, 9, 13, 11}, n1[] = {12, 10, 15, 11, 13};
	double f0[] = {10, 10, 10}, f1[] = {11, 11, 11};
	struct tg_bench b[] = {bench("noisy", "s", 0, n0, 5, 11), bench("few", "s", 0, f0, 3, 10),
	                       bench("gone", "s", 0, NULL, 0, 1)};
	struct tg_bench c[] = {bench("noisy", "s", 0, n1, 5, 12), bench("few", "s", 0, f1, 3, 11),
	                       bench("added", "s", 0, NULL, 0, 1)};
	struct tg_bench_set base = {TG_BENCH_HYPERFINE, b, 3, 3},
	                    cur = {TG_BENCH_HYPERFINE, c, 3, 3};
	struct tg_bench_set other = {TG_BENCH_PYTEST, c, 3, 3};
	struct tg_bench_report r;

	(void)state;
	assert_int_equal(tg_bench_compare(&base, &cur, 5, &r), TG_OK);
	assert_int_equal(r.nr, 4);
	assert_int_equal(r.v[0].verdict, TG_BENCH_NOISE);
	assert_true(r.v[0].p > 0.05);
	assert_int_equal(r.v[1].verdict, TG_BENCH_REGRESSED);
	near(r.v[1].p, -1, 0);
	assert_non_null(strstr(r.v[1].note, "too few samples"));
	assert_int_equal(r.v[2].verdict, TG_BENCH_ONLY_BASE);
	assert_int_equal(r.v[3].verdict, TG_BENCH_ONLY_CURRENT);
	assert_int_equal(r.regressions, 1);
	near(r.worst_pct, 10, 1e-9);
	tg_bench_report_release(&r);
	/* Within a 15% tolerance nothing regresses. */
	assert_int_equal(tg_bench_compare(&base, &cur, 15, &r), TG_OK);
	assert_int_equal(r.regressions, 0);
	tg_bench_report_release(&r);

	assert_int_equal(tg_bench_compare(&base, &other, 5, &r), TG_ERR_USAGE);
	assert_non_null(strstr(tg_error_message(), "different kinds"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_mann_whitney_exact),
	        cmocka_unit_test(test_mann_whitney_normal_with_ties),
	        cmocka_unit_test(test_benjamini_hochberg),
	        cmocka_unit_test(test_direction_by_unit),
	        cmocka_unit_test(test_verdicts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
