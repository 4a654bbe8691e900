/*
 * Complexity that costs something now. A complex function is worth
 * simplifying when it keeps changing: maintainers judging the top of
 * redis, curl, flask, requests and sqlalchemy called stable dispatchers and
 * untouched loaders noise whatever their complexity, and the functions
 * changed by many commits (and fixes) real (bench/judged/). So each complex
 * or long function is weighed by the commits of the last RECENT_MONTHS that
 * survive in its own lines (`git blame --since`, history/recent.c), not by
 * its file's churn; and a file-level hotspot needs such a function to start
 * from, which its item names.
 */
#include "discover/discover.h"

#include "backlog/score.h"
#include "history/history.h"
#include "store/store.h"
#include "util/error.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/hashmap.h"
#include "util/log.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define RECENT_MONTHS 24
/* Changes in the window that make a function active: its complexity is paid now. */
#define ACTIVE_CHANGES 3
/* Changes, or fixes, that make an active function's item high severity. */
#define BUSY_CHANGES 8
#define BUSY_FIXES   2
/* The least (CCN / threshold) x changes in two years of a complex function to act on now. */
#define ACT_COST 6
/* A hotspot's complex functions take at least 1/HOTSPOT_SHARE of its recent changed lines. */
#define HOTSPOT_SHARE 4

struct rfile {
	const char *path;
	struct tg_history_recent r;
	int ok;
	long best_changes, best_fixes; /* the file's busiest complex function */
	long complex_lines;            /* recent lines inside its complex functions */
	const struct tg_item *best;
};

static int is_function(const struct tg_item *it)
{
	return it->status == TG_STATUS_OPEN && it->context == TG_CONTEXT_CODE && it->path &&
	       it->start_line > 0 && it->end_line >= it->start_line &&
	       (tg_item_is_rule(it, "complex-function") || tg_item_is_rule(it, "long-function"));
}

/* The files whose functions changed in the window: the only ones worth a blame. */
static struct rfile *files_to_blame(const struct tg_history *h, const struct tg_backlog *b,
                                    int64_t since, struct tg_hashmap *index, size_t *nr)
{
	struct rfile *v = NULL;
	size_t alloc = 0, i;

	*nr = 0;
	for (i = 0; i < b->nr; i++) {
		const struct tg_item *it = &b->items[i];
		const struct tg_history_file *f;
		int added;
		struct tg_hashmap_entry *e;

		if (!is_function(it) || !(f = tg_history_file(h, it->path)) || f->last_time < since)
			continue;
		e = tg_hashmap_put(index, it->path, strlen(it->path), &added);
		if (!added)
			continue;
		TG_ALLOC_GROW(v, *nr + 1, alloc);
		memset(&v[*nr], 0, sizeof(*v));
		v[*nr].path = it->path;
		e->val.u64 = (*nr)++;
	}
	return v;
}

/* The function's name: the title up to " has " or " is ". */
static void function_name(const struct tg_item *it, struct tg_buf *out)
{
	const char *t = it->title ? it->title : "", *end = strstr(t, " has ");

	if (!end)
		end = strstr(t, " is ");
	tg_buf_add(out, t, end ? (size_t)(end - t) : strlen(t));
}

static void __attribute__((format(printf, 2, 3))) append(char **s, const char *fmt, ...)
{
	struct tg_buf buf = TG_BUF_INIT;
	va_list ap;

	tg_buf_adds(&buf, *s ? *s : "");
	va_start(ap, fmt);
	tg_buf_vaddf(&buf, fmt, ap);
	va_end(ap);
	free(*s);
	*s = tg_buf_detach(&buf, NULL);
}

/*
 * Complexity nobody is paying for now: low, with the least cost of delay and
 * a small expected impact, so any finding with a reason to act ranks above.
 */
static void watch_only(struct tg_item *it)
{
	it->severity = TG_SEV_LOW;
	it->inputs.business_value = 1;
	it->inputs.time_criticality = 1;
	it->inputs.risk_reduction = 1;
	it->inputs.impact = 2;
}

/* A dispatcher's complexity is a table of cases (source_scan.c): low whatever its churn. */
static int is_flat(const struct tg_item *it)
{
	return it->evidence && strstr(it->evidence, " flat=1");
}

/* An evidence value, key=N; 0 when absent. */
static long evidence_long(const struct tg_item *it, const char *key)
{
	const char *p = it->evidence;
	size_t len = strlen(key);

	while (p && (p = strstr(p, key))) {
		if ((p == it->evidence || p[-1] == ' ') && p[len] == '=')
			return atol(p + len + 1);
		p += len;
	}
	return 0;
}

/*
 * Complexity costs in proportion to how far it is over the threshold and how
 * often the function changes: a function just over (requests' CC 16-21, judged
 * readable) must change often to be worth the refactor, one three times over
 * need only be active. Below ACT_COST it waits.
 */
