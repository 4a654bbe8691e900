#include "cmd/cmd.h"

#include "backlog/persist.h"
#include "cmd/setup.h"
#include "foresight/foresight.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
        "terragon predict debt|perf|backlog [--horizon 90d] [--threshold MINUTES] "
        "[--format table|json]",
        "",
        "debt: the trend of the debt minutes and open items over the discover runs (Theil-Sen",
        "with Sen's 95 % interval, Mann-Kendall), the forecast at the horizon, when the",
        "threshold would be crossed, what drives the growth and what to do first.",
        "perf: each recorded benchmark's change points (E-divisive means, permutation test,",
        "Hunter's merge), gradual degradation over its last runs, and the benchmarks whose",
        "time grows faster than linearly with the input size in their name.",
        "backlog: arrival and resolution rates by category, and the size at the horizon.",
        NULL};

static const char *const kinds[] = {"debt", "perf", "backlog", NULL};

/* "90d", "12w", "90": days. */
static int parse_horizon(const char *s, double *days)
{
	char *end;
	double v = strtod(s, &end);

	if (*end == 'w')
		v *= 7, end++;
	else if (*end == 'd')
		end++;
	if (end == s || *end || v <= 0 || v > 3650)
		return tg_error_set(TG_ERR_USAGE,
		                    "--horizon %s: a number of days (90d) or weeks (12w)", s);
	*days = v;
	return TG_OK;
}

static void add_text(struct tg_buf *out, const char *s, int json)
{
	if (json)
		tg_buf_add_jsons(out, s ? s : "");
	else
		tg_buf_add_printables(out, s ? s : "-");
}

static void print_debt(struct tg_buf *o, const struct tg_debt_forecast *f, int json)
{
	char when[32] = "";
	size_t i;

	if (f->threshold_at)
		tg_time_format(f->threshold_at, when, sizeof(when));
	if (json) {
		tg_buf_addf(o, "{\"kind\": \"debt\", \"runs\": %zu, \"enough_history\": %s",
		            f->runs, f->enough ? "true" : "false");
		if (!f->enough) {
			tg_buf_adds(o, "}\n");
			return;
		}
		tg_buf_addf(
		        o,
		        ", \"horizon_days\": %g, \"debt_minutes\": {\"now\": %.1f, "
		        "\"slope_per_day\": "
		        "%.4g, \"slope_interval\": [%.4g, %.4g], \"mann_kendall_p\": %.4g, "
		        "\"forecast\": %.1f, \"interval\": [%.1f, %.1f], \"growth_pct\": %.1f}, "
		        "\"open_items\": {\"now\": %.0f, \"forecast\": %.1f, \"interval\": "
		        "[%.1f, %.1f]}, \"threshold_crossed\": ",
		        f->horizon_days, f->debt_now, f->debt.slope, f->debt.slope_lo,
		        f->debt.slope_hi, f->debt.mk_p, f->debt_mid, f->debt_lo, f->debt_hi,
		        f->growth_pct, f->open_now, f->open_mid, f->open_lo, f->open_hi);
		if (f->threshold_at)
			tg_buf_addf(o, "\"%s\"", when);
		else
			tg_buf_adds(o, "null");
		tg_buf_adds(o, ", \"drivers\": [");
		for (i = 0; i < f->drivers_nr; i++) {
			tg_buf_addf(o, "%s{\"%s\": ", i ? ", " : "",
			            f->drivers[i].is_category ? "category" : "path");
			add_text(o, f->drivers[i].name, 1);
			tg_buf_addf(o, ", \"minutes\": %.1f}", f->drivers[i].minutes);
		}
		tg_buf_adds(o, "], \"actions\": [");
		for (i = 0; i < f->actions_nr; i++) {
			tg_buf_addf(o, "%s{\"id\": \"%.8s\", \"title\": ", i ? ", " : "",
			            f->actions[i]->fingerprint);
			add_text(o, f->actions[i]->title, 1);
			tg_buf_adds(o, "}");
		}
		tg_buf_adds(o, "]}\n");
		return;
	}
	if (!f->enough) {
		tg_buf_addf(o, "debt: not enough history (%zu runs; %d needed)\n", f->runs,
		            TG_FORESIGHT_MIN_RUNS);
		return;
	}
	tg_buf_addf(o,
	            "debt minutes: %.0f now, %+.3g a day (95 %% interval %+.3g to %+.3g, "
	            "Mann-Kendall p = %.3g)\n  in %g days: %.0f (%.0f to %.0f), %+.1f %%\n",
	            f->debt_now, f->debt.slope, f->debt.slope_lo, f->debt.slope_hi, f->debt.mk_p,
	            f->horizon_days, f->debt_mid, f->debt_lo, f->debt_hi, f->growth_pct);
	tg_buf_addf(o, "open items: %.0f now; in %g days: %.0f (%.0f to %.0f)\n", f->open_now,
	            f->horizon_days, f->open_mid, f->open_lo, f->open_hi);
	if (f->threshold_at)
		tg_buf_addf(o, "threshold crossed: %s\n", when);
	if (f->drivers_nr)
		tg_buf_adds(o, "driving the growth (debt minutes opened in the second half):\n");
	for (i = 0; i < f->drivers_nr; i++) {
		tg_buf_addf(o, "  %-8s %7.0f  ", f->drivers[i].is_category ? "category" : "file",
		            f->drivers[i].minutes);
		add_text(o, f->drivers[i].name, 0);
		tg_buf_addch(o, '\n');
	}
	if (f->actions_nr)
		tg_buf_adds(o, "preventive actions:\n");
	for (i = 0; i < f->actions_nr; i++) {
		tg_buf_addf(o, "  %.8s  ", f->actions[i]->fingerprint);
		add_text(o, f->actions[i]->title, 0);
		tg_buf_addch(o, '\n');
	}
}

