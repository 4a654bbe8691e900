#include "discover/discover.h"

#include "backlog/persist.h"
#include "history/history.h"
#include "backlog/suppress.h"
#include "report/outputs.h"
#include "repo/repo.h"
#include "report/sarif_write.h"
#include "store/audit.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/beneath.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/log.h"
#include "util/options.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct source_job {
	const struct tg_source *source;
	const struct tg_discover_ctx *ctx;
	struct tg_backlog *backlog;
	struct tg_source_run *run;
	struct tg_strlist skipped;
	pthread_t thread;
};

int tg_source_enabled(const struct tg_config *cfg, const struct tg_source *s)
{
	return tg_strlist_find(&cfg->value_discovery.discovery_sources, s->discovery_source) >= 0 &&
	       (!s->configured || s->configured(cfg));
}

static void *run_source(void *arg)
{
	struct source_job *j = arg;
	struct tg_sink sink = tg_backlog_sink(j->backlog);
	double t0 = tg_clock_mono();
	int rc;

	tg_error_clear();
	rc = j->source->collect(j->ctx, &sink, j->run, &j->skipped);
	j->run->seconds = tg_clock_mono() - t0;
	j->run->ok = rc == TG_OK;
	if (rc) {
		j->run->error = tg_strdup(tg_error_message());
		tg_warn("source %s failed: %s", j->source->name, j->run->error);
	}
	tg_debug("source %s: %.3f s", j->source->name, j->run->seconds);
	return NULL;
}

static void count_items(struct tg_discover_result *res)
{
	size_t i, j;

	for (i = 0; i < res->summary.sources_nr; i++) {
		struct tg_source_run *r = &res->summary.sources[i];
		for (j = 0; j < res->backlog.nr; j++) {
			const char *src = res->backlog.items[j].source;
			r->items += src && (!strcmp(src, r->name) ||
			                    tg_strlist_find(&r->speaks_for, src) >= 0);
		}
		tg_debug("source %s: %zu items, %zu files, %.3f s%s", r->name, r->items, r->files,
		         r->seconds, r->ok ? "" : " (failed)");
	}
}

struct progress {
	struct tg_backlog *backlog;
	volatile int done;
	pthread_t thread;
};

/* While the sources run, the number of items so far, four times a second. */
static void *show_progress(void *arg)
{
	struct progress *p = arg;
	double t0 = tg_clock_mono();

	while (!p->done) {
		size_t n;
		pthread_mutex_lock(&p->backlog->lock);
		n = p->backlog->nr;
		pthread_mutex_unlock(&p->backlog->lock);
		tg_progress("discover: %zu items so far (%.0f s)", n, tg_clock_mono() - t0);
		nanosleep(&(struct timespec){0, 250 * 1000 * 1000}, NULL);
	}
	return NULL;
}

/*
 * Configured sources no table entry implements yet: a warning when the user
 * named them, a note when they come from the defaults (every run would warn).
 */
static void note_unbuilt(const struct tg_config *cfg)
{
	const struct tg_strlist *names = &cfg->value_discovery.discovery_sources;
	int from_user =
	        tg_config_origin(cfg, "value_discovery.discovery_sources") != TG_ORIGIN_DEFAULT;
	size_t i, j;

	for (i = 0; i < names->nr; i++) {
		int built = 0;
		for (j = 0; tg_sources[j]; j++)
			built |= !strcmp(tg_sources[j]->discovery_source, names->v[i]);
		if (built)
			continue;
		if (from_user)
			tg_warn("discovery source %s is not built yet: it finds nothing",
			        names->v[i]);
		else
			tg_note("discovery source %s is not built yet: it finds nothing",
			        names->v[i]);
	}
}

