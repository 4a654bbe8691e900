#include "backlog/persist.h"

#include "backlog/group.h"

#include "backlog/item_json.h"
#include "backlog/persist_int.h"
#include "store/audit.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/json.h"
#include "util/log.h"
#include "util/utf8.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The tables are migration 2 of src/store/schema.c. */

/* What the store knows of an item before this run. */
struct stored {
	char fingerprint[17];
	char *source, *category, *path;
	enum tg_severity severity;
	enum tg_item_status status;
	time_t first_seen, last_seen;
	sqlite3_int64 json_hash;
	int seen; /* found again in this run */
};

int tg_persist_bind_path(sqlite3_stmt *st, int col, const char *path)
{
	if (!path || tg_utf8_valid(path, strlen(path)))
		return sqlite3_bind_text(st, col, path, -1, SQLITE_TRANSIENT);
	return sqlite3_bind_blob(st, col, path, (int)strlen(path), SQLITE_TRANSIENT);
}

static int sql_error(sqlite3 *db, const char *what)
{
	return tg_store_db_error(db, what);
}

static enum tg_item_status status_parse(const char *s)
{
	int i;

	for (i = 0; s && i < 4; i++)
		if (!strcmp(s, tg_item_status_name(i)))
			return i;
	return TG_STATUS_OPEN;
}

static int cmp_stored(const void *a, const void *b)
{
	return strcmp(((const struct stored *)a)->fingerprint,
	              ((const struct stored *)b)->fingerprint);
}

static int load_stored(sqlite3 *db, struct stored **out, size_t *nr)
{
	sqlite3_stmt *st;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*nr = 0;
	if (sqlite3_prepare_v2(
	            db,
	            "SELECT fingerprint, source, path, status, first_seen, json_hash, category, "
	            "severity, last_seen FROM items",
	            -1, &st, NULL))
		return sql_error(db, "reading items");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct stored *s;
		const char *fp = (const char *)sqlite3_column_text(st, 0);
		const char *path = (const char *)sqlite3_column_text(st, 2), *cat, *sev;
		TG_ALLOC_GROW(*out, *nr + 1, alloc);
		s = &(*out)[(*nr)++];
		memset(s, 0, sizeof(*s));
		snprintf(s->fingerprint, sizeof(s->fingerprint), "%s", fp ? fp : "");
		s->source = tg_strdup((const char *)sqlite3_column_text(st, 1));
		s->path = path ? tg_strdup(path) : NULL;
		s->status = status_parse((const char *)sqlite3_column_text(st, 3));
		s->first_seen = (time_t)sqlite3_column_int64(st, 4);
		s->json_hash = sqlite3_column_int64(st, 5);
		s->last_seen = (time_t)sqlite3_column_int64(st, 8);
		cat = (const char *)sqlite3_column_text(st, 6);
		s->category = cat ? tg_strdup(cat) : NULL;
		sev = (const char *)sqlite3_column_text(st, 7);
		if (!sev || tg_severity_parse(sev, &s->severity))
			s->severity = TG_SEV_INFO;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sql_error(db, "reading items");
	/* In the table's order, which is cheaper to read than the key's: sorted here. */
	if (*nr) /* qsort wants an array, even of nothing */
		qsort(*out, *nr, sizeof(**out), cmp_stored);
	return TG_OK;
}

/* Items in fingerprint order, the order of the stored rows and of the primary
 * key: the merge walks both lists once and SQLite's pages in order. */
static int cmp_item_fp(const void *a, const void *b)
{
	return strcmp((*(struct tg_item *const *)a)->fingerprint,
	              (*(struct tg_item *const *)b)->fingerprint);
}

static int add_event(sqlite3_stmt *ev, const char *fp, int64_t run, time_t at, const char *event)
{
	sqlite3_reset(ev);
	sqlite3_bind_text(ev, 1, fp, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ev, 2, run);
	sqlite3_bind_int64(ev, 3, (sqlite3_int64)at);
	sqlite3_bind_text(ev, 4, event, -1, SQLITE_STATIC);
	return sqlite3_step(ev) == SQLITE_DONE ? TG_OK : TG_ERR_RUN;
}

