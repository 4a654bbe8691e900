/*
 * The history metrics and SLOs are computed from, read from the store once:
 * each item's episodes (opened or reopened, until resolved, suppressed or
 * left out) from item_events, execute's attempts from executions, the runs,
 * and what is open now.
 */
#include "observe/observe.h"

#include "compliance/compliance.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

const char *const tg_observe_categories[TG_OBS_CATEGORIES] = {
        "security",     "secret",     "vulnerability", "ai-ml",    "compliance",
        "complexity",   "hotspot",    "debt",          "coverage", "performance",
        "architecture", "dependency", "other",
};
const char *const tg_observe_severities[TG_OBS_SEVERITIES] = {"info", "low", "medium", "high",
                                                              "critical"};
const char *const tg_observe_outcomes[TG_OBS_OUTCOMES] = {"pr-opened", "dry-run", "failed",
                                                          "gate-failed", "error"};
const char *const tg_observe_frameworks[TG_OBS_FRAMEWORKS] = {"SOX", "PCI-DSS", "CIS"};

static int index_of(const char *const *names, size_t nr, const char *s, int other)
{
	size_t i;

	for (i = 0; s && i < nr; i++)
		if (!strcmp(names[i], s))
			return (int)i;
	return other;
}

static int category_of(const char *s)
{
	return index_of(tg_observe_categories, TG_OBS_CATEGORIES - 1, s, TG_OBS_CATEGORIES - 1);
}

static int severity_of(const char *s)
{
	return index_of(tg_observe_severities, TG_OBS_SEVERITIES, s, 0);
}

/* The distinct controls of the table, per framework: few, so a list. */
struct controls {
	char names[64][32];
	int framework[64], failing[64];
	size_t nr;
};

static void add_control(const char *c, size_t len, void *arg)
{
	struct controls *cs = arg;
	size_t i, flen = strcspn(c, ":");
	int fw = -1;

	for (i = 0; i < TG_OBS_FRAMEWORKS; i++)
		if (strlen(tg_observe_frameworks[i]) == flen &&
		    !strncmp(tg_observe_frameworks[i], c, flen))
			fw = (int)i;
	if (fw < 0 || len >= sizeof(cs->names[0]) || cs->nr == 64)
		return;
	for (i = 0; i < cs->nr; i++)
		if (strlen(cs->names[i]) == len && !strncmp(cs->names[i], c, len))
			return;
	memcpy(cs->names[cs->nr], c, len);
	cs->names[cs->nr][len] = 0;
	cs->framework[cs->nr] = fw;
	cs->failing[cs->nr++] = 0;
}

static void mark_failing(struct controls *cs, const char *list)
{
	const char *p;
	size_t i, n;

	for (p = list; p && *p; p += n + (p[n] == ' ')) {
		n = strcspn(p, " ");
		for (i = 0; i < cs->nr; i++)
			if (strlen(cs->names[i]) == n && !strncmp(cs->names[i], p, n))
				cs->failing[i] = 1;
	}
}

static int prepare(struct tg_sql *db, const char *sql, struct tg_sql_stmt **s)
{
	if (tg_sql_prepare(db, s, sql))
		return tg_sql_error(db, "reading the history for metrics");
	return TG_OK;
}

static int finish(struct tg_sql *db, struct tg_sql_stmt *s, int step)
{
	tg_sql_finalize(s);
	return step == TG_SQL_DONE ? TG_OK : tg_sql_error(db, "reading the history for metrics");
}

/*
 * An item's number, the key that ties its episodes to its executions: its
 * rowid in SQLite; PostgreSQL has none, so there the 64 bits its
 * fingerprint's 16 hex digits spell. Both queries order by the same key.
 */
static const char *item_key(struct tg_sql *db)
{
	return tg_sql_backend(db) == TG_SQL_SQLITE
	               ? "i.rowid"
	               : "CAST(CAST('x' || i.fingerprint AS bit(64)) AS BIGINT)";
}

