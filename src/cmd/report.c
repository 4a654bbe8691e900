#include "cmd/cmd.h"

#include "backlog/persist.h"
#include "backlog/series.h"
#include "cmd/setup.h"
#include "gate/bench.h"
#include "observe/slo.h"
#include "repo/repo.h"
#include "report/html.h"
#include "util/clock.h"
#include "util/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
        "terragon report --html FILE [--since RUN|REF] [--horizon DAYS]",
        "",
        "Writes the store's backlog, trends, hotspots, benchmarks and knowledge risk as one",
        "self-contained HTML file that works offline under a strict Content Security Policy.",
        "--since marks the items opened after run RUN, or after the last run before the",
        "commit REF. The file is the same byte for byte for the same store and --now.",
        NULL};

/* The run --since names: a run id, or the last discover run before REF's commit time. */
static int since_run(struct tg_setup *s, const char *since, long long *run)
{
	struct tg_buf out = TG_BUF_INIT, err = TG_BUF_INIT;
	struct tg_run_series runs;
	struct tg_backlog none;
	time_t t;
	size_t i;
	int rc;

	if (strspn(since, "0123456789") == strlen(since) && *since) {
		*run = atoll(since);
		return TG_OK;
	}
	if (*since == '-')
		return tg_error_set(TG_ERR_USAGE, "--since %s: not a run or a commit", since);
	rc = tg_repo_git_as(TG_GIT_READER, s->root, &out, &err, "log", "-1", "--format=%ct",
	                    "--end-of-options", since, "--", NULL);
	if (rc) {
		tg_buf_trim(&err);
		rc = tg_error_set(TG_ERR_USAGE, "--since %s: %s", since, err.buf);
	}
	t = (time_t)atoll(out.buf);
	tg_buf_release(&out);
	tg_buf_release(&err);
	if (rc)
		return rc;
	tg_backlog_init(&none);
	rc = tg_run_series_load(tg_store_sql(s->store), &none, &runs);
	*run = 0;
	for (i = 0; !rc && i < runs.nr && runs.v[i].at <= t; i++)
		*run = runs.v[i].run_id;
	tg_run_series_release(&runs);
	tg_backlog_release(&none);
	return rc;
}

/* Benchmarks with their change points, for the report. */
static void load_bench(struct tg_setup *s, struct tg_html_bench **out, size_t *nr,
                       struct tg_bench_series **hist, size_t *hist_nr)
{
	struct tg_changepoint_opts o;
	size_t i;

	*out = NULL;
	*nr = 0;
	if (tg_bench_history(tg_store_sql(s->store), hist, hist_nr)) {
		tg_warn("report: no benchmark history: %s", tg_error_message());
		return;
	}
	tg_changepoint_defaults(&o);
	o.min_magnitude = 0.02;
	*out = calloc(*hist_nr + 1, sizeof(**out));
	for (i = 0; i < *hist_nr; i++) {
		struct tg_html_bench *b = &(*out)[i];
		b->name = (*hist)[i].name;
		b->unit = (*hist)[i].unit;
		b->median = (*hist)[i].median;
		b->at = (*hist)[i].at;
		b->nr = (*hist)[i].nr;
		b->cps_nr = tg_changepoints(b->median, b->nr, &o, &b->cps);
	}
	*nr = *hist_nr;
}

static int write_report(struct tg_setup *s, const char *file, const char *since, double horizon)
{
	struct tg_strlist fresh = TG_STRLIST_INIT;
	struct tg_score_model model;
	struct tg_html_bench *bench = NULL;
	struct tg_bench_series *hist = NULL;
	struct tg_slo_result slo[TG_CONFIG_SLOS_MAX];
	struct tg_slo slos[TG_CONFIG_SLOS_MAX];
	size_t bench_nr = 0, hist_nr = 0, i;
	struct tg_buf page = TG_BUF_INIT;
	long long run = 0;
	const char *name = strrchr(s->root, '/');
	int rc = TG_OK;

	tg_score_model_from_config(&s->cfg, &model);
	if (since && !(rc = since_run(s, since, &run)))
		rc = tg_persist_new_since(tg_store_sql(s->store), run, &fresh);
	if (!rc) {
		struct tg_html_input in = {name ? name + 1 : s->root,
		                           tg_clock_now(),
		                           NULL,
		                           &model,
		                           since ? &fresh : NULL,
		                           since,
		                           NULL,
		                           NULL,
		                           0,
		                           horizon,
		                           NULL,
		                           0};
		load_bench(s, &bench, &bench_nr, &hist, &hist_nr);
		in.bench = bench;
		in.bench_nr = bench_nr;
		in.slo_nr = tg_report_slo_load(tg_store_sql(s->store), slos,
		                               tg_slo_from_config(&s->cfg, slos), in.now, slo,
		                               sizeof(slo) / sizeof(slo[0]));
		in.slo = in.slo_nr ? slo : NULL;
		rc = tg_report_html_from_store(&page, tg_store_sql(s->store), &in);
		if (!rc)
			rc = tg_buf_write_file(&page, file);
	}
	for (i = 0; i < bench_nr; i++)
		free(bench[i].cps);
	free(bench);
	tg_bench_history_free(hist, hist_nr);
	tg_buf_release(&page);
	tg_strlist_clear(&fresh);
	return rc;
}

int cmd_report(int argc, const char **argv)
{
	const char *repo = NULL, *config = NULL, *html = NULL, *since = NULL;
	double horizon = 90;
	struct tg_setup s;
	int n, rc;
	const struct tg_option opts[] = {
	        TG_OPT_REPO(&repo, &config),
	        TG_OPT_STRING(0, "html", &html, "FILE", "write the HTML report to FILE"),
	        TG_OPT_STRING(0, "since", &since, "RUN|REF",
	                      "mark the items new since run RUN or commit REF"),
	        TG_OPT_DOUBLE(0, "horizon", &horizon, "DAYS",
	                      "how far the trend bands reach (default 90)"),
	        TG_OPT_END(),
	};

	n = tg_options_parse_args(argc, argv, opts, usage, 0, 0);
	if (n < 0)
		return tg_cmd_parse_exit(n);
	if (!html) {
		tg_error_set(TG_ERR_USAGE, "report: --html FILE is required");
		tg_error_report();
		return TG_EXIT_USAGE;
	}
	if (horizon <= 0 || horizon > 3650) {
		tg_error_set(TG_ERR_USAGE, "report: --horizon must be between 0 and 3650 days");
		tg_error_report();
		return TG_EXIT_USAGE;
	}
	rc = tg_setup_open(&s, repo, config, TG_SETUP_STORE_READ | TG_SETUP_STORE_URL);
	if (!rc)
		rc = write_report(&s, html, since, horizon);
	if (rc)
		tg_error_report();
	tg_setup_close(&s);
	return tg_status_exit(rc);
}
