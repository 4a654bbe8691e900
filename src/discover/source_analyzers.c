/*
 * The analyzers source: external tools (Semgrep, Bandit, Trivy, ruff, ...)
 * configured in value_discovery.analyzers as commands that write SARIF. They
 * run in parallel, each in its own process group under its timeout; their
 * SARIF then enters like an import. A missing or failing tool is reported
 * and skipped, never fatal.
 */
#include "discover/discover.h"

#include "ingest/ingest.h"
#include "proc/proc.h"
#include "util/alloc.h"
#include "util/beneath.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/log.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct job {
	const struct tg_discover_ctx *ctx;
	const struct tg_analyzer *a;
	struct tg_sink *sink;
	struct tg_strlist tools;
	char *error; /* why it was skipped */
	pthread_t thread;
};

struct tool_sink {
	struct tg_sink sink;
	struct tg_sink *next;
	struct tg_strlist *tools;
	pthread_mutex_t *lock;
};

static int tool_emit(struct tg_sink *sink, struct tg_item *it)
{
	struct tool_sink *t = (struct tool_sink *)sink;

	if (it->source && tg_strlist_find(t->tools, it->source) < 0)
		tg_strlist_add(t->tools, it->source);
	return t->next->emit(t->next, it);
}

static void *run_analyzer(void *arg)
{
	struct job *j = arg;
	struct tg_buf sarif = TG_BUF_INIT, log = TG_BUF_INIT, why = TG_BUF_INIT;
	struct tg_ingest_stats st = {0};
	struct tool_sink ts = {{tool_emit, NULL}, j->sink, &j->tools, NULL};
	int code;

	tg_buf_addf(&sarif, "%s/%s", j->ctx->root, j->a->sarif);
	tg_buf_addf(&log, "%s/.terragon/analyzer-%s.log", j->ctx->root, j->a->name);
	unlink(sarif.buf); /* a stale file from an earlier run must not pass for this one */
	/* The log is made beneath the root before the analyzer opens it by name:
	 * a committed link at .terragon/ or at the log is refused. */
	code = tg_beneath_create(j->ctx->root, log.buf + strlen(j->ctx->root) + 1)
	               ? -3
	               : tg_proc_run(j->ctx->root, j->a->run, j->a->timeout_s, log.buf);
	if (code == -3)
		tg_buf_addf(&why, "no log: %s", tg_error_message());
	else if (code == -1)
		tg_buf_addf(&why, "timed out after %d s", j->a->timeout_s);
	else if (code == 127)
		tg_buf_addf(&why, "not found (exit 127); see %s", log.buf);
	else if (code == -2)
		tg_buf_addf(&why, "could not be started: %s", strerror(errno));
	else if (access(sarif.buf, R_OK))
		tg_buf_addf(&why, "exited %d without writing %s; see %s", code, j->a->sarif,
		            log.buf);
	else if (tg_ingest_sarif(sarif.buf, j->ctx->root, &ts.sink, &st))
		tg_buf_adds(&why, tg_error_message());
	/* Linters exit non-zero when they find something: the SARIF is what counts. */
	if (why.len)
		j->error = tg_buf_detach(&why, NULL);
	tg_ingest_stats_release(&st);
	tg_buf_release(&sarif);
	tg_buf_release(&log);
	tg_buf_release(&why);
	return NULL;
}

static int collect(const struct tg_discover_ctx *ctx, struct tg_sink *sink,
                   struct tg_source_run *run, struct tg_strlist *skipped)
{
	size_t n = ctx->cfg->value_discovery.analyzers_nr, i, j;
	struct job *jobs = tg_calloc(n ? n : 1, sizeof(*jobs));
	struct tg_buf line = TG_BUF_INIT;

	for (i = 0; i < n; i++) {
		jobs[i].ctx = ctx;
		jobs[i].a = &ctx->cfg->value_discovery.analyzers[i];
		jobs[i].sink = sink;
		if (pthread_create(&jobs[i].thread, NULL, run_analyzer, &jobs[i]))
			run_analyzer(&jobs[i]), jobs[i].thread = 0;
	}
	for (i = 0; i < n; i++) {
		if (jobs[i].thread)
			pthread_join(jobs[i].thread, NULL);
		if (jobs[i].error) {
			tg_warn("analyzer %s: %s", jobs[i].a->name, jobs[i].error);
			tg_buf_reset(&line);
			tg_buf_addf(&line, "analyzer %s: %s", jobs[i].a->name, jobs[i].error);
			tg_strlist_add(skipped, line.buf);
			free(jobs[i].error);
		}
		for (j = 0; j < jobs[i].tools.nr; j++)
			if (tg_strlist_find(&run->speaks_for, jobs[i].tools.v[j]) < 0)
				tg_strlist_add(&run->speaks_for, jobs[i].tools.v[j]);
		tg_strlist_clear(&jobs[i].tools);
	}
	tg_strlist_add(&run->covered, "");
	tg_buf_release(&line);
	free(jobs);
	return TG_OK;
}

const struct tg_source tg_source_analyzers = {"analyzers", "security_vulnerability_scans", collect,
                                              0, NULL};
