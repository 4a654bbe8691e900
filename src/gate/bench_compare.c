/*
 * Deciding whether a run regressed (reference §5): a change of the median
 * over the tolerance counts only when the Mann–Whitney U test, corrected for
 * the number of benchmarks tested, says it is not noise. With 3 samples or
 * fewer a side no test can reach p < 0.05, so the change alone decides and
 * the report says so.
 */
#include "gate/bench.h"

#include "util/alloc.h"
#include "util/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ALPHA       0.05
#define MIN_SAMPLES 4

struct ranked {
	double v;
	int side;
};

static int cmp_ranked(const void *a, const void *b)
{
	double x = ((const struct ranked *)a)->v, y = ((const struct ranked *)b)->v;
	return (x > y) - (x < y);
}

/* P(U <= u) under H0 by counting arrangements: f(m, n, u) = f(m-1, n, u-n) + f(m, n-1, u). */
static double exact_cdf(size_t m, size_t n, double u)
{
	size_t max = m * n, i, j, k;
	double *f = tg_calloc((m + 1) * (n + 1) * (max + 1), sizeof(*f)), below = 0, total = 0;
#define F(a, b, c) f[((a) * (n + 1) + (b)) * (max + 1) + (c)]

	for (i = 0; i <= m; i++)
		for (j = 0; j <= n; j++)
			for (k = 0; k <= i * j; k++) {
				if (!i || !j) {
					F(i, j, k) = k == 0;
					continue;
				}
				F(i, j, k) = (k >= j ? F(i - 1, j, k - j) : 0) + F(i, j - 1, k);
			}
	for (k = 0; k <= max; k++) {
		total += F(m, n, k);
		if ((double)k <= u + 1e-9)
			below += F(m, n, k);
	}
#undef F
	free(f);
	return below / total;
}

double tg_mann_whitney(const double *a, size_t na, const double *b, size_t nb)
{
	size_t n = na + nb, i, j;
	struct ranked *r;
	double r1 = 0, ties = 0, u, mu, sigma2, z, p;

	if (!na || !nb)
		return 1;
	r = tg_malloc(n * sizeof(*r));
	for (i = 0; i < na; i++)
		r[i] = (struct ranked){a[i], 0};
	for (i = 0; i < nb; i++)
		r[na + i] = (struct ranked){b[i], 1};
	qsort(r, n, sizeof(*r), cmp_ranked);
	for (i = 0; i < n; i = j) {
		double t, rank;
		for (j = i + 1; j < n && r[j].v == r[i].v; j++)
			;
		t = (double)(j - i);
		rank = (double)(i + 1 + j) / 2; /* the average of ranks i+1 .. j */
		ties += t * t * t - t;
		for (size_t k = i; k < j; k++)
			if (!r[k].side)
				r1 += rank;
	}
	free(r);
	u = r1 - (double)na * (na + 1) / 2;
	mu = (double)na * nb / 2;
	if (na < 8 && nb < 8 && ties == 0) {
		double lo = exact_cdf(na, nb, u), hi = exact_cdf(na, nb, (double)na * nb - u);
		p = 2 * (lo < hi ? lo : hi);
		return p > 1 ? 1 : p;
	}
	sigma2 = (double)na * nb / 12 * ((n + 1) - ties / ((double)n * (n - 1)));
	if (sigma2 <= 0)
		return 1; /* every value equal */
	z = fabs(u - mu) - 0.5;
	z = (z < 0 ? 0 : z) / sqrt(sigma2);
	p = erfc(z / sqrt(2)); /* 2 (1 - Φ(|z|)) */
	return p > 1 ? 1 : p;
}

struct pidx {
	double p;
	size_t i;
};

static int cmp_pidx(const void *a, const void *b)
{
	double x = ((const struct pidx *)a)->p, y = ((const struct pidx *)b)->p;
	return (x > y) - (x < y);
}

void tg_bh_adjust(const double *p, size_t n, double *q)
{
	struct pidx *s = tg_malloc((n ? n : 1) * sizeof(*s));
	size_t m = 0, k;
	double min = 1;

	for (k = 0; k < n; k++) {
		q[k] = -1;
		if (p[k] >= 0)
			s[m++] = (struct pidx){p[k], k};
	}
	qsort(s, m, sizeof(*s), cmp_pidx);
	/* q_(k) = min over j >= k of p_(j) m / j: monotone, so "q < α" flags the k smallest. */
	for (k = m; k-- > 0;) {
		double v = s[k].p * (double)m / (double)(k + 1);
		if (v < min)
			min = v;
		q[s[k].i] = min;
	}
	free(s);
}