static int costs_now(const struct tg_item *it, long changes)
{
	long ccn = evidence_long(it, "ccn"), max = evidence_long(it, "ccn_max");

	if (!tg_item_is_rule(it, "complex-function") || ccn <= 0 || max <= 0)
		return 1;
	return (double)ccn / (double)max * (double)changes >= ACT_COST;
}

static void weigh_function(struct tg_item *it, long changes, long fixes, long lines)
{
	append(&it->evidence, " changes_24m=%ld fixes_24m=%ld lines_24m=%ld", changes, fixes,
	       lines);
	it->change_rate = (double)changes / RECENT_MONTHS;
	if (changes == 0) {
		watch_only(it);
		append(&it->message,
		       "; unchanged for two years: simplify it when it next has to change");
		return;
	}
	if (changes < ACTIVE_CHANGES || !costs_now(it, changes)) {
		watch_only(it);
		append(&it->message,
		       "; changed by %ld commit%s in two years: simplify it when it next has to "
		       "change",
		       changes, changes == 1 ? "" : "s");
		return;
	}
	if (is_flat(it)) {
		it->inputs.time_criticality = 2;
		return;
	}
	it->inputs.time_criticality = tg_fibonacci_ceil(changes > 13 ? 13 : (double)changes);
	if (fixes)
		it->inputs.risk_reduction = tg_fibonacci_ceil(fixes > 4 ? 13 : 3.0 * (double)fixes);
	/* Length alone is no defect risk: only a complex function becomes high. */
	if ((changes >= BUSY_CHANGES || fixes >= BUSY_FIXES) &&
	    tg_item_is_rule(it, "complex-function"))
		it->severity = TG_SEV_HIGH;
	append(&it->message, "; changed by %ld commits in two years, %ld of them fixes", changes,
	       fixes);
}

/*
 * A hotspot is where change meets complexity. Without a complex function
 * that keeps changing, or when its complex functions took little of the
 * file's recent change (redis's module.c: hundreds of small API functions,
 * 9 % of its changed lines in complex ones; sqlalchemy's dialects: their
 * docs), it is advice to watch the file, not work to do now: it sinks, and
 * says so. 0 when it stands, naming the function to start with.
 */
static int weigh_hotspot(struct tg_item *it, const struct rfile *f)
{
	struct tg_buf b = TG_BUF_INIT;
	long all = 0;

	if (!f || !f->best || f->best_changes < ACTIVE_CHANGES) {
		watch_only(it);
		append(&it->message,
		       "; but no complex function of it changed three times in two years: "
		       "watch it (terragon hotspots) rather than refactor it");
		return -1;
	}
	tg_history_recent_changes(&f->r, 1, LONG_MAX, NULL, &all);
	append(&it->evidence, " lines_24m=%ld complex_lines_24m=%ld", all, f->complex_lines);
	if (f->complex_lines * HOTSPOT_SHARE < all) {
		watch_only(it);
		append(&it->message,
		       "; but its complex functions took only %ld of the %ld lines changed in two "
		       "years: the change lands elsewhere, in simple code",
		       f->complex_lines, all);
		return -1;
	}
	tg_buf_adds(&b, it->message ? it->message : "");
	tg_buf_adds(&b, "; start with ");
	function_name(f->best, &b);
	tg_buf_addf(&b, " (line %d), changed by %ld commits in two years, %ld of them fixes",
	            f->best->start_line, f->best_changes, f->best_fixes);
	free(it->message);
	it->message = tg_buf_detach(&b, NULL);
	append(&it->evidence, " target_changes_24m=%ld target_fixes_24m=%ld", f->best_changes,
	       f->best_fixes);
	return 0;
}

static double max2(double a, double b)
{
	return a > b ? a : b;
}

/*
 * The hotspot and the function it starts with are one job: the judges called
 * the function's own item a duplicate of its file's. The hotspot keeps it as
 * an occurrence and takes the worse of the two's severity and inputs.
 */
static void fold_target(struct tg_item *hot, struct tg_item *fn)
{
	if (!hot->occurrences_nr)
		tg_item_add_occurrence(hot, hot->path, hot->start_line, hot->end_line, hot->source,
		                       hot->rule_id);
	tg_item_add_occurrence(hot, fn->path, fn->start_line, fn->end_line, fn->source,
	                       fn->rule_id);
	if (fn->severity > hot->severity)
		hot->severity = fn->severity;
	hot->inputs.business_value = max2(hot->inputs.business_value, fn->inputs.business_value);
	hot->inputs.time_criticality =
	        max2(hot->inputs.time_criticality, fn->inputs.time_criticality);
	hot->inputs.risk_reduction = max2(hot->inputs.risk_reduction, fn->inputs.risk_reduction);
	hot->inputs.impact = max2(hot->inputs.impact, fn->inputs.impact);
	hot->remediation_minutes = max2(hot->remediation_minutes, fn->remediation_minutes);
	if (fn->change_rate > hot->change_rate)
		hot->change_rate = fn->change_rate;
	append(&hot->evidence, " target=%s:%d", fn->path, fn->start_line);
}