static void print_perf(struct tg_buf *o, const struct tg_perf_forecast *f, int json)
{
	size_t i, j;

	tg_buf_adds(o, json ? "{\"kind\": \"perf\", \"benchmarks\": [" : "");
	for (i = 0; i < f->bench_nr; i++) {
		const struct tg_perf_bench *b = &f->bench[i];
		if (json) {
			tg_buf_adds(o, i ? ",\n  {\"name\": " : "\n  {\"name\": ");
			add_text(o, b->s->name, 1);
			tg_buf_adds(o, ", \"unit\": ");
			add_text(o, b->s->unit, 1);
			tg_buf_addf(o, ", \"runs\": %zu, \"degrading\": %s, \"changes\": [",
			            b->s->nr, b->degrading ? "true" : "false");
		} else {
			add_text(o, b->s->name, 0);
			tg_buf_addf(o, " (%s, %zu runs)%s\n", b->s->unit, b->s->nr,
			            b->degrading ? ": gradual degradation" : "");
		}
		for (j = 0; j < b->changes_nr; j++) {
			const struct tg_perf_change *c = &b->changes[j];
			if (json)
				tg_buf_addf(
				        o,
				        "%s{\"run_index\": %zu, \"between_runs\": [%lld, %lld], "
				        "\"change_pct\": %.2f, \"p\": %.4g, \"worse\": %s}",
				        j ? ", " : "", c->index, c->run_from, c->run_to,
				        100 * c->magnitude, c->p, c->worse ? "true" : "false");
			else
				tg_buf_addf(o,
				            "  change between runs %lld and %lld: %+.1f %% (p = "
				            "%.3g)%s\n",
				            c->run_from, c->run_to, 100 * c->magnitude, c->p,
				            c->worse ? ", worse" : "");
		}
		if (json)
			tg_buf_addf(o, "], \"recent_mann_kendall_p\": %.4g}",
			            b->has_recent ? b->recent.mk_p : 1.0);
	}
	tg_buf_adds(o, json ? "\n], \"scaling\": [" : "");
	for (i = 0; i < f->scaling_nr; i++) {
		const struct tg_perf_scaling *s = &f->scaling[i];
		if (json) {
			tg_buf_adds(o, i ? ", {\"family\": " : "{\"family\": ");
			add_text(o, s->family, 1);
			tg_buf_addf(o,
			            ", \"exponent\": %.3f, \"r2\": %.3f, \"sizes\": %zu, "
			            "\"bottleneck\": %s}",
			            s->exponent, s->r2, s->sizes, s->bottleneck ? "true" : "false");
		} else {
			tg_buf_adds(o, "scaling of ");
			add_text(o, s->family, 0);
			tg_buf_addf(o, ": time ~ size^%.2f over %zu sizes (r2 %.2f)%s\n",
			            s->exponent, s->sizes, s->r2,
			            s->bottleneck ? ": predicted scalability bottleneck" : "");
		}
	}
	tg_buf_adds(o, json ? "]}\n" : "");
	if (!json && !f->bench_nr)
		tg_buf_adds(o, "perf: no benchmark recorded (terragon bench record)\n");
}

