/*
 * The foresight source (predictive_analysis): a forecast of `terragon
 * predict` that crosses a configured line becomes an item, with its
 * statistics as evidence and its horizon (README.md, "Foresight"):
 *   debt-growth-forecast     debt minutes forecast to grow more than
 *                            foresight.debt_growth_pct within the horizon, on
 *                            a significant trend (Mann-Kendall p < 0.05);
 *   debt-threshold-forecast  the forecast crossing foresight.debt_threshold_minutes
 *                            within the horizon;
 *   perf-degradation-forecast  a benchmark degrading gradually over its last
 *                            runs (Mann-Kendall p < 0.05, the worse way) by at
 *                            least 2 % across them, before the regression gate
 *                            trips: the size keeps a test that is significant
 *                            by chance in one benchmark of twenty from being work;
 *   perf-scalability-forecast  a benchmark family whose time grows faster
 *                            than linearly with its input size.
 * Forecasts read the store's history of earlier runs, on its own read-only
 * connection; no store, or too few runs, gives no item and resolves the
 * earlier ones (the forecast no longer says so).
 */
#include "discover/discover.h"

#include "backlog/persist.h"
#include "foresight/foresight.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/error.h"

#include <math.h>
#include <string.h>

/* Significance of a trend that makes an item. */
#define TREND_P 0.05

static void new_item(struct tg_item *it, const char *rule, const char *category,
                     const char *subject)
{
	tg_item_init(it);
	tg_fingerprint_metric(it->fingerprint, rule, "", subject);
	it->source = tg_strdup("foresight");
	it->rule_id = tg_strdup(rule);
	it->category = tg_strdup(category);
	it->severity = TG_SEV_MEDIUM;
}

/* "drivers: FILE (N min), ...; start with: ID TITLE, ..." */
static void debt_message(struct tg_buf *b, const struct tg_debt_forecast *f)
{
	size_t i;

	tg_buf_addf(b,
	            "debt minutes %.0f now, %.0f (%.0f to %.0f) in %g days at %+.3g a day; "
	            "open items %.0f now, %.0f in %g days",
	            f->debt_now, f->debt_mid, f->debt_lo, f->debt_hi, f->horizon_days,
	            f->debt.slope, f->open_now, f->open_mid, f->horizon_days);
	for (i = 0; i < f->drivers_nr; i++)
		tg_buf_addf(b, "%s%s %s (%.0f min)", i ? ", " : "; driving it: ",
		            f->drivers[i].is_category ? "category" : "file", f->drivers[i].name,
		            f->drivers[i].minutes);
	for (i = 0; i < f->actions_nr; i++)
		tg_buf_addf(b, "%s%.8s %s", i ? ", " : "; start with: ", f->actions[i]->fingerprint,
		            f->actions[i]->title ? f->actions[i]->title : "-");
}

static void debt_evidence(struct tg_buf *b, const struct tg_debt_forecast *f,
                          const struct tg_run_series *runs)
{
	char from[32], to[32];

	tg_time_format(runs->v[0].at, from, sizeof(from));
	tg_time_format(runs->v[runs->nr - 1].at, to, sizeof(to));
	tg_buf_addf(b,
	            "Theil-Sen slope %+.4g debt minutes a day (95%% interval %+.4g to %+.4g), "
	            "Mann-Kendall S=%.0f p=%.3g, over %zu discover runs from %s to %s; "
	            "horizon %g days",
	            f->debt.slope, f->debt.slope_lo, f->debt.slope_hi, f->debt.mk_s, f->debt.mk_p,
	            f->runs, from, to, f->horizon_days);
}