static void run_sources(const struct tg_discover_ctx *ctx, struct tg_discover_result *res)
{
	struct source_job jobs[16];
	struct progress prog = {&res->backlog, 0, 0};
	size_t n = 0, i;
	int shown;

	for (i = 0; tg_sources[i] && n < TG_ARRAY_SIZE(jobs); i++) {
		if (!tg_source_enabled(ctx->cfg, tg_sources[i]))
			continue;
		memset(&jobs[n], 0, sizeof(jobs[n]));
		jobs[n].source = tg_sources[i];
		jobs[n].ctx = ctx;
		jobs[n].backlog = &res->backlog;
		tg_run_summary_add_source(&res->summary, tg_sources[i]->name);
		n++;
	}
	/* The run structs live in a growing array: take pointers only after it is built. */
	for (i = 0; i < n; i++)
		jobs[i].run = &res->summary.sources[i];
	shown = isatty(STDERR_FILENO) && !pthread_create(&prog.thread, NULL, show_progress, &prog);

	for (i = 0; i < n; i++)
		if (pthread_create(&jobs[i].thread, NULL, run_source, &jobs[i]))
			run_source(&jobs[i]), jobs[i].thread = 0;
	for (i = 0; i < n; i++) {
		if (jobs[i].thread)
			pthread_join(jobs[i].thread, NULL);
		tg_strlist_copy(&res->summary.skipped, &jobs[i].skipped);
		tg_strlist_clear(&jobs[i].skipped);
	}
	if (shown) {
		prog.done = 1;
		pthread_join(prog.thread, NULL);
	}
	tg_progress_done();
	tg_strlist_sort(&res->summary.skipped);
	count_items(res);
}

static void apply_ignore(const struct tg_config *cfg, struct tg_backlog *b, time_t now)
{
	size_t nr = cfg->value_discovery.ignore_nr, i;
	struct tg_suppress_rule *rules = tg_calloc(nr, sizeof(*rules));

	for (i = 0; i < nr; i++) {
		const struct tg_ignore_rule *r = &cfg->value_discovery.ignore[i];
		rules[i] =
		        (struct tg_suppress_rule){r->fingerprint, r->rule, r->path, r->reason, 0};
		if (r->expires && tg_time_parse(r->expires, &rules[i].expires))
			rules[i].expires = 0;
	}
	for (i = 0; i < b->nr && nr; i++)
		tg_suppress_match(rules, nr, &b->items[i], now);
	free(rules);
}

/* This thread's CPU seconds: the wall time of one step follows the machine's load. */
static double thread_cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The run's entry in the audit trail: the effective configuration's SHA-256 and the counts. */
static int audit_run(sqlite3 *db, const struct tg_config *cfg, const struct tg_discover_result *res)
{
	struct tg_buf conf = TG_BUF_INIT, d = TG_BUF_INIT;
	char sum[TG_SHA256_HEX];
	int rc;

	tg_config_show(&conf, cfg, TG_CONFIG_YAML);
	rc = tg_sha256_hex(conf.buf, conf.len, sum);
	if (!rc) {
		tg_buf_addf(&d,
		            "{\"run_id\": %lld, \"config_sha256\": \"%s\", \"items\": %zu, "
		            "\"new\": %zu,"
		            " \"resolved\": %zu}",
		            (long long)res->summary.run_id, sum, res->backlog.nr,
		            res->summary.new_nr, res->summary.resolved_nr);
		rc = tg_audit_append_db(db, res->summary.started, "run", "discover", d.buf);
	}
	tg_buf_release(&conf);
	tg_buf_release(&d);
	return rc;
}

