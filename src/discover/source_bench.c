/*
 * The benchmarks source (performance_profiling): a benchmark that regressed
 * becomes a performance item. Two comparisons feed it: the configured
 * quality_gates.bench_baseline against bench_current, and, for each file
 * `terragon bench record` kept runs of, its latest run against the one
 * before. A regression is what `bench compare` calls one: over the
 * perf_regression_max_pct tolerance and significant where it can be tested.
 */
#include "discover/discover.h"

#include "gate/bench.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* A change this many times the tolerance is no longer a slow drift. */
#define HIGH_FACTOR 4

static void regression_item(const char *file, const struct tg_bench_delta *d, double tolerance,
                            struct tg_sink *sink)
{
	struct tg_buf t = TG_BUF_INIT;
	struct tg_item it;
	const char *name = d->cur->name;

	tg_item_init(&it);
	tg_fingerprint_metric(it.fingerprint, "perf-regression", file, name);
	it.source = tg_strdup("benchmarks");
	it.rule_id = tg_strdup("perf-regression");
	it.category = tg_strdup("performance");
	it.severity = d->change_pct > HIGH_FACTOR * tolerance ? TG_SEV_HIGH : TG_SEV_MEDIUM;
	if (file[0] != '/')
		it.path = tg_strdup(file);
	tg_buf_addf(&t, "Benchmark %s regressed %.1f%%", name, d->change_pct);
	it.title = tg_buf_detach(&t, NULL);
	tg_buf_addf(&t,
	            "median %s %.6g -> %.6g %s (%s is better), %.1f%% worse, over the %.3g%% "
	            "tolerance",
	            d->cur->unit, d->base->median, d->cur->median, d->cur->unit,
	            d->cur->higher_is_better ? "higher" : "lower", d->change_pct, tolerance);
	it.message = tg_buf_detach(&t, NULL);
	if (d->q >= 0)
		tg_buf_addf(&t, "%s: Mann-Whitney U p=%.3g, Benjamini-Hochberg q=%.3g, n=%zu/%zu",
		            file, d->p, d->q, d->base->samples_nr, d->cur->samples_nr);
	else
		tg_buf_addf(&t, "%s: %s", file, d->note ? d->note : "not tested");
	it.evidence = tg_buf_detach(&t, NULL);
	it.metric = d->change_pct;
	sink->emit(sink, &it);
}

static int compare_sets(const char *file, const struct tg_bench_set *base,
                        const struct tg_bench_set *cur, double tolerance, struct tg_sink *sink)
{
	struct tg_bench_report r;
	int rc = tg_bench_compare(base, cur, tolerance, &r);

	if (rc)
		return tg_error_prefix(rc, "%s", file);
	for (size_t i = 0; i < r.nr; i++)
		if (r.v[i].verdict == TG_BENCH_REGRESSED && r.v[i].base && r.v[i].cur)
			regression_item(file, &r.v[i], tolerance, sink);
	tg_bench_report_release(&r);
	return TG_OK;
}

static int configured_files(const struct tg_discover_ctx *ctx, struct tg_sink *sink,
                            struct tg_strlist *skipped)
{
	const struct tg_config *cfg = ctx->cfg;
	const char *names[2] = {cfg->quality_gates.bench_baseline,
	                        cfg->quality_gates.bench_current};
	struct tg_bench_set sets[2] = {{0}, {0}};
	struct tg_buf path = TG_BUF_INIT;
	int rc = TG_OK;

	if (!names[0] || !*names[0] || !names[1] || !*names[1])
		return TG_OK;
	for (int i = 0; i < 2 && !rc; i++) {
		tg_buf_reset(&path);
		if (names[i][0] != '/')
			tg_buf_addf(&path, "%s/", ctx->root);
		tg_buf_adds(&path, names[i]);
		if (access(path.buf, F_OK)) {
			tg_buf_reset(&path);
			tg_buf_addf(&path, "%s: benchmark file not found", names[i]);
			tg_strlist_add(skipped, path.buf);
			rc = 1;
		} else {
			rc = tg_bench_read(path.buf, &sets[i]);
		}
	}
	if (!rc)
		rc = compare_sets(names[1], &sets[0], &sets[1],
		                  cfg->quality_gates.perf_regression_max_pct, sink);
	if (rc < 0) {
		tg_strlist_add(skipped, tg_error_message());
		tg_error_clear();
	}
	tg_bench_set_release(&sets[0]);
	tg_bench_set_release(&sets[1]);
	tg_buf_release(&path);
	return rc ? 1 : TG_OK;
}

static int recorded_runs(const struct tg_discover_ctx *ctx, sqlite3 *db, struct tg_sink *sink)
{
	struct tg_strlist files = TG_STRLIST_INIT;
	int rc = tg_bench_recorded_files(db, &files);

	for (size_t i = 0; !rc && i < files.nr; i++) {
		struct tg_bench_set prev, last;
		int found = 0;

		rc = tg_bench_load_last(db, files.v[i], &prev, &last, &found);
		if (!rc && found == 2 && prev.kind == last.kind)
			rc = compare_sets(files.v[i], &prev, &last,
			                  ctx->cfg->quality_gates.perf_regression_max_pct, sink);
		tg_bench_set_release(&prev);
		tg_bench_set_release(&last);
	}
	tg_strlist_clear(&files);
	return rc;
}

/* No store yet means no recorded runs. */
static int store_runs(const struct tg_discover_ctx *ctx, struct tg_sink *sink)
{
	struct tg_store *st;
	int rc = tg_discover_store_read(ctx, &st);

	if (rc == TG_ERR_NOTFOUND)
		return TG_OK;
	if (!rc && tg_store_schema_version(st) >= 5)
		rc = recorded_runs(ctx, tg_store_db(st), sink);
	if (st)
		tg_store_close(st);
	return rc;
}

static int collect(const struct tg_discover_ctx *ctx, struct tg_sink *sink,
                   struct tg_source_run *run, struct tg_strlist *skipped)
{
	int partial = configured_files(ctx, sink, skipped);
	int rc = store_runs(ctx, sink);

	/* A regression no longer seen is resolved only when both inputs were read. */
	if (!rc && !partial)
		tg_strlist_add(&run->covered, "");
	return rc;
}

const struct tg_source tg_source_benchmarks = {"benchmarks", "performance_profiling", collect, 0,
                                               NULL};