static int debt_items(const struct tg_config *cfg, const struct tg_debt_forecast *f,
                      const struct tg_run_series *runs, struct tg_sink *sink)
{
	double line = cfg->foresight.debt_growth_pct, limit = cfg->foresight.debt_threshold_minutes;
	struct tg_buf b = TG_BUF_INIT;
	struct tg_item it;
	char when[32];
	int rc = TG_OK;

	if (!f->enough || f->debt.slope <= 0 || f->debt.mk_p >= TREND_P)
		return TG_OK;
	if (f->debt_now > 0 && f->growth_pct > line) {
		new_item(&it, "debt-growth-forecast", "debt", "debt");
		if (f->growth_pct >= 2 * line)
			it.severity = TG_SEV_HIGH;
		tg_buf_addf(&b, "Debt forecast to grow %.0f%% in %g days", f->growth_pct,
		            f->horizon_days);
		it.title = tg_buf_detach(&b, NULL);
		debt_message(&b, f);
		tg_buf_addf(&b, "; the line: %g%% growth", line);
		it.message = tg_buf_detach(&b, NULL);
		debt_evidence(&b, f, runs);
		it.evidence = tg_buf_detach(&b, NULL);
		it.metric = f->growth_pct;
		rc = sink->emit(sink, &it);
	}
	/* Already over the threshold is today's debt, not a forecast. */
	if (!rc && limit > 0 && f->threshold_at && f->debt_now < limit &&
	    f->threshold_at <= runs->v[runs->nr - 1].at + (time_t)(f->horizon_days * 86400)) {
		new_item(&it, "debt-threshold-forecast", "debt", "debt");
		tg_time_format(f->threshold_at, when, sizeof(when));
		tg_buf_addf(&b, "Debt forecast to cross %.0f minutes by %.10s", limit, when);
		it.title = tg_buf_detach(&b, NULL);
		debt_message(&b, f);
		tg_buf_addf(&b, "; the line: %.0f debt minutes within %g days", limit,
		            f->horizon_days);
		it.message = tg_buf_detach(&b, NULL);
		debt_evidence(&b, f, runs);
		it.evidence = tg_buf_detach(&b, NULL);
		it.metric = limit;
		rc = sink->emit(sink, &it);
	}
	return rc;
}

/* The relative change at the recent pace over the horizon; NAN when the runs have no span. */
static double pace_at_horizon(const struct tg_perf_bench *p, double horizon_days)
{
	const struct tg_bench_series *s = p->s;
	size_t n = s->nr < TG_FORESIGHT_WINDOW ? s->nr : TG_FORESIGHT_WINDOW;
	double days = (double)(s->at[s->nr - 1] - s->at[s->nr - n]) / 86400.0;
	double last = s->median[s->nr - 1];

	if (days <= 0 || last == 0)
		return NAN;
	return p->recent.slope * (double)(n - 1) / days * horizon_days / last;
}

/* The family is the name without its size ("sort n=1000" is "sort "): shown trimmed. */
static int family_len(const char *family)
{
	size_t n = strlen(family);

	while (n > 1 && strchr(" /[=,:", family[n - 1]))
		n--;
	return (int)n;
}

/* A benchmark degrading gradually, by at least TG_FORESIGHT_MIN_CHANGE along its trend. */
static int degradation_item(const struct tg_perf_bench *p, double horizon_days,
                            struct tg_sink *sink)
{
	const struct tg_bench_series *s = p->s;
	size_t n = s->nr < TG_FORESIGHT_WINDOW ? s->nr : TG_FORESIGHT_WINDOW;
	double pace, drift;
	struct tg_buf b = TG_BUF_INIT;
	struct tg_item it;

	if (!p->degrading || s->median[s->nr - n] == 0)
		return TG_OK;
	drift = fabs(p->recent.slope) * (double)(n - 1) / fabs(s->median[s->nr - n]);
	if (drift < TG_FORESIGHT_MIN_CHANGE)
		return TG_OK;
	pace = pace_at_horizon(p, horizon_days);
	new_item(&it, "perf-degradation-forecast", "performance", s->name);
	tg_buf_addf(&b, "Benchmark %s degrading gradually", s->name);
	it.title = tg_buf_detach(&b, NULL);
	tg_buf_addf(&b,
	            "median %.6g -> %.6g %s over its last %zu runs (%s is better), %.1f%% "
	            "worse along the trend",
	            s->median[s->nr - n], s->median[s->nr - 1], s->unit, n,
	            s->higher_is_better ? "higher" : "lower", 100 * drift);
	if (!isnan(pace))
		tg_buf_addf(&b, "; at this pace %+.1f%% more in %g days", 100 * pace, horizon_days);
	it.message = tg_buf_detach(&b, NULL);
	tg_buf_addf(&b,
	            "Theil-Sen slope %+.4g %s a run (95%% interval %+.4g to %+.4g), "
	            "Mann-Kendall S=%.0f p=%.3g over runs %lld to %lld",
	            p->recent.slope, s->unit, p->recent.slope_lo, p->recent.slope_hi,
	            p->recent.mk_s, p->recent.mk_p, s->run[s->nr - n], s->run[s->nr - 1]);
	it.evidence = tg_buf_detach(&b, NULL);
	it.metric = isnan(pace) ? 0 : 100 * pace;
	return sink->emit(sink, &it);
}

