#include "gate/gate.h"

#include "backlog/persist.h"
#include "ingest/ingest.h"
#include "proc/proc.h"
#include "util/alloc.h"
#include "util/beneath.h"
#include "util/error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The categories a critical item counts as a vulnerability in. */
static const char *const vuln_categories[] = {"security",   "secret", "vulnerability",
                                              "dependency", "ai-ml",  NULL};

const char *tg_gate_state_name(enum tg_gate_state s)
{
	return s == TG_GATE_PASS ? "pass" : s == TG_GATE_FAIL ? "fail" : "skipped";
}

static char *fmt(const char *f, ...)
{
	struct tg_buf b = TG_BUF_INIT;
	va_list ap;

	va_start(ap, f);
	tg_buf_vaddf(&b, f, ap);
	va_end(ap);
	return tg_buf_detach(&b, NULL);
}

static struct tg_gate_result *add(struct tg_gate_report *r, char *name, char *threshold)
{
	struct tg_gate_result *g;

	TG_ALLOC_GROW(r->v, r->nr + 1, r->alloc);
	g = &r->v[r->nr++];
	memset(g, 0, sizeof(*g));
	g->name = name;
	g->threshold = threshold;
	return g;
}

static void finish(struct tg_gate_report *r, struct tg_gate_result *g, enum tg_gate_state s,
                   char *actual, char *detail)
{
	g->state = s;
	g->actual = actual ? actual : tg_strdup("-");
	g->detail = detail;
	r->failed += s == TG_GATE_FAIL;
}

static char *abs_path(const char *root, const char *p)
{
	return p[0] == '/' ? tg_strdup(p) : fmt("%s/%s", root, p);
}

static void run_commands(const struct tg_config *cfg, const char *root, struct tg_gate_report *r)
{
	char *dir = fmt("%s/.terragon", root);

	for (size_t i = 0; i < cfg->quality_gates.commands_nr; i++) {
		const struct tg_gate_command *c = &cfg->quality_gates.commands[i];
		int t = c->timeout_s > 0 ? c->timeout_s : 600, code;
		char *log = fmt("%s/gate-%s.log", dir, c->name), *s, *rel;
		struct tg_gate_result *g =
		        add(r, fmt("command:%s", c->name), fmt("exit 0 within %d s", t));

		/* The name becomes a file name: keep it to one harmless component. */
		for (s = log + strlen(dir) + 6; *s; s++)
			if (*s == '/' || *s == ' ')
				*s = '_';
		rel = log + strlen(root) + 1; /* shorter in a pull-request comment */
		/* Made beneath the root before the command opens it by name: a
		 * committed link at .terragon/ or at the log is refused. */
		if (tg_beneath_create(root, rel)) {
			finish(r, g, TG_GATE_FAIL, fmt("no log"), fmt("%s", tg_error_message()));
			tg_error_clear();
			free(log);
			continue;
		}
		code = tg_proc_run(root, c->run, t, log);
		if (code == 0)
			finish(r, g, TG_GATE_PASS, fmt("exit 0"), fmt("log: %s", rel));
		else if (code == -1)
			finish(r, g, TG_GATE_FAIL, fmt("timed out"),
			       fmt("killed after %d s; log: %s", t, rel));
		else if (code == -2)
			finish(r, g, TG_GATE_FAIL, fmt("not started"), fmt("%s", strerror(errno)));
		else
			finish(r, g, TG_GATE_FAIL, fmt("exit %d", code), fmt("log: %s", rel));
		free(log);
	}
	free(dir);
}

static void coverage_gate(const struct tg_config *cfg, const char *root, struct tg_gate_report *r)
{
	const char *file = cfg->quality_gates.coverage_file;
	double min = cfg->quality_gates.coverage_min;
	struct tg_gate_result *g = add(r, fmt("coverage"), fmt(">= %.1f%%", min));
	struct tg_coverage cov;
	char *path;

	if (!file || !*file) {
		finish(r, g, TG_GATE_SKIP, NULL, fmt("quality_gates.coverage_file not set"));
		return;
	}
	path = abs_path(root, file);
	tg_coverage_init(&cov);
	/* A relative file is in the tree, where a contributor can commit a link in
	 * its place; an absolute one is the configuration's explicit choice. */
	if (file[0] != '/' && tg_beneath_regular(root, file))
		finish(r, g, TG_GATE_FAIL, NULL, fmt("could not read: %s", tg_error_message()));
	else if (tg_ingest_coverage(path, root, &cov))
		finish(r, g, TG_GATE_FAIL, NULL, fmt("could not read: %s", tg_error_message()));
	else if (cov.percent < 0)
		finish(r, g, TG_GATE_FAIL, NULL,
		       fmt("%s (%s) instruments no line", file, cov.format));
	else
		finish(r, g, cov.percent >= min ? TG_GATE_PASS : TG_GATE_FAIL,
		       fmt("%.1f%%", cov.percent),
		       fmt("%s (%s): %zu of %zu lines", file, cov.format, cov.lines_hit,
		           cov.lines_found));
	tg_coverage_release(&cov);
	free(path);
}

