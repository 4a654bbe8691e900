#ifndef TG_PREDICT_H
#define TG_PREDICT_H

/*
 * The statistics of `terragon predict` and the report's bands (README.md,
 * "Foresight"): a Theil–Sen slope with Sen's confidence interval, the
 * Mann–Kendall trend test, change points by E-divisive means with a
 * permutation test and Hunter's merge step, and the exponent of a power law
 * fitted by least squares. Every function is deterministic: the permutation
 * test draws from a generator seeded by the caller.
 */

#include <stddef.h>
#include <stdint.h>

/* A trend y = intercept + slope * x (x in the caller's unit, e.g. days). */
struct tg_trend {
	size_t n;
	double slope, slope_lo, slope_hi; /* Theil–Sen, and Sen's 95 % interval */
	double intercept;                 /* median of y - slope * x */
	double x_med, y_med;              /* the medians the band pivots on */
	double mk_s, mk_z, mk_p;          /* Mann–Kendall S, Z and two-sided p */
};

/* Fewer than 3 points: TG_ERR_INPUT (no trend). */
int tg_trend_fit(const double *x, const double *y, size_t n, struct tg_trend *t);
/* The forecast at x and its band (the interval's slopes through the medians). */
void tg_trend_at(const struct tg_trend *t, double x, double *mid, double *lo, double *hi);

/* Ordinary least squares y = a + b x; returns the coefficient of determination r². */
double tg_least_squares(const double *x, const double *y, size_t n, double *a, double *b);

/*
 * Change points by E-divisive means (Matteson and James, 2014; alpha = 1):
 * bisection on the largest energy statistic, each split kept when its
 * permutation p-value is at most sig_level; then Hunter's merge step
 * (Fleming et al., 2023): the weakest change point whose p-value, retested
 * between its neighbours, exceeds sig_level or whose relative change of the
 * mean is under min_magnitude is dropped, until none is.
 */
struct tg_changepoint_opts {
	double sig_level;     /* default 0.01 */
	int permutations;     /* default 199 */
	size_t min_segment;   /* default 3 */
	double min_magnitude; /* relative change of the mean, default 0 */
	uint64_t seed;        /* the generator's seed; 0: a fixed default */
};
struct tg_changepoint {
	size_t index; /* the first point after the change */
	double p;     /* the permutation p-value */
	double mean_before, mean_after;
	double magnitude; /* (mean_after - mean_before) / mean_before */
};
void tg_changepoint_defaults(struct tg_changepoint_opts *o);
/* The change points of y, in order, into a new array the caller frees. */
size_t tg_changepoints(const double *y, size_t n, const struct tg_changepoint_opts *o,
                       struct tg_changepoint **out);

/*
 * The exponent k of time = c * size^k, by least squares on logarithms (at
 * least 3 distinct sizes; else TG_ERR_INPUT). *r2 may be NULL.
 */
int tg_power_law(const double *size, const double *time, size_t n, double *k, double *r2);
/* The input size a benchmark's name carries ("[1000]", "n=1000", "/1000"); -1 none. */
double tg_bench_size(const char *name, char *base, size_t base_size);

/* The standard normal's two-sided p for z. */
double tg_normal_p2(double z);

#endif