static void print_backlog(struct tg_buf *o, const struct tg_backlog_forecast *f, int json)
{
	size_t i;

	if (json)
		tg_buf_addf(o,
		            "{\"kind\": \"backlog\", \"window_days\": %.1f, \"horizon_days\": %g, "
		            "\"categories\": [",
		            f->window_days, f->horizon_days);
	else
		tg_buf_addf(o, "%-16s %8s %10s %6s %9s   (a day, over %.0f days; in %g days)\n",
		            "CATEGORY", "ARRIVAL", "RESOLUTION", "OPEN", "EXPECTED", f->window_days,
		            f->horizon_days);
	for (i = 0; i < f->nr; i++) {
		const struct tg_backlog_rate *r = &f->rates[i];
		if (json) {
			tg_buf_adds(o, i ? ",\n  {\"category\": " : "\n  {\"category\": ");
			add_text(o, r->category, 1);
			tg_buf_addf(o,
			            ", \"arrival_per_day\": %.4g, \"resolution_per_day\": %.4g, "
			            "\"open\": %zu, \"expected\": %.1f}",
			            r->arrival, r->resolution, r->open, r->expected);
		} else {
			tg_buf_add_printable_cell(o, r->category, 16);
			tg_buf_addf(o, " %8.3f %10.3f %6zu %9.0f\n", r->arrival, r->resolution,
			            r->open, r->expected);
		}
	}
	if (json)
		tg_buf_adds(o, "\n]}\n");
}

static int run(struct tg_setup *s, const char *kind, double horizon, double threshold, int json)
{
	struct tg_backlog open, all;
	struct tg_run_series runs = {0};
	struct tg_buf out = TG_BUF_INIT, shown = TG_BUF_INIT;
	struct tg_sql *db = tg_store_sql(s->store);
	int rc;

	tg_backlog_init(&open);
	tg_backlog_init(&all);
	rc = tg_run_series_load_items(db, &all, &open, &runs);
	if (!rc && !strcmp(kind, "debt")) {
		struct tg_debt_forecast f;
		tg_forecast_debt(&runs, &all, &open, horizon, threshold, &f);
		print_debt(&out, &f, json);
		tg_debt_forecast_release(&f);
	} else if (!rc && !strcmp(kind, "perf")) {
		struct tg_bench_series *h = NULL;
		struct tg_perf_forecast f;
		size_t nr = 0;
		rc = tg_bench_history(db, &h, &nr);
		if (!rc) {
			tg_forecast_perf(h, nr, &f);
			print_perf(&out, &f, json);
			tg_perf_forecast_release(&f);
		}
		tg_bench_history_free(h, nr);
	} else if (!rc) {
		struct tg_backlog_forecast f;
		tg_forecast_backlog(&runs, &all, horizon, tg_clock_now(), &f);
		print_backlog(&out, &f, json);
		tg_backlog_forecast_release(&f);
	}
	tg_buf_add_utf8(&shown, out.buf, out.len);
	fputs(shown.buf, stdout);
	tg_buf_release(&shown);
	tg_buf_release(&out);
	tg_run_series_release(&runs);
	tg_backlog_release(&open);
	tg_backlog_release(&all);
	return rc;
}

int cmd_predict(int argc, const char **argv)
{
	const char *repo = NULL, *config = NULL, *format = "table", *horizon_s = "90d";
	double horizon = 90, threshold = 0;
	struct tg_setup s;
	int n, rc, i;
	const struct tg_option opts[] = {
	        TG_OPT_REPO(&repo, &config),
	        TG_OPT_STRING(0, "horizon", &horizon_s, "90d", "how far to forecast (default 90d)"),
	        TG_OPT_DOUBLE(0, "threshold", &threshold, "MINUTES",
	                      "debt: the debt minutes whose crossing is dated"),
	        TG_OPT_CHOICE(0, "format", &format, tg_formats_table_json,
	                      "output format (default: table)"),
	        TG_OPT_END(),
	};

	n = tg_options_parse_args(argc, argv, opts, usage, 1, 1);
	if (n < 0)
		return tg_cmd_parse_exit(n);
	for (i = 0; kinds[i] && strcmp(kinds[i], argv[0]); i++)
		;
	rc = kinds[i] ? parse_horizon(horizon_s, &horizon)
	              : tg_error_set(TG_ERR_USAGE, "predict: %s: not debt, perf or backlog",
	                             argv[0]);
	if (rc) {
		tg_error_report();
		return TG_EXIT_USAGE;
	}
	rc = tg_setup_open(&s, repo, config, TG_SETUP_STORE_READ | TG_SETUP_STORE_URL);
	if (!rc)
		rc = run(&s, argv[0], horizon, threshold, !strcmp(format, "json"));
	if (rc)
		tg_error_report();
	tg_setup_close(&s);
	return tg_status_exit(rc);
}