static int load_open(struct tg_sql *db, struct tg_observe *o)
{
	struct controls cs = {.nr = 0};
	struct tg_sql_stmt *s;
	size_t i;
	int rc, step;

	tg_compliance_controls_each(add_control, &cs);
	if ((rc = prepare(db,
	                  "SELECT i.category, i.severity, json_extract(j.json, '$.scores.debt'),"
	                  " json_extract(j.json, '$.controls') FROM items i"
	                  " LEFT JOIN item_json j ON j.fingerprint = i.fingerprint"
	                  " WHERE i.status IN ('open', 'in-progress')",
	                  &s)))
		return rc;
	while ((step = tg_sql_step(s)) == TG_SQL_ROW) {
		int c = category_of(tg_sql_column_text(s, 0));
		o->open[c][severity_of(tg_sql_column_text(s, 1))]++;
		o->debt_seconds[c] += tg_sql_column_double(s, 2) * 60;
		mark_failing(&cs, tg_sql_column_text(s, 3));
	}
	for (i = 0; i < cs.nr; i++) {
		o->controls[cs.framework[i]]++;
		o->controls_failing[cs.framework[i]] += cs.failing[i];
	}
	return finish(db, s, step);
}

#define GROW(arr, nr, alloc)                                                                       \
	do {                                                                                       \
		if ((nr) == (alloc)) {                                                             \
			(alloc) = (alloc) ? 2 * (alloc) : 64;                                      \
			(arr) = tg_realloc((arr), (alloc) * sizeof(*(arr)));                       \
		}                                                                                  \
	} while (0)

/* Episodes, with the item each belongs to in items[] (rowids, ascending). */
struct episodes {
	struct tg_observe *o;
	int64_t *items;
	size_t alloc;
};

static void skew(struct tg_observe *o, time_t at)
{
	if (at > o->now)
		o->skewed++;
}

static void on_event(struct episodes *e, int64_t item, time_t at, const char *ev, int category,
                     int severity, double value)
{
	struct tg_observe *o = e->o;
	struct tg_obs_episode *cur = NULL;
	int start = !strcmp(ev, "opened") || !strcmp(ev, "reopened") || !strcmp(ev, "unsuppressed");

	skew(o, at);
	if (o->episodes_nr && e->items[o->episodes_nr - 1] == item &&
	    !o->episodes[o->episodes_nr - 1].closed)
		cur = &o->episodes[o->episodes_nr - 1];
	if (start && !cur) {
		if (o->episodes_nr == e->alloc) {
			GROW(o->episodes, o->episodes_nr, e->alloc);
			e->items = tg_realloc(e->items, e->alloc * sizeof(*e->items));
		}
		cur = &o->episodes[o->episodes_nr];
		memset(cur, 0, sizeof(*cur));
		cur->opened = at;
		cur->category = (unsigned char)category;
		cur->severity = (unsigned char)severity;
		cur->value = value;
		e->items[o->episodes_nr++] = item;
	} else if (cur && (!strcmp(ev, "resolved") || !strcmp(ev, "suppressed") ||
	                   !strcmp(ev, "left-out"))) {
		cur->closed = at;
		cur->end = ev[0] == 'r' ? TG_OBS_RESOLVED : TG_OBS_SET_ASIDE;
		if (at < cur->opened)
			o->skewed++;
	}
}

static int load_episodes(struct tg_sql *db, struct episodes *e)
{
	struct tg_buf sql = TG_BUF_INIT;
	struct tg_sql_stmt *s;
	int rc, step;

	tg_buf_addf(&sql,
	            "SELECT %s, e.at, e.event, i.category, i.severity,"
	            " (SELECT json_extract(json, '$.scores.composite') FROM item_json j"
	            "  WHERE j.fingerprint = i.fingerprint)"
	            " FROM item_events e JOIN items i ON i.fingerprint = e.fingerprint"
	            " ORDER BY 1, e.at, e.id",
	            item_key(db));
	rc = prepare(db, sql.buf, &s);
	tg_buf_release(&sql);
	if (rc)
		return rc;
	while ((step = tg_sql_step(s)) == TG_SQL_ROW)
		on_event(e, tg_sql_column_int64(s, 0), (time_t)tg_sql_column_int64(s, 1),
		         tg_sql_column_text(s, 2), category_of(tg_sql_column_text(s, 3)),
		         severity_of(tg_sql_column_text(s, 4)), tg_sql_column_double(s, 5));
	return finish(db, s, step);
}

/* Marks the episode of item that was open when an execution started. */
static void attach(struct episodes *e, size_t *from, int64_t item, const struct tg_obs_execution *x)
{
	struct tg_observe *o = e->o;
	size_t i;

	while (*from < o->episodes_nr && e->items[*from] < item)
		(*from)++;
	for (i = *from; i < o->episodes_nr && e->items[i] == item; i++) {
		struct tg_obs_episode *ep = &o->episodes[i];
		if (x->started < ep->opened || (ep->closed && x->started > ep->closed))
			continue;
		ep->attempted = 1;
		if (x->outcome == 0 && !ep->delivered)
			ep->delivered = x->finished ? x->finished : x->started;
		return;
	}
}

