/* Benchmarks: change points, gradual degradation, and scalability by input size. */
#include "foresight/foresight.h"

#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

static void changes(struct tg_perf_bench *b)
{
	const struct tg_bench_series *s = b->s;
	struct tg_changepoint_opts o;
	struct tg_changepoint *cp;
	size_t i;

	tg_changepoint_defaults(&o);
	o.min_magnitude = TG_FORESIGHT_MIN_CHANGE;
	b->changes_nr = tg_changepoints(s->median, s->nr, &o, &cp);
	b->changes = tg_calloc(b->changes_nr + 1, sizeof(*b->changes));
	for (i = 0; i < b->changes_nr; i++) {
		struct tg_perf_change *c = &b->changes[i];
		c->index = cp[i].index;
		c->p = cp[i].p;
		c->magnitude = cp[i].magnitude;
		c->run_from = s->run[cp[i].index - 1];
		c->run_to = s->run[cp[i].index];
		c->worse = (cp[i].magnitude > 0) != (s->higher_is_better != 0);
	}
	free(cp);
}

/* Mann–Kendall over the last runs: a significant trend the worse way. */
static void recent(struct tg_perf_bench *b)
{
	const struct tg_bench_series *s = b->s;
	size_t n = s->nr < TG_FORESIGHT_WINDOW ? s->nr : TG_FORESIGHT_WINDOW, i;
	double x[TG_FORESIGHT_WINDOW];

	if (n < 5)
		return;
	for (i = 0; i < n; i++)
		x[i] = (double)i;
	b->has_recent = !tg_trend_fit(x, s->median + s->nr - n, n, &b->recent);
	b->degrading = b->has_recent && b->recent.mk_p < 0.05 &&
	               (s->higher_is_better ? b->recent.slope < 0 : b->recent.slope > 0);
}

static void scaling(struct tg_perf_forecast *f, const struct tg_bench_series *s, size_t nr)
{
	char(*family)[128] = tg_calloc(nr + 1, sizeof(*family));
	double *size = tg_calloc(nr + 1, sizeof(*size)), *t = tg_calloc(nr + 1, sizeof(*t));
	size_t i, j, alloc = 0;

	for (i = 0; i < nr; i++)
		size[i] = strcmp(s[i].unit, "s") ? -1 : tg_bench_size(s[i].name, family[i], 128);
	for (i = 0; i < nr; i++) {
		size_t m = 0, seen = 0;
		struct tg_perf_scaling *sc;
		double sz[64], tm[64];
		if (size[i] <= 0 || !s[i].nr)
			continue;
		for (j = 0; j < i; j++)
			seen |= size[j] > 0 && !strcmp(family[j], family[i]);
		if (seen)
			continue;
		for (j = i; j < nr && m < 64; j++)
			if (size[j] > 0 && s[j].nr && !strcmp(family[j], family[i])) {
				sz[m] = size[j];
				tm[m++] = s[j].median[s[j].nr - 1];
			}
		TG_ALLOC_GROW(f->scaling, f->scaling_nr + 1, alloc);
		sc = &f->scaling[f->scaling_nr];
		memset(sc, 0, sizeof(*sc));
		if (tg_power_law(sz, tm, m, &sc->exponent, &sc->r2))
			continue;
		sc->family = tg_strdup(family[i]);
		sc->sizes = m;
		sc->bottleneck = sc->exponent > TG_FORESIGHT_SUPERLINEAR;
		f->scaling_nr++;
	}
	free(family);
	free(size);
	free(t);
}

void tg_forecast_perf(const struct tg_bench_series *s, size_t nr, struct tg_perf_forecast *f)
{
	size_t i;

	memset(f, 0, sizeof(*f));
	f->bench = tg_calloc(nr + 1, sizeof(*f->bench));
	f->bench_nr = nr;
	for (i = 0; i < nr; i++) {
		f->bench[i].s = &s[i];
		changes(&f->bench[i]);
		recent(&f->bench[i]);
	}
	scaling(f, s, nr);
}

void tg_perf_forecast_release(struct tg_perf_forecast *f)
{
	size_t i;

	for (i = 0; i < f->bench_nr; i++)
		free(f->bench[i].changes);
	free(f->bench);
	for (i = 0; i < f->scaling_nr; i++)
		free(f->scaling[i].family);
	free(f->scaling);
	memset(f, 0, sizeof(*f));
}