static int not_folded(const struct tg_item *it, void *arg)
{
	struct tg_backlog *b = ((void **)arg)[0];
	const unsigned char *folded = ((void **)arg)[1];

	return !folded[it - b->items];
}

static void weigh_items(struct tg_backlog *b, struct rfile *files, struct tg_hashmap *index)
{
	unsigned char *folded = tg_calloc(b->nr ? b->nr : 1, 1);
	void *arg[2] = {b, folded};
	size_t i, nfolded = 0;

	for (i = 0; i < b->nr; i++) {
		struct tg_item *it = &b->items[i];
		struct tg_hashmap_entry *e;
		struct rfile *f = NULL;
		long changes = 0, fixes = 0, lines = 0;

		if (!is_function(it))
			continue;
		if ((e = tg_hashmap_get(index, it->path, strlen(it->path)))) {
			f = &files[e->val.u64];
			if (!f->ok)
				continue;
			changes = tg_history_recent_changes(&f->r, it->start_line, it->end_line,
			                                    &fixes, &lines);
		}
		weigh_function(it, changes, fixes, lines);
		/* a table of cases is still where the change landed in complex code */
		if (f && tg_item_is_rule(it, "complex-function"))
			f->complex_lines += lines;
		if (f && tg_item_is_rule(it, "complex-function") && !is_flat(it) &&
		    (changes > f->best_changes ||
		     (changes == f->best_changes && f->best && it->metric > f->best->metric) ||
		     !f->best)) {
			f->best = it;
			f->best_changes = changes;
			f->best_fixes = fixes;
		}
	}
	for (i = 0; i < b->nr; i++) {
		struct tg_item *it = &b->items[i];
		struct tg_hashmap_entry *e;
		struct rfile *f;

		if (it->status != TG_STATUS_OPEN || !tg_item_is_rule(it, "history/hotspot") ||
		    !it->path)
			continue;
		e = tg_hashmap_get(index, it->path, strlen(it->path));
		f = e ? &files[e->val.u64] : NULL;
		if (!weigh_hotspot(it, f) && !folded[f->best - b->items]) {
			fold_target(it, &b->items[f->best - b->items]);
			folded[f->best - b->items] = 1;
			nfolded++;
		}
	}
	if (nfolded)
		tg_backlog_retain(b, not_folded, arg);
	free(folded);
}

/*
 * The store the history was kept in, opened again (the history source closed
 * its connection): the blames are kept beside it. NULL without one.
 */
static struct tg_store *blame_store(const struct tg_discover_ctx *ctx, struct tg_history *h)
{
	struct tg_store *st = NULL;

	if (!ctx->use_store ||
	    tg_store_open_in(&st, ctx->root, ctx->cfg->store.path, TG_STORE_CREATE, -1)) {
		tg_error_clear();
		return NULL;
	}
	if (!tg_history_use_store(h, st)) {
		tg_store_close(st);
		return NULL;
	}
	return st;
}

void tg_discover_recent(const struct tg_discover_ctx *ctx, struct tg_history *h,
                        struct tg_backlog *b)
{
	struct tg_hashmap index = TG_HASHMAP_INIT;
	struct tg_store *st = NULL;
	int64_t since = tg_history_recent_since(h, RECENT_MONTHS);
	double t0 = tg_clock_mono();
	struct tg_history_recent *out;
	const char **paths;
	struct rfile *files;
	size_t nr, i;
	int *ok;

	files = files_to_blame(h, b, since, &index, &nr);
	if (nr)
		st = blame_store(ctx, h);
	paths = tg_calloc(nr + 1, sizeof(*paths));
	out = tg_calloc(nr + 1, sizeof(*out));
	ok = tg_calloc(nr + 1, sizeof(*ok));
	for (i = 0; i < nr; i++)
		paths[i] = files[i].path;
	tg_history_recent_many(h, paths, nr, RECENT_MONTHS, out, ok);
	if (st) {
		tg_history_use_store(h, NULL);
		tg_store_close(st);
	}
	for (i = 0; i < nr; i++) {
		files[i].r = out[i];
		files[i].ok = ok[i];
	}
	weigh_items(b, files, &index);
	tg_debug("recent: the complex functions of %zu files weighed (window from %lld) in %.3f s",
	         nr, (long long)since, tg_clock_mono() - t0);
	for (i = 0; i < nr; i++)
		tg_history_recent_release(&files[i].r);
	free(files);
	free(paths);
	free(out);
	free(ok);
	tg_hashmap_release(&index);
}