const char *tg_bench_verdict_name(enum tg_bench_verdict v)
{
	static const char *const names[] = {"ok", "regressed", "noise", "removed", "new"};
	return names[v];
}

/* The change of the median, in percent, positive when worse for the unit. */
static double worse_pct(const struct tg_bench *base, const struct tg_bench *cur)
{
	double d = cur->median - base->median;

	if (base->higher_is_better)
		d = -d;
	if (base->median == 0)
		return d > 0 ? INFINITY : d < 0 ? -INFINITY : 0;
	return 100 * d / fabs(base->median);
}

static const struct tg_bench *find(const struct tg_bench_set *s, const struct tg_bench *b)
{
	for (size_t i = 0; i < s->nr; i++)
		if (!strcmp(s->v[i].name, b->name) && !strcmp(s->v[i].unit, b->unit))
			return &s->v[i];
	return NULL;
}

static void decide(struct tg_bench_delta *d, double tolerance)
{
	int over = d->change_pct > tolerance;

	if (d->p < 0) {
		d->verdict = over ? TG_BENCH_REGRESSED : TG_BENCH_OK;
		d->note = "too few samples for a test (need more than 3 a side); change alone "
		          "decides";
	} else if (!over) {
		d->verdict = TG_BENCH_OK;
	} else {
		d->verdict = d->q < ALPHA ? TG_BENCH_REGRESSED : TG_BENCH_NOISE;
		if (d->verdict == TG_BENCH_NOISE)
			d->note = "over tolerance but not significant (p >= 0.05 after BH)";
	}
}

int tg_bench_compare(const struct tg_bench_set *base, const struct tg_bench_set *cur,
                     double tolerance_pct, struct tg_bench_report *out)
{
	size_t n = 0, i;
	double *p, *q;

	memset(out, 0, sizeof(*out));
	if (base->kind != cur->kind)
		return tg_error_set(TG_ERR_USAGE,
		                    "benchmark files of different kinds: the baseline is %s, the "
		                    "current run %s",
		                    tg_bench_kind_name(base->kind), tg_bench_kind_name(cur->kind));
	out->kind = base->kind;
	out->tolerance_pct = tolerance_pct;
	out->v = tg_calloc(base->nr + cur->nr + 1, sizeof(*out->v));
	for (i = 0; i < base->nr; i++) {
		struct tg_bench_delta *d = &out->v[n++];
		d->base = &base->v[i];
		d->cur = find(cur, d->base);
		d->p = d->q = -1;
		if (!d->cur) {
			d->verdict = TG_BENCH_ONLY_BASE;
			continue;
		}
		d->change_pct = worse_pct(d->base, d->cur);
		if (d->base->samples_nr >= MIN_SAMPLES && d->cur->samples_nr >= MIN_SAMPLES)
			d->p = tg_mann_whitney(d->base->samples, d->base->samples_nr,
			                       d->cur->samples, d->cur->samples_nr);
	}
	for (i = 0; i < cur->nr; i++)
		if (!find(base, &cur->v[i]))
			out->v[n++] = (struct tg_bench_delta){.cur = &cur->v[i],
			                                      .p = -1,
			                                      .q = -1,
			                                      .verdict = TG_BENCH_ONLY_CURRENT};
	out->nr = n;
	p = tg_malloc((n + 1) * sizeof(*p));
	q = tg_malloc((n + 1) * sizeof(*q));
	for (i = 0; i < n; i++)
		p[i] = out->v[i].p;
	tg_bh_adjust(p, n, q);
	out->worst_pct = -INFINITY;
	for (i = 0; i < n; i++) {
		struct tg_bench_delta *d = &out->v[i];
		if (!d->base || !d->cur)
			continue;
		d->q = q[i];
		decide(d, tolerance_pct);
		out->regressions += d->verdict == TG_BENCH_REGRESSED;
		if (d->change_pct > out->worst_pct)
			out->worst_pct = d->change_pct;
	}
	if (out->worst_pct == -INFINITY)
		out->worst_pct = 0;
	free(p);
	free(q);
	return TG_OK;
}

void tg_bench_report_release(struct tg_bench_report *r)
{
	free(r->v);
	memset(r, 0, sizeof(*r));
}