static int store_run(const struct tg_discover_opts *o, const struct tg_config *cfg,
                     const char *root, struct tg_discover_result *res)
{
	struct tg_store *st = NULL;
	double t0 = tg_clock_mono(), c0 = thread_cpu(), t_open, t1;
	int rc;

	rc = tg_store_open_in(&st, root, cfg->store.path, TG_STORE_CREATE, -1);
	t_open = thread_cpu();
	if (rc)
		return rc;
	if (tg_audit_migrate_log(st, root))
		tg_warn("%s", tg_error_message());
	rc = tg_store_begin(st);
	if (!rc)
		rc = tg_store_run_begin(st, "discover", res->summary.started, &res->summary.run_id);
	if (!rc)
		rc = tg_persist_merge(tg_store_db(st), &res->backlog, &res->summary,
		                      res->summary.started);
	if (!rc)
		rc = tg_store_run_finish(st, res->summary.run_id, tg_clock_now(), "ok", NULL);
	if (!rc)
		rc = audit_run(tg_store_db(st), cfg, res);
	t1 = thread_cpu();
	if (!rc) {
		rc = tg_store_commit(st);
		tg_debug("store: CPU seconds: opened %.3f, committed %.3f", t_open - c0,
		         thread_cpu() - t1);
	} else
		tg_store_rollback(st);
	/* New is what the store did not hold before, not a first_seen equal to this
	 * run's second: a rerun in the same second found nothing new. */
	if (!rc)
		res->new_items = res->summary.new_nr;
	tg_store_close(st);
	tg_debug("store: merged %zu items (%zu resolved) in %.3f s (%.3f s CPU)", res->backlog.nr,
	         res->summary.resolved_nr, tg_clock_mono() - t0, thread_cpu() - c0);
	return rc;
}

static int write_output(const char *root, const char *given, const char *name,
                        const struct tg_buf *text)
{
	/* A path the user gave is theirs; the default one is in the repository,
	 * where a committed link there is refused rather than replaced. */
	if (given)
		return tg_buf_write_file(text, given);
	return tg_beneath_write_file(text, root, name);
}

static int write_outputs(const struct tg_discover_opts *o, const char *root,
                         struct tg_discover_result *res)
{
	struct tg_buf text = TG_BUF_INIT;
	int rc;

	tg_metrics_json(&text, &res->backlog, &res->summary);
	rc = write_output(root, o->output, "value-metrics.json", &text);
	tg_buf_reset(&text);
	if (!rc) {
		tg_backlog_md(&text, &res->backlog, &res->summary, 25);
		rc = write_output(root, o->backlog_md, "BACKLOG.md", &text);
	}
	if (!rc && o->sarif) {
		struct tg_sarif_opts so = {root, NULL, 0, 0, NULL, 0};
		long left_out;
		tg_buf_reset(&text);
		left_out = tg_sarif_write(&text, res->backlog.items, res->backlog.nr, &so);
		if (left_out > 0)
			tg_warn("SARIF: %ld results left out to stay within code scanning's limits",
			        left_out);
		rc = left_out < 0 ? (int)left_out : tg_buf_write_file(&text, o->sarif);
	}
	tg_buf_release(&text);
	return rc;
}

/*
 * A path given on the command line (relative to the current directory) as a
 * path relative to the root, when it is inside the tree; else NULL: such an
 * output cannot be scanned anyway.
 */
static char *relative_to_root(const char *root, const char *given)
{
	struct tg_buf dir = TG_BUF_INIT;
	const char *slash = strrchr(given, '/');
	char *real, *rel = NULL;
	size_t n = strlen(root);

	tg_buf_add(&dir, given, slash ? (size_t)(slash - given) : 0);
	real = realpath(dir.len ? dir.buf : ".", NULL);
	if (real && !strncmp(real, root, n) && (real[n] == '/' || !real[n])) {
		tg_buf_reset(&dir);
		if (real[n])
			tg_buf_addf(&dir, "%s/", real + n + 1);
		tg_buf_adds(&dir, slash ? slash + 1 : given);
		rel = tg_buf_detach(&dir, NULL);
	}
	free(real);
	tg_buf_release(&dir);
	return rel;
}

static void add_own(struct tg_strlist *own, const char *root, const char *given, const char *dflt)
{
	char *rel = given ? relative_to_root(root, given) : NULL;

	if (!given)
		tg_strlist_add(own, dflt);
	else if (rel)
		tg_strlist_add(own, rel);
	free(rel);
}