static int is_vuln(const struct tg_item *it)
{
	if (it->severity != TG_SEV_CRITICAL || !it->category)
		return 0;
	for (size_t i = 0; vuln_categories[i]; i++)
		if (!strcmp(it->category, vuln_categories[i]))
			return 1;
	return 0;
}

static void vuln_gate(const struct tg_config *cfg, sqlite3 *db, struct tg_gate_report *r)
{
	int max = cfg->quality_gates.max_critical_vulns;
	struct tg_gate_result *g = add(r, fmt("critical-vulns"), fmt("<= %d", max));
	struct tg_backlog b;
	struct tg_sql *q;
	size_t n = 0;
	int rc;

	if (!db) {
		finish(r, g, TG_GATE_FAIL, NULL,
		       fmt("could not be evaluated: no store; run `terragon discover` first"));
		return;
	}
	tg_backlog_init(&b);
	q = tg_sql_wrap_sqlite(db, NULL);
	rc = tg_persist_load(q, &b, 1);
	tg_sql_close(q);
	if (rc) {
		finish(r, g, TG_GATE_FAIL, NULL,
		       fmt("could not be evaluated: %s", tg_error_message()));
	} else {
		for (size_t i = 0; i < b.nr; i++)
			n += is_vuln(&b.items[i]);
		finish(r, g, (long)n <= max ? TG_GATE_PASS : TG_GATE_FAIL, fmt("%zu", n),
		       fmt("open critical items of categories security, secret, vulnerability, "
		           "dependency, ai-ml"));
	}
	tg_backlog_release(&b);
}

static int perf_gate(const struct tg_config *cfg, const char *root, struct tg_gate_report *r)
{
	const char *bf = cfg->quality_gates.bench_baseline, *cf = cfg->quality_gates.bench_current;
	double max = cfg->quality_gates.perf_regression_max_pct;
	struct tg_gate_result *g = add(r, fmt("perf-regression"), fmt("<= %.1f%%", max));
	struct tg_bench_set base = {0}, cur = {0};
	struct tg_bench_report rep = {0};
	char *bp, *cp;
	int rc;

	if (!bf || !*bf || !cf || !*cf) {
		finish(r, g, TG_GATE_SKIP, NULL,
		       fmt("quality_gates.bench_baseline and bench_current not both set"));
		return TG_OK;
	}
	bp = abs_path(root, bf);
	cp = abs_path(root, cf);
	rc = tg_bench_read(bp, &base);
	if (!rc)
		rc = tg_bench_read(cp, &cur);
	if (!rc)
		rc = tg_bench_compare(&base, &cur, max, &rep);
	if (rc && rc != TG_ERR_USAGE) {
		/* A missing or broken run fails the gate; a file of no known kind or two
		 * kinds compared is a configuration mistake. */
		finish(r, g, TG_GATE_FAIL, NULL, fmt("could not read: %s", tg_error_message()));
		rc = TG_OK;
	} else if (rc) {
		finish(r, g, TG_GATE_FAIL, NULL, fmt("%s", tg_error_message()));
		rc = tg_error_set(TG_ERR_USAGE, "quality_gates: %s", g->detail);
	} else {
		finish(r, g, rep.regressions ? TG_GATE_FAIL : TG_GATE_PASS,
		       fmt("%+.1f%%", rep.worst_pct),
		       fmt("%zu regression(s) in %zu benchmark(s) (%s)", rep.regressions, rep.nr,
		           tg_bench_kind_name(rep.kind)));
	}
	tg_bench_report_release(&rep);
	tg_bench_set_release(&base);
	tg_bench_set_release(&cur);
	free(bp);
	free(cp);
	return rc;
}

int tg_gate_run(const struct tg_config *cfg, const char *root, sqlite3 *db,
                struct tg_gate_report *out)
{
	memset(out, 0, sizeof(*out));
	run_commands(cfg, root, out);
	coverage_gate(cfg, root, out);
	vuln_gate(cfg, db, out);
	return perf_gate(cfg, root, out);
}

void tg_gate_report_release(struct tg_gate_report *r)
{
	for (size_t i = 0; i < r->nr; i++) {
		free(r->v[i].name);
		free(r->v[i].threshold);
		free(r->v[i].actual);
		free(r->v[i].detail);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}
