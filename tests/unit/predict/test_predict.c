/* predict/: trends, change points and power laws on synthetic series of known shape. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "predict/predict.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A seeded standard normal (splitmix64, Box–Muller): the series are the same every run. */
static uint64_t rng_state;

static double uniform(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return ((double)(z >> 11) + 0.5) / 9007199254740992.0;
}

static double normal(void)
{
	return sqrt(-2 * log(uniform())) * cos(2 * M_PI * uniform());
}

static void test_theil_sen_recovers_a_known_slope_within_its_interval(void **state)
{
	double x[40], y[40];
	struct tg_trend t;
	int seed, inside = 0;

	(void)state;
	for (seed = 1; seed <= 50; seed++) {
		rng_state = (uint64_t)seed;
		for (int i = 0; i < 40; i++) {
			x[i] = i * 7.0; /* a run a week, in days */
			y[i] = 300 + 2.5 * x[i] + 20 * normal();
		}
		assert_int_equal(tg_trend_fit(x, y, 40, &t), 0);
		assert_true(t.slope_lo <= t.slope && t.slope <= t.slope_hi);
		assert_true(fabs(t.slope - 2.5) < 0.5);
		assert_true(t.mk_p < 0.001);
		inside += t.slope_lo <= 2.5 && 2.5 <= t.slope_hi;
	}
	/* a 95 % interval: at least 45 of 50 */
	assert_true(inside >= 45);
}

static void test_mann_kendall_finds_no_trend_in_flat_noise(void **state)
{
	double x[30], y[30];
	struct tg_trend t;
	int seed, significant = 0;

	(void)state;
	for (seed = 1; seed <= 100; seed++) {
		rng_state = (uint64_t)seed * 7919;
		for (int i = 0; i < 30; i++) {
			x[i] = i;
			y[i] = 100 + 2 * normal();
		}
		assert_int_equal(tg_trend_fit(x, y, 30, &t), 0);
		significant += t.mk_p < 0.05;
	}
	assert_true(significant <= 10);
}

static void test_forecast_band_contains_the_line(void **state)
{
	double x[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, y[10], mid, lo, hi;
	struct tg_trend t;

	(void)state;
	for (int i = 0; i < 10; i++)
		y[i] = 10 + 3 * x[i] + (i % 2 ? 0.5 : -0.5);
	assert_int_equal(tg_trend_fit(x, y, 10, &t), 0);
	tg_trend_at(&t, 100, &mid, &lo, &hi);
	assert_true(lo <= mid && mid <= hi);
	assert_true(fabs(mid - 310) < 10);
	assert_int_not_equal(tg_trend_fit(x, y, 2, &t), 0);
}

static void test_change_point_of_ten_percent_in_two_percent_noise_is_found_at_its_run(void **state)
{
	double y[40];
	struct tg_changepoint *cp;
	int seed, extra = 0;

	(void)state;
	for (seed = 1; seed <= 20; seed++) {
		size_t n, k;
		rng_state = (uint64_t)seed * 31;
		for (int i = 0; i < 40; i++)
			y[i] = (i < 25 ? 100 : 110) * (1 + 0.02 * normal());
		n = tg_changepoints(y, 40, NULL, &cp);
		for (k = 0; k < n && cp[k].index != 25; k++)
			;
		assert_true(k < n); /* found at its run, every seed */
		assert_true(cp[k].p <= 0.01);
		assert_true(fabs(cp[k].magnitude - 0.10) < 0.03);
		extra += (int)n - 1;
		free(cp);
	}
	/* a spurious second change in 2 % noise: rare (the permutation test's level) */
	assert_true(extra <= 2);
}

static void test_flat_noise_has_no_change_point_in_95_of_100_seeds(void **state)
{
	double y[30];
	struct tg_changepoint *cp;
	int seed, found = 0;

	(void)state;
	for (seed = 1; seed <= 100; seed++) {
		rng_state = (uint64_t)seed * 104729;
		for (int i = 0; i < 30; i++)
			y[i] = 100 * (1 + 0.02 * normal());
		found += tg_changepoints(y, 30, NULL, &cp) > 0;
		free(cp);
	}
	assert_true(found <= 5);
}

static void test_two_change_points_survive_the_merge(void **state)
{
	double y[60];
	struct tg_changepoint *cp;
	size_t n;

	(void)state;
	rng_state = 5;
	for (int i = 0; i < 60; i++)
		y[i] = (i < 20 ? 100 : i < 40 ? 120 : 90) * (1 + 0.02 * normal());
	n = tg_changepoints(y, 60, NULL, &cp);
	assert_int_equal(n, 2);
	assert_int_equal(cp[0].index, 20);
	assert_int_equal(cp[1].index, 40);
	assert_true(cp[1].magnitude < 0);
	free(cp);
}

static void test_quadratic_benchmark_is_flagged_and_linear_is_not(void **state)
{
	double size[] = {100, 300, 1000, 3000, 10000, 30000}, quad[6], lin[6], k, r2;

	(void)state;
	rng_state = 11;
	for (int i = 0; i < 6; i++) {
		quad[i] = 1e-9 * size[i] * size[i] * (1 + 0.05 * normal());
		lin[i] = 1e-6 * size[i] * (1 + 0.05 * normal());
	}
	assert_int_equal(tg_power_law(size, quad, 6, &k, &r2), 0);
	assert_true(k > 1.8 && k < 2.2 && r2 > 0.99);
	assert_int_equal(tg_power_law(size, lin, 6, &k, NULL), 0);
	assert_true(k > 0.9 && k < 1.1);
	assert_int_not_equal(tg_power_law(size, lin, 2, &k, NULL), 0);
}

static void test_bench_size_is_read_from_the_name(void **state)
{
	char base[64];

	(void)state;
	assert_true(tg_bench_size("test_sort[1000]", base, sizeof(base)) == 1000);
	assert_string_equal(base, "test_sort");
	assert_true(tg_bench_size("BM_Sort/4096", base, sizeof(base)) == 4096);
	assert_string_equal(base, "BM_Sort");
	assert_true(tg_bench_size("parse n=250", base, sizeof(base)) == 250);
	assert_string_equal(base, "parse ");
	assert_true(tg_bench_size("plain", base, sizeof(base)) < 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_theil_sen_recovers_a_known_slope_within_its_interval),
	        cmocka_unit_test(test_mann_kendall_finds_no_trend_in_flat_noise),
	        cmocka_unit_test(test_forecast_band_contains_the_line),
	        cmocka_unit_test(
	                test_change_point_of_ten_percent_in_two_percent_noise_is_found_at_its_run),
	        cmocka_unit_test(test_flat_noise_has_no_change_point_in_95_of_100_seeds),
	        cmocka_unit_test(test_two_change_points_survive_the_merge),
	        cmocka_unit_test(test_quadratic_benchmark_is_flagged_and_linear_is_not),
	        cmocka_unit_test(test_bench_size_is_read_from_the_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