/* An item's path is covered when its source ran to the end over a prefix of it. */
static int covered(const struct tg_run_summary *s, const char *source, const char *path)
{
	size_t i, j;

	for (i = 0; i < s->sources_nr; i++) {
		const struct tg_source_run *r = &s->sources[i];
		if (!r->ok ||
		    (strcmp(r->name, source) && tg_strlist_find(&r->speaks_for, source) < 0))
			continue;
		for (j = 0; j < r->covered.nr; j++) {
			const char *p = r->covered.v[j];
			size_t n = strlen(p);
			if (!n || (path && !strncmp(path, p, n) && (path[n] == '/' || !path[n])))
				return 1;
		}
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Refinement found the item in this run and left it out (s->left_out is sorted). */
static int left_out(const struct tg_run_summary *s, const char *fp)
{
	return s->left_out.nr &&
	       bsearch(&fp, s->left_out.v, s->left_out.nr, sizeof(char *), cmp_str) != NULL;
}

/* Why a source that owns the item did not read its path in this run, or NULL. */
static const char *not_read(const struct tg_run_summary *s, const char *source, const char *path)
{
	size_t i, j;

	for (i = 0; path && i < s->sources_nr; i++) {
		const struct tg_source_run *r = &s->sources[i];
		if (strcmp(r->name, source) && tg_strlist_find(&r->speaks_for, source) < 0)
			continue;
		for (j = 0; j < r->not_read_nr; j++) {
			const char *p = r->not_read[j].path;
			size_t n = strlen(p);
			if (n && p[n - 1] == '/' ? !strncmp(path, p, n) : !strcmp(path, p))
				return r->not_read[j].why;
		}
	}
	return NULL;
}

static const char *transition(const struct stored *old, const struct tg_item *it)
{
	if (!old)
		return it->status == TG_STATUS_SUPPRESSED ? "suppressed" : "opened";
	if (old->status == TG_STATUS_RESOLVED)
		return it->status == TG_STATUS_SUPPRESSED ? "suppressed" : "reopened";
	if (old->status != TG_STATUS_SUPPRESSED && it->status == TG_STATUS_SUPPRESSED)
		return "suppressed";
	if (old->status == TG_STATUS_SUPPRESSED && it->status != TG_STATUS_SUPPRESSED)
		return "unsuppressed";
	return NULL;
}

struct merge_stmts {
	sqlite3_stmt *item, *seen, *json, *event, *hash;
};

static int prepare_merge(sqlite3 *db, struct merge_stmts *m)
{
	if (sqlite3_prepare_v2(db,
	                       "INSERT INTO items(fingerprint, source, category, severity, path, "
	                       "status, first_seen, last_seen, resolved_at, last_run, json_hash) "
	                       "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,NULL,?9,?10) "
	                       "ON CONFLICT(fingerprint) DO UPDATE SET source=?2, category=?3, "
	                       "severity=?4, path=?5, status=?6, last_seen=?8, resolved_at=NULL, "
	                       "last_run=?9, json_hash=?10",
	                       -1, &m->item, NULL) ||
	    sqlite3_prepare_v2(db,
	                       "UPDATE items SET last_seen=?2, last_run=?3 WHERE fingerprint=?1",
	                       -1, &m->seen, NULL) ||
	    sqlite3_prepare_v2(db,
	                       "INSERT OR REPLACE INTO item_json(fingerprint, json) VALUES (?1,?2)",
	                       -1, &m->json, NULL) ||
	    sqlite3_prepare_v2(db,
	                       "INSERT INTO item_events(fingerprint, run_id, at, event) "
	                       "VALUES (?1,?2,?3,?4)",
	                       -1, &m->event, NULL) ||
	    sqlite3_prepare_v2(db, "UPDATE items SET json_hash=?2 WHERE fingerprint=?1", -1,
	                       &m->hash, NULL))
		return sql_error(db, "preparing the merge");
	return TG_OK;
}

static void finalize_merge(struct merge_stmts *m)
{
	sqlite3_finalize(m->item);
	sqlite3_finalize(m->seen);
	sqlite3_finalize(m->json);
	sqlite3_finalize(m->event);
	sqlite3_finalize(m->hash);
}

/*
 * An item seen again unchanged (same observation, same status) only moves its
 * last_seen and last_run; otherwise the whole small row, and the JSON when
 * the observation changed.
 */
static int store_item(sqlite3 *db, struct merge_stmts *m, const struct tg_item *it,
                      const struct stored *o, const struct tg_buf *json, int64_t run, time_t now)
{
	sqlite3_int64 h = (sqlite3_int64)tg_hash64(json->buf, json->len);

	if (o && o->json_hash == h && o->status == it->status) {
		sqlite3_reset(m->seen);
		sqlite3_bind_text(m->seen, 1, it->fingerprint, -1, SQLITE_STATIC);
		sqlite3_bind_int64(m->seen, 2, (sqlite3_int64)now);
		sqlite3_bind_int64(m->seen, 3, run);
		return sqlite3_step(m->seen) == SQLITE_DONE ? TG_OK
		                                            : sql_error(db, "storing an item");
	}
	sqlite3_reset(m->item);
	sqlite3_bind_text(m->item, 1, it->fingerprint, -1, SQLITE_STATIC);
	sqlite3_bind_text(m->item, 2, it->source ? it->source : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(m->item, 3, it->category, -1, SQLITE_STATIC);
	sqlite3_bind_text(m->item, 4, tg_severity_name(it->severity), -1, SQLITE_STATIC);
	tg_persist_bind_path(m->item, 5, it->path);
	sqlite3_bind_text(m->item, 6, tg_item_status_name(it->status), -1, SQLITE_STATIC);
	sqlite3_bind_int64(m->item, 7, (sqlite3_int64)it->first_seen);
	sqlite3_bind_int64(m->item, 8, (sqlite3_int64)now);
	sqlite3_bind_int64(m->item, 9, run);
	sqlite3_bind_int64(m->item, 10, h);
	if (sqlite3_step(m->item) != SQLITE_DONE)
		return sql_error(db, "storing an item");
	if (o && o->json_hash == h)
		return TG_OK;
	sqlite3_reset(m->json);
	sqlite3_bind_text(m->json, 1, it->fingerprint, -1, SQLITE_STATIC);
	sqlite3_bind_text(m->json, 2, json->buf, (int)json->len, SQLITE_STATIC);
	return sqlite3_step(m->json) == SQLITE_DONE ? TG_OK : sql_error(db, "storing an item");
}

/* A suppression added or gone (expired, or its comment removed): an entry of the audit trail. */
static int audit_suppression(sqlite3 *db, const struct tg_item *it, int removed, time_t now)
{
	struct tg_buf d = TG_BUF_INIT;
	int rc;

	tg_buf_adds(&d, "{\"rule\": ");
	tg_buf_add_jsons(&d, it->rule_id);
	tg_buf_adds(&d, ", \"path\": ");
	tg_buf_add_jsons(&d, it->path);
	tg_buf_adds(&d, ", \"title\": ");
	tg_buf_add_jsons(&d, it->title);
	tg_buf_adds(&d, "}");
	rc = tg_audit_append_db(db, now, removed ? "suppression.removed" : "suppression.added",
	                        it->fingerprint, d.buf);
	tg_buf_release(&d);
	return rc;
}

static int upsert_items(sqlite3 *db, struct tg_backlog *b, struct stored *old, size_t old_nr,
                        struct tg_run_summary *s, time_t now)
{
	struct merge_stmts m = {0};
	struct tg_buf json = TG_BUF_INIT;
	struct tg_item **order = tg_calloc(b->nr ? b->nr : 1, sizeof(*order));
	int rc = prepare_merge(db, &m);
	size_t i, j = 0;

	for (i = 0; i < b->nr; i++)
		order[i] = &b->items[i];
	qsort(order, b->nr, sizeof(*order), cmp_item_fp);
	for (i = 0; i < b->nr && !rc; i++) {
		struct tg_item *it = order[i];
		struct stored *o = NULL;
		const char *event;
		while (j < old_nr && strcmp(old[j].fingerprint, it->fingerprint) < 0)
			j++;
		if (j < old_nr && !strcmp(old[j].fingerprint, it->fingerprint))
			o = &old[j];
		event = transition(o, it);
		if (o && it->status != TG_STATUS_SUPPRESSED && o->status == TG_STATUS_IN_PROGRESS)
			it->status = TG_STATUS_IN_PROGRESS; /* an open pull request keeps it so */
		if (o)
			o->seen = 1;
		else
			s->new_nr++;
		it->first_seen = o ? o->first_seen : now;
		/* The stored observation leaves last_seen out (the row has it), so an
		 * unchanged item hashes the same run after run. */
		it->last_seen = 0;
		it->resolved_at = 0;
		tg_buf_reset(&json);
		tg_item_to_json(&json, it, -1);
		it->last_seen = now;
		rc = store_item(db, &m, it, o, &json, s->run_id, now);
		if (!rc && event && add_event(m.event, it->fingerprint, s->run_id, now, event))
			rc = sql_error(db, "storing an item's event");
		if (!rc && event && !strcmp(event + (event[0] == 'u' ? 2 : 0), "suppressed"))
			rc = audit_suppression(db, it, event[0] == 'u', now);
	}
	finalize_merge(&m);
	tg_buf_release(&json);
	free(order);
	return rc;
}

/*
 * Records a resolved item in the summary for the report: its identity, source,
 * category, severity and path, from the small row (the stored strings move
 * into it). Its last observation stays in the store (tg_persist_load): reading
 * back 50,000 JSON objects would cost more than the rest of the merge.
 */
static void note_resolved(struct tg_run_summary *s, struct stored *o, time_t now)
{
	struct tg_item *it;

	TG_ALLOC_GROW(s->resolved, s->resolved_nr + 1, s->resolved_alloc);
	it = &s->resolved[s->resolved_nr++];
	tg_item_init(it);
	memcpy(it->fingerprint, o->fingerprint, sizeof(it->fingerprint));
	it->source = o->source;
	it->category = o->category;
	it->path = o->path;
	o->source = o->category = o->path = NULL;
	it->severity = o->severity;
	it->status = TG_STATUS_RESOLVED;
	it->first_seen = o->first_seen;
	it->resolved_at = now;
}

static int set_hash(sqlite3_stmt *st, const char *fp, const struct tg_buf *json)
{
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, fp, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)tg_hash64(json->buf, json->len));
	return sqlite3_step(st) == SQLITE_DONE ? TG_OK : TG_ERR_RUN;
}

/* The stored item's last observation, read back into it; an error names the row. */
static int read_observation(sqlite3 *db, const char *fp, struct tg_item *it)
{
	sqlite3_stmt *st;
	json_error_t err;
	json_t *obj = NULL;
	int rc;

	if (sqlite3_prepare_v2(db, "SELECT json FROM item_json WHERE fingerprint = ?1", -1, &st,
	                       NULL))
		return sql_error(db, "reading an item");
	sqlite3_bind_text(st, 1, fp, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		obj = tg_json_loads((const char *)sqlite3_column_text(st, 0), 0, &err);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE
		               ? tg_error_set(TG_ERR_RUN, "store: item %s has no item_json row", fp)
		               : sql_error(db, "reading an item");
	if (!obj)
		return tg_error_set(TG_ERR_RUN,
		                    "store: item_json row %s cannot be read: column %d: %s", fp,
		                    err.column, err.text);
	rc = tg_item_from_json(it, obj);
	json_decref(obj);
	return rc ? tg_error_prefix(TG_ERR_RUN, "store: item_json row %s cannot be read", fp)
	          : TG_OK;
}

/*
 * An item whose file its source did not read stays as it was, marked "not
 * rescanned" with why, in the store (its observation, and an event the first
 * time) and in this run's backlog, so the outputs and the gates still see it.
 */
static int keep_unread(sqlite3 *db, struct merge_stmts *m, struct stored *o, const char *why,
                       struct tg_backlog *b, struct tg_run_summary *s, time_t now)
{
	struct tg_item it;
	struct tg_buf json = TG_BUF_INIT, line = TG_BUF_INIT;
	int rc = read_observation(db, o->fingerprint, &it), first;

	if (rc)
		return rc;
	first = !it.not_rescanned;
	if (first || strcmp(it.not_rescanned, why)) {
		free(it.not_rescanned);
		it.not_rescanned = tg_strdup(why);
		it.status = o->status;
		it.last_seen = it.resolved_at = 0; /* as upsert_items stores it */
		tg_item_to_json(&json, &it, -1);
		sqlite3_reset(m->json);
		sqlite3_bind_text(m->json, 1, o->fingerprint, -1, SQLITE_STATIC);
		sqlite3_bind_text(m->json, 2, json.buf, (int)json.len, SQLITE_STATIC);
		if (sqlite3_step(m->json) != SQLITE_DONE ||
		    set_hash(m->hash, o->fingerprint, &json) ||
		    (first && add_event(m->event, o->fingerprint, s->run_id, now, "not-rescanned")))
			rc = sql_error(db, "keeping an item not rescanned");
	}
	it.status = o->status;
	it.first_seen = o->first_seen;
	it.last_seen = o->last_seen;
	tg_buf_addf(&line, "%s: %s", o->path, why);
	if (!rc && tg_strlist_find(&s->not_rescanned, line.buf) < 0)
		tg_strlist_add(&s->not_rescanned, line.buf);
	if (!rc)
		tg_backlog_add(b, &it);
	else
		tg_item_release(&it);
	tg_buf_release(&json);
	tg_buf_release(&line);
	return rc;
}

static int resolve_missing(sqlite3 *db, struct stored *old, size_t old_nr, struct tg_backlog *b,
                           struct tg_run_summary *s, time_t now)
{
	struct merge_stmts m = {0};
	sqlite3_stmt *up = NULL;
	int rc = prepare_merge(db, &m), kept = 0, leave;
	const char *why;
	size_t i;

	if (!rc && sqlite3_prepare_v2(db,
	                              "UPDATE items SET status='resolved', resolved_at=?2 WHERE "
	                              "fingerprint=?1",
	                              -1, &up, NULL))
		rc = sql_error(db, "preparing resolution");
	for (i = 0; i < old_nr && !rc; i++) {
		struct stored *o = &old[i];
		if (o->seen || o->status == TG_STATUS_RESOLVED)
			continue;
		/* Found again but left out (vendored code): closed, not counted as fixed. */
		leave = left_out(s, o->fingerprint);
		if (!leave && !covered(s, o->source, o->path))
			continue;
		if (!leave && (why = not_read(s, o->source, o->path))) {
			rc = keep_unread(db, &m, o, why, b, s, now);
			kept = 1;
			continue;
		}
		sqlite3_reset(up);
		sqlite3_bind_text(up, 1, o->fingerprint, -1, SQLITE_STATIC);
		sqlite3_bind_int64(up, 2, (sqlite3_int64)now);
		if (sqlite3_step(up) != SQLITE_DONE ||
		    add_event(m.event, o->fingerprint, s->run_id, now,
		              leave ? "left-out" : "resolved"))
			rc = sql_error(db, "resolving an item");
		else if (!leave)
			note_resolved(s, o, now);
	}
	sqlite3_finalize(up);
	finalize_merge(&m);
	if (kept) { /* the kept items take their places in the ranking */
		tg_backlog_sort(b);
		tg_strlist_sort(&s->not_rescanned);
	}
	return rc;
}

/* This thread's CPU seconds: under load, wall time says little about a step. */
static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct stored_set {
	struct stored *v;
	size_t nr;
};

/* The store's status of fp, or -1 (tg_group_carry's question). */
static int stored_status(const char *fp, void *arg)
{
	const struct stored_set *set = arg;
	struct stored key, *o;

	if (!set->nr)
		return -1;
	memcpy(key.fingerprint, fp, 17);
	o = bsearch(&key, set->v, set->nr, sizeof(*set->v), cmp_stored);
	return o ? (int)o->status : -1;
}

int tg_persist_merge(sqlite3 *db, struct tg_backlog *b, struct tg_run_summary *s, time_t now)
{
	struct stored *old;
	size_t old_nr, i;
	double t0 = cpu_now(), t1 = 0, t2 = 0;
	int rc = load_stored(db, &old, &old_nr);

	if (!rc) {
		struct stored_set set = {old, old_nr};
		t1 = cpu_now();
		tg_group_carry(b, stored_status, &set); /* a group's last finding keeps its item */
		rc = upsert_items(db, b, old, old_nr, s, now);
	}
	if (!rc) {
		t2 = cpu_now();
		rc = resolve_missing(db, old, old_nr, b, s, now);
	}
	if (!rc)
		tg_debug("store: CPU seconds: read %zu stored items %.3f, wrote %zu %.3f, resolved "
		         "%zu %.3f",
		         old_nr, t1 - t0, b->nr, t2 - t1, s->resolved_nr, cpu_now() - t2);
	for (i = 0; i < old_nr; i++) {
		free(old[i].source);
		free(old[i].category);
		free(old[i].path);
	}
	free(old);
	return rc;
}

/*
 * A row that cannot be read is an error naming it, never skipped: a skipped
 * row would be an item that backlog, explain and gate do not see.
 */
static int load_row(struct tg_sql_stmt *st, struct tg_item *it)
{
	const char *fp = tg_sql_column_text(st, 5);
	const char *text = tg_sql_column_text(st, 0);
	json_error_t err;
	json_t *obj = tg_json_loads(text ? text : "", 0, &err);
	int rc;

	if (!obj)
		return tg_error_set(TG_ERR_RUN,
		                    "store: item_json row %s cannot be read: column %d: %s "
		                    "(store export, then fix or remove that line and import)",
		                    fp ? fp : "(no fingerprint)", err.column, err.text);
	rc = tg_item_from_json(it, obj);
	json_decref(obj);
	if (rc)
		return tg_error_prefix(TG_ERR_RUN, "store: item_json row %s cannot be read",
		                       fp ? fp : "(no fingerprint)");
	it->status = status_parse(tg_sql_column_text(st, 1));
	it->first_seen = (time_t)tg_sql_column_int64(st, 2);
	it->last_seen = (time_t)tg_sql_column_int64(st, 3);
	it->resolved_at = (time_t)tg_sql_column_int64(st, 4);
	return TG_OK;
}

int tg_persist_load(struct tg_sql *db, struct tg_backlog *b, int only_open)
{
	struct tg_sql_stmt *st;
	int rc, bad = TG_OK;

	if ((rc = tg_sql_prepare(
	             db, &st,
	             only_open ? "SELECT j.json, i.status, i.first_seen, i.last_seen, "
	                         "i.resolved_at, i.fingerprint FROM items i JOIN item_json j "
	                         "USING (fingerprint) WHERE i.status IN ('open','in-progress')"
	                       : "SELECT j.json, i.status, i.first_seen, i.last_seen, "
	                         "i.resolved_at, i.fingerprint FROM items i JOIN item_json j "
	                         "USING (fingerprint)")))
		return tg_sql_error(db, "reading items");
	while ((rc = tg_sql_step(st)) == TG_SQL_ROW) {
		struct tg_item it;
		if ((bad = load_row(st, &it)))
			break;
		tg_backlog_add(b, &it);
	}
	tg_sql_finalize(st);
	if (bad)
		return bad;
	if (rc != TG_SQL_DONE)
		return tg_sql_error(db, "reading items");
	tg_backlog_sort(b);
	return TG_OK;
}

#define LOAD_COLUMNS                                                                               \
	"SELECT j.json, i.status, i.first_seen, i.last_seen, i.resolved_at, i.fingerprint "        \
	"FROM items i JOIN item_json j USING (fingerprint) "

int tg_persist_each_open(struct tg_sql *db, int (*fn)(struct tg_item *it, void *arg), void *arg)
{
	struct tg_sql_stmt *st;
	int rc, bad = TG_OK;

	if ((rc = tg_sql_prepare(db, &st, LOAD_COLUMNS "WHERE i.status IN ('open','in-progress')")))
		return tg_sql_error(db, "reading items");
	while (!bad && (rc = tg_sql_step(st)) == TG_SQL_ROW) {
		struct tg_item it;
		if (!(bad = load_row(st, &it)))
			bad = fn(&it, arg);
	}
	tg_sql_finalize(st);
	if (bad)
		return bad;
	return rc == TG_SQL_DONE ? TG_OK : tg_sql_error(db, "reading items");
}

int tg_persist_load_one(struct tg_sql *db, const char *fingerprint, struct tg_item *it)
{
	struct tg_sql_stmt *st;
	int rc;

	if ((rc = tg_sql_prepare(db, &st, LOAD_COLUMNS "WHERE i.fingerprint = ?1")))
		return tg_sql_error(db, "reading an item");
	tg_sql_bind_text(st, 1, fingerprint);
	rc = tg_sql_step(st);
	if (rc == TG_SQL_ROW)
		rc = load_row(st, it);
	else if (rc == TG_SQL_DONE)
		rc = tg_error_set(TG_ERR_NOTFOUND, "no item %s", fingerprint);
	else
		rc = tg_sql_error(db, "reading an item");
	tg_sql_finalize(st);
	return rc;
}

int tg_persist_fingerprints(struct tg_sql *db, char (**fps)[17], size_t *nr)
{
	size_t alloc = 0;
	struct tg_sql_stmt *st;
	int rc;

	*fps = NULL;
	*nr = 0;
	if ((rc = tg_sql_prepare(db, &st, "SELECT fingerprint FROM items ORDER BY fingerprint")))
		return tg_sql_error(db, "reading items");
	while ((rc = tg_sql_step(st)) == TG_SQL_ROW) {
		const char *fp = tg_sql_column_text(st, 0);
		TG_ALLOC_GROW(*fps, *nr + 1, alloc);
		snprintf((*fps)[*nr], 17, "%s", fp ? fp : "");
		(*nr)++;
	}
	tg_sql_finalize(st);
	return rc == TG_SQL_DONE ? TG_OK : tg_sql_error(db, "reading items");
}

int tg_persist_events(struct tg_sql *db, const char *fingerprint, struct tg_buf *out, int json)
{
	struct tg_sql_stmt *st;
	int rc, n = 0;

	if ((rc = tg_sql_prepare(db, &st,
	                         "SELECT at, event, run_id FROM item_events WHERE fingerprint = ?1 "
	                         "ORDER BY at, id")))
		return tg_sql_error(db, "reading history");
	tg_sql_bind_text(st, 1, fingerprint);
	if (json)
		tg_buf_adds(out, "[");
	while ((rc = tg_sql_step(st)) == TG_SQL_ROW) {
		char when[32];
		tg_time_format((time_t)tg_sql_column_int64(st, 0), when, sizeof(when));
		if (json)
			tg_buf_addf(out, "%s{\"at\": \"%s\", \"event\": \"%s\", \"run\": %lld}",
			            n ? ", " : "", when, tg_sql_column_text(st, 1),
			            (long long)tg_sql_column_int64(st, 2));
		else
			tg_buf_addf(out, "%s  %-12s run %lld\n", when, tg_sql_column_text(st, 1),
			            (long long)tg_sql_column_int64(st, 2));
		n++;
	}
	if (json)
		tg_buf_adds(out, "]\n");
	tg_sql_finalize(st);
	return rc == TG_SQL_DONE ? TG_OK : tg_sql_error(db, "reading history");
}

int tg_persist_new_since(struct tg_sql *db, long long run_id, struct tg_strlist *out)
{
	struct tg_sql_stmt *st;
	int rc;

	if ((rc = tg_sql_prepare(db, &st,
	                         "SELECT DISTINCT fingerprint FROM item_events WHERE event IN "
	                         "('opened','reopened') AND run_id > ?1 ORDER BY fingerprint")))
		return tg_sql_error(db, "reading history");
	tg_sql_bind_int64(st, 1, run_id);
	while ((rc = tg_sql_step(st)) == TG_SQL_ROW)
		tg_strlist_add(out, tg_sql_column_text(st, 0));
	tg_sql_finalize(st);
	return rc == TG_SQL_DONE ? TG_OK : tg_sql_error(db, "reading history");
}