static int scalability_item(const struct tg_perf_scaling *sc, struct tg_sink *sink)
{
	struct tg_buf b = TG_BUF_INIT;
	struct tg_item it;

	if (!sc->bottleneck)
		return TG_OK;
	new_item(&it, "perf-scalability-forecast", "performance", sc->family);
	tg_buf_addf(&b, "Benchmark %.*s scales as size^%.2f", family_len(sc->family), sc->family,
	            sc->exponent);
	it.title = tg_buf_detach(&b, NULL);
	tg_buf_addf(&b,
	            "time grows faster than linearly with the input size: a predicted "
	            "scalability bottleneck (the line: exponent over %.1f)",
	            TG_FORESIGHT_SUPERLINEAR);
	it.message = tg_buf_detach(&b, NULL);
	tg_buf_addf(&b,
	            "time = c * size^k by least squares on logarithms: k=%.3f, r2=%.3f, "
	            "over %zu sizes (the latest medians)",
	            sc->exponent, sc->r2, sc->sizes);
	it.evidence = tg_buf_detach(&b, NULL);
	it.metric = sc->exponent;
	return sink->emit(sink, &it);
}

static int perf_items(const struct tg_perf_forecast *f, double horizon_days, struct tg_sink *sink)
{
	size_t i;
	int rc = TG_OK;

	for (i = 0; !rc && i < f->bench_nr; i++)
		rc = degradation_item(&f->bench[i], horizon_days, sink);
	for (i = 0; !rc && i < f->scaling_nr; i++)
		rc = scalability_item(&f->scaling[i], sink);
	return rc;
}

static int forecast(const struct tg_discover_ctx *ctx, struct tg_store *st, struct tg_sink *sink)
{
	struct tg_sql *db = tg_store_sql(st);
	struct tg_backlog all, open;
	struct tg_run_series runs = {0};
	struct tg_bench_series *h = NULL;
	size_t h_nr = 0;
	double horizon = ctx->cfg->foresight.horizon_days;
	int rc;

	tg_backlog_init(&all);
	tg_backlog_init(&open);
	rc = tg_run_series_load_items(db, &all, &open, &runs);
	if (!rc) {
		struct tg_debt_forecast f;
		tg_forecast_debt(&runs, &all, &open, horizon,
		                 ctx->cfg->foresight.debt_threshold_minutes, &f);
		rc = debt_items(ctx->cfg, &f, &runs, sink);
		tg_debt_forecast_release(&f);
		/* Benchmark runs are kept from schema 5 on. */
		if (!rc && tg_store_schema_version(st) >= 5)
			rc = tg_bench_history(db, &h, &h_nr);
	}
	if (!rc) {
		struct tg_perf_forecast f;
		tg_forecast_perf(h, h_nr, &f);
		rc = perf_items(&f, horizon, sink);
		tg_perf_forecast_release(&f);
	}
	tg_bench_history_free(h, h_nr);
	tg_run_series_release(&runs);
	tg_backlog_release(&open);
	tg_backlog_release(&all);
	return rc;
}

static int collect(const struct tg_discover_ctx *ctx, struct tg_sink *sink,
                   struct tg_source_run *run, struct tg_strlist *skipped)
{
	struct tg_store *st;
	int rc = tg_discover_store_read(ctx, &st);

	(void)skipped;
	if (rc == TG_ERR_NOTFOUND)
		rc = TG_OK;
	/* A store short of the latest schema is being made or migrated by this run's other
	 * connections (its tables may not exist yet): it holds no history to forecast. */
	else if (!rc && tg_store_schema_version(st) >= tg_store_schema_latest())
		rc = forecast(ctx, st, sink);
	if (st)
		tg_store_close(st);
	/* Every forecast was made: one no longer crossing its line is resolved. */
	if (!rc)
		tg_strlist_add(&run->covered, "");
	return rc;
}

const struct tg_source tg_source_foresight = {"foresight", "predictive_analysis", collect, 0, NULL};