static int not_in(const struct tg_item *it, void *arg)
{
	const struct tg_strlist *l = arg;
	size_t lo = 0, hi = l->nr;

	while (lo < hi) { /* l is sorted */
		size_t mid = (lo + hi) / 2;
		int c = strcmp(l->v[mid], it->fingerprint);
		if (!c)
			return 0;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 1;
}

/* With --baseline, the outputs report only what the ref did not have. */
static int keep_new(const struct tg_discover_ctx *ctx, const char *ref,
                    struct tg_discover_result *res)
{
	struct tg_strlist old = TG_STRLIST_INIT;
	int rc = tg_discover_baseline(ctx, ref, &old);

	if (!rc) {
		tg_backlog_retain(&res->backlog, not_in, &old);
		res->new_items = res->backlog.nr;
		tg_note("--baseline %s: %zu items were there already", ref, old.nr);
	}
	tg_strlist_clear(&old);
	return rc;
}

int tg_discover_run(const struct tg_discover_opts *o, struct tg_config *cfg, const char *root,
                    struct tg_discover_result *res)
{
	struct tg_strlist own = TG_STRLIST_INIT;
	struct tg_discover_ctx ctx;
	struct tg_score_model model;
	struct tg_history *history = NULL;
	size_t i;
	int rc;

	memset(res, 0, sizeof(*res));
	tg_backlog_init(&res->backlog);
	res->summary.coverage_pct = -1;
	res->summary.started = tg_clock_now();
	res->summary.repo_root = tg_strdup(root);
	res->summary.repo_name = tg_strdup(strrchr(root, '/') ? strrchr(root, '/') + 1 : root);
	{
		char *branch = NULL, oid[41];
		if (tg_repo_head(root, &branch, oid) == TG_OK)
			res->summary.head = tg_strdup(oid);
		free(branch);
	}
	tg_strlist_add(&own, ".terragon");
	add_own(&own, root, o->output, "value-metrics.json");
	add_own(&own, root, o->backlog_md, "BACKLOG.md");
	if (o->sarif)
		add_own(&own, root, o->sarif, NULL);
	ctx = (struct tg_discover_ctx){root,
	                               cfg,
	                               &own,
	                               &o->imports,
	                               res->summary.started,
	                               &history,
	                               o->history_secrets,
	                               !o->no_store};
	note_unbuilt(cfg);
	run_sources(&ctx, res);
	for (i = 0; i < res->summary.sources_nr; i++) {
		res->summary.files_scanned += res->summary.sources[i].files;
		if (res->summary.sources[i].coverage_pct >= 0)
			res->summary.coverage_pct = res->summary.sources[i].coverage_pct;
	}
	/* Refined first: an ignore entry names a grouped item's fingerprint. */
	tg_discover_refine(cfg, &res->backlog, &res->summary);
	apply_ignore(cfg, &res->backlog, res->summary.started);
	if (history)
		tg_discover_recent(&ctx, history, &res->backlog);
	tg_score_model_from_config(cfg, &model);
	tg_backlog_score(&res->backlog, &model, history ? tg_discover_change_rate : NULL, history);
	if (history)
		tg_history_free(history);
	res->summary.finished = tg_clock_now();
	rc = o->no_store ? TG_OK : store_run(o, cfg, root, res);
	if (!rc && o->baseline)
		rc = keep_new(&ctx, o->baseline, res);
	if (!rc)
		rc = write_outputs(o, root, res);
	/* Files whose stored items were kept unread count too, whatever the reason. */
	res->skipped_inputs = res->summary.skipped.nr + res->summary.not_rescanned.nr;
	tg_strlist_clear(&own);
	return rc;
}

void tg_discover_result_release(struct tg_discover_result *res)
{
	tg_backlog_release(&res->backlog);
	tg_run_summary_release(&res->summary);
}
