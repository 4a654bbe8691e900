#ifndef TG_FORESIGHT_H
#define TG_FORESIGHT_H

/*
 * Forecasts from the store's history (README.md, "Foresight"): the debt's
 * trend and what drives it, each benchmark's change points, gradual
 * degradation and scalability, and the backlog's arrival and resolution
 * rates. The statistics are predict/'s; this module chooses the series.
 */

#include "backlog/backlog.h"
#include "backlog/series.h"
#include "gate/bench.h"
#include "predict/predict.h"

#include <time.h>

/* Runs a forecast needs; fewer give "not enough history". */
#define TG_FORESIGHT_MIN_RUNS 8

/* A file or category and the debt minutes its items opened in the window added. */
struct tg_debt_driver {
	char *name;
	int is_category;
	double minutes;
};

struct tg_debt_forecast {
	size_t runs;
	int enough; /* runs >= TG_FORESIGHT_MIN_RUNS */
	double horizon_days;
	struct tg_trend debt, open; /* x in days since the first run */
	double debt_now, debt_mid, debt_lo, debt_hi;
	double open_now, open_mid, open_lo, open_hi;
	double growth_pct;   /* (debt_mid - debt_now) / debt_now */
	time_t threshold_at; /* when the forecast crosses the threshold; 0: not within 10 years */
	struct tg_debt_driver *drivers; /* largest first */
	size_t drivers_nr;
	const struct tg_item **actions; /* the top open items in the driving files, and hotspots */
	size_t actions_nr;
};

/* threshold: debt minutes (0: none). open: the open items, best first. */
void tg_forecast_debt(const struct tg_run_series *runs, const struct tg_backlog *all,
                      const struct tg_backlog *open, double horizon_days, double threshold,
                      struct tg_debt_forecast *out);
void tg_debt_forecast_release(struct tg_debt_forecast *f);

struct tg_perf_change {
	size_t index; /* the first run after it */
	double p, magnitude;
	long long run_from, run_to; /* the recorded runs it lies between */
	int worse;                  /* in the direction that is worse for the unit */
};

struct tg_perf_bench {
	const struct tg_bench_series *s;
	struct tg_perf_change *changes;
	size_t changes_nr;
	struct tg_trend recent; /* over the last TG_FORESIGHT_WINDOW runs */
	int has_recent, degrading;
};

/* A family of benchmarks that differ by an input size, and its exponent. */
struct tg_perf_scaling {
	char *family;
	double exponent, r2;
	size_t sizes;
	int bottleneck; /* exponent above TG_FORESIGHT_SUPERLINEAR */
};

#define TG_FORESIGHT_WINDOW      10
#define TG_FORESIGHT_SUPERLINEAR 1.2
#define TG_FORESIGHT_MIN_CHANGE  0.02

struct tg_perf_forecast {
	struct tg_perf_bench *bench;
	size_t bench_nr;
	struct tg_perf_scaling *scaling;
	size_t scaling_nr;
};

void tg_forecast_perf(const struct tg_bench_series *s, size_t nr, struct tg_perf_forecast *out);
void tg_perf_forecast_release(struct tg_perf_forecast *f);

struct tg_backlog_rate {
	char *category;
	double arrival, resolution; /* items a day over the window */
	size_t open;
	double expected; /* open + (arrival - resolution) * horizon, at least 0 */
};

struct tg_backlog_forecast {
	double window_days, horizon_days;
	struct tg_backlog_rate *rates; /* by category, then the total last ("all") */
	size_t nr;
};

/* Over the runs' span (or 30 days when there is one run). */
void tg_forecast_backlog(const struct tg_run_series *runs, const struct tg_backlog *all,
                         double horizon_days, time_t now, struct tg_backlog_forecast *out);
void tg_backlog_forecast_release(struct tg_backlog_forecast *f);

#endif
