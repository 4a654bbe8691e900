/*
 * Change points by E-divisive means (Matteson and James, "A Nonparametric
 * Approach for Multiple Change Point Analysis of Multivariate Data", JASA
 * 2014), with alpha = 1 and splits at one point (as Hunter does), and
 * Hunter's merge step (Fleming et al., "Hunter: Using Change Point Detection
 * to Hunt for Performance Regressions", ICPE 2023).
 *
 * The statistic of a split of y[a..b) at t, X = y[a..t), Y = y[t..b):
 *   Q = m k / (m + k) * (2/(m k) sum |x - y| - sum_{i<j} |x_i - x_j| / C(m,2)
 *                                           - sum_{i<j} |y_i - y_j| / C(k,2))
 * Block sums of the distance matrix come from its 2-D prefix sums, so every
 * split of a segment costs O(1) once the segment's sums are built.
 */
#include "predict/predict.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct energy {
	size_t n;
	double *ps; /* (n + 1)^2 prefix sums of |v_i - v_j| */
};

static void energy_build(struct energy *e, const double *v, size_t n)
{
	size_t i, j, w = n + 1;

	e->n = n;
	e->ps = calloc(w * w, sizeof(*e->ps));
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			e->ps[(i + 1) * w + j + 1] = fabs(v[i] - v[j]) + e->ps[i * w + j + 1] +
			                             e->ps[(i + 1) * w + j] - e->ps[i * w + j];
}

static double block(const struct energy *e, size_t r0, size_t r1, size_t c0, size_t c1)
{
	size_t w = e->n + 1;

	return e->ps[r1 * w + c1] - e->ps[r0 * w + c1] - e->ps[r1 * w + c0] + e->ps[r0 * w + c0];
}

/* Q of the split of [0, n) at t. */
static double energy_q(const struct energy *e, size_t t)
{
	double m = (double)t, k = (double)(e->n - t);
	double cross = block(e, 0, t, t, e->n) * 2 / (m * k);
	double wx = block(e, 0, t, 0, t) / 2 / (m * (m - 1) / 2);
	double wy = block(e, t, e->n, t, e->n) / 2 / (k * (k - 1) / 2);

	return m * k / (m + k) * (cross - wx - wy);
}

/* The best split of v[0..n) with both sides at least min long; 0 when none. */
static size_t best_split(const double *v, size_t n, size_t min, double *q)
{
	struct energy e;
	size_t t, best = 0;

	*q = -INFINITY;
	if (n < 2 * min)
		return 0;
	energy_build(&e, v, n);
	for (t = min; t + min <= n; t++) {
		double s = energy_q(&e, t);
		if (s > *q) {
			*q = s;
			best = t;
		}
	}
	free(e.ps);
	return best;
}

static uint64_t next_random(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void shuffle(double *v, size_t n, uint64_t *s)
{
	size_t i;

	for (i = n; i > 1; i--) {
		size_t j = (size_t)(next_random(s) % i);
		double t = v[i - 1];
		v[i - 1] = v[j];
		v[j] = t;
	}
}

/*
 * The permutation p-value of a segment's statistic q: against the best split
 * of each permutation (fixed_t 0), or against the split at fixed_t.
 */
static double permutation_p(const double *y, size_t n, size_t min, size_t fixed_t, double q,
                            const struct tg_changepoint_opts *o, uint64_t *rng)
{
	double *v = malloc(n * sizeof(*v)), s;
	int r, above = 0;

	memcpy(v, y, n * sizeof(*y));
	for (r = 0; r < o->permutations; r++) {
		shuffle(v, n, rng);
		if (fixed_t) {
			struct energy e;
			energy_build(&e, v, n);
			s = energy_q(&e, fixed_t);
			free(e.ps);
		} else {
			best_split(v, n, min, &s);
		}
		above += s >= q;
	}
	free(v);
	return (above + 1.0) / (o->permutations + 1.0);
}

void tg_changepoint_defaults(struct tg_changepoint_opts *o)
{
	o->sig_level = 0.01;
	o->permutations = 199;
	o->min_segment = 3;
	o->min_magnitude = 0;
	o->seed = 0;
}

static double mean(const double *v, size_t n)
{
	double s = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += v[i];
	return n ? s / (double)n : 0;
}

static int cmp_index(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return (x > y) - (x < y);
}

/* Bisection: splits the segment with the largest statistic while significant. */
static size_t divide(const double *y, size_t n, const struct tg_changepoint_opts *o, uint64_t *rng,
                     size_t *cps)
{
	size_t nr = 0;

	for (;;) {
		size_t i, best_t = 0, best_a = 0, best_len = 0;
		double best_q = -INFINITY;
		for (i = 0; i <= nr; i++) {
			size_t a = i ? cps[i - 1] : 0, b = i < nr ? cps[i] : n, t;
			double q;
			t = best_split(y + a, b - a, o->min_segment, &q);
			if (t && q > best_q) {
				best_q = q;
				best_t = a + t;
				best_a = a;
				best_len = b - a;
			}
		}
		if (!best_t || permutation_p(y + best_a, best_len, o->min_segment, 0, best_q, o,
		                             rng) > o->sig_level)
			return nr;
		cps[nr++] = best_t;
		qsort(cps, nr, sizeof(*cps), cmp_index);
	}
}

/* Retests each change point between its neighbours; fills out. */
static void retest(const double *y, size_t n, const size_t *cps, size_t nr,
                   const struct tg_changepoint_opts *o, uint64_t *rng, struct tg_changepoint *out)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		size_t a = i ? cps[i - 1] : 0, b = i + 1 < nr ? cps[i + 1] : n, t = cps[i] - a;
		struct energy e;
		double q;
		energy_build(&e, y + a, b - a);
		q = energy_q(&e, t);
		free(e.ps);
		out[i].index = cps[i];
		out[i].p = permutation_p(y + a, b - a, o->min_segment, t, q, o, rng);
		out[i].mean_before = mean(y + a, t);
		out[i].mean_after = mean(y + cps[i], b - cps[i]);
		out[i].magnitude = out[i].mean_before != 0
		                           ? (out[i].mean_after - out[i].mean_before) /
		                                     fabs(out[i].mean_before)
		                           : 0;
	}
}

size_t tg_changepoints(const double *y, size_t n, const struct tg_changepoint_opts *o,
                       struct tg_changepoint **out)
{
	struct tg_changepoint_opts d;
	size_t *cps, nr;
	uint64_t rng;

	if (!o) {
		tg_changepoint_defaults(&d);
		o = &d;
	}
	rng = o->seed ? o->seed : 0x7465727261676f6eULL;
	*out = NULL;
	if (o->min_segment < 2 || n < 2 * o->min_segment)
		return 0;
	cps = malloc(n * sizeof(*cps));
	nr = divide(y, n, o, &rng, cps);
	*out = calloc(nr ? nr : 1, sizeof(**out));
	/* Hunter's merge: drop the weakest until every change point holds. */
	while (nr) {
		size_t i, worst = 0;
		double worst_score = -1;
		retest(y, n, cps, nr, o, &rng, *out);
		for (i = 0; i < nr; i++) {
			double score = (*out)[i].p > o->sig_level ? 1 + (*out)[i].p
			               : fabs((*out)[i].magnitude) < o->min_magnitude
			                       ? 1 - fabs((*out)[i].magnitude)
			                       : -1;
			if (score > worst_score) {
				worst_score = score;
				worst = i;
			}
		}
		if (worst_score < 0)
			break;
		memmove(cps + worst, cps + worst + 1, (nr - worst - 1) * sizeof(*cps));
		nr--;
	}
	free(cps);
	return nr;
}