static int load_executions(struct tg_sql *db, struct episodes *e)
{
	struct tg_observe *o = e->o;
	struct tg_buf sql = TG_BUF_INIT;
	struct tg_sql_stmt *s;
	size_t alloc = 0, from = 0;
	int rc, step;

	tg_buf_addf(&sql,
	            "SELECT COALESCE(%s, 0), x.started_at, x.finished_at, x.outcome,"
	            " x.dry_run FROM executions x"
	            " LEFT JOIN items i ON i.fingerprint = x.fingerprint"
	            " ORDER BY 1, x.started_at, x.id",
	            item_key(db));
	rc = prepare(db, sql.buf, &s);
	tg_buf_release(&sql);
	if (rc)
		return rc;
	while ((step = tg_sql_step(s)) == TG_SQL_ROW) {
		struct tg_obs_execution *x;
		GROW(o->executions, o->executions_nr, alloc);
		x = &o->executions[o->executions_nr++];
		x->started = (time_t)tg_sql_column_int64(s, 1);
		x->finished = (time_t)tg_sql_column_int64(s, 2);
		x->outcome = index_of(tg_observe_outcomes, TG_OBS_OUTCOMES,
		                      tg_sql_column_text(s, 3), -1);
		x->dry_run = tg_sql_column_int64(s, 4);
		skew(o, x->started);
		if (x->finished && (x->finished < x->started || x->finished > o->now))
			o->skewed++;
		attach(e, &from, tg_sql_column_int64(s, 0), x);
	}
	return finish(db, s, step);
}

static int load_runs(struct tg_sql *db, struct tg_observe *o)
{
	struct tg_sql_stmt *s;
	size_t alloc = 0;
	int rc, step;

	/* Per command: its runs by status, and its last run (the highest id). */
	if ((rc = prepare(db,
	                  "SELECT command, sum(CASE WHEN status = 'ok' THEN 1 ELSE 0 END),"
	                  " sum(CASE WHEN status = 'failed' THEN 1 ELSE 0 END),"
	                  " sum(CASE WHEN status = 'running' THEN 1 ELSE 0 END),"
	                  " (SELECT started_at FROM runs l WHERE l.command = r.command"
	                  "  ORDER BY id DESC LIMIT 1),"
	                  " (SELECT finished_at FROM runs l WHERE l.command = r.command"
	                  "  ORDER BY id DESC LIMIT 1),"
	                  " (SELECT status = 'ok' FROM runs l WHERE l.command = r.command"
	                  "  ORDER BY id DESC LIMIT 1)"
	                  " FROM runs r GROUP BY command ORDER BY command",
	                  &s)))
		return rc;
	while ((step = tg_sql_step(s)) == TG_SQL_ROW) {
		struct tg_obs_runs *r;
		GROW(o->runs, o->runs_nr, alloc);
		r = &o->runs[o->runs_nr++];
		r->command = tg_strdup(tg_sql_column_text(s, 0));
		r->ok = (uint64_t)tg_sql_column_int64(s, 1);
		r->failed = (uint64_t)tg_sql_column_int64(s, 2);
		r->running = (uint64_t)tg_sql_column_int64(s, 3);
		r->last_started = (time_t)tg_sql_column_int64(s, 4);
		r->last_finished = (time_t)tg_sql_column_int64(s, 5);
		r->last_ok = tg_sql_column_int64(s, 6);
		skew(o, r->last_started);
	}
	return finish(db, s, step);
}

int tg_observe_load(struct tg_sql *db, time_t now, const char *repository, struct tg_observe *o)
{
	struct episodes e = {o, NULL, 0};
	int rc;

	memset(o, 0, sizeof(*o));
	o->now = now;
	o->repository = tg_strdup(repository ? repository : "");
	rc = load_open(db, o);
	if (!rc)
		rc = load_episodes(db, &e);
	if (!rc)
		rc = load_executions(db, &e);
	if (!rc)
		rc = load_runs(db, o);
	free(e.items);
	return rc;
}

void tg_observe_release(struct tg_observe *o)
{
	size_t i;

	for (i = 0; i < o->runs_nr; i++)
		free(o->runs[i].command);
	free(o->runs);
	free(o->episodes);
	free(o->executions);
	free(o->repository);
	memset(o, 0, sizeof(*o));
}
