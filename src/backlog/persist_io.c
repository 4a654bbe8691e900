/*
 * store export / store import: the store's history as versioned NDJSON, so it
 * survives CI, where every run starts from a fresh checkout. One JSON object
 * a line: a header, then runs, items (with their state) and events.
 */
#include "backlog/persist.h"

#include "backlog/item_json.h"
#include "backlog/persist_int.h"
#include "store/audit.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/json.h"

#include <stdlib.h>

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define EXPORT_VERSION 1

static int sql_error(sqlite3 *db, const char *what)
{
	return tg_store_db_error(db, what);
}

static void add_text(struct tg_buf *out, const char *key, sqlite3_stmt *st, int col)
{
	tg_buf_addf(out, ", \"%s\": ", key);
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		tg_buf_adds(out, "null");
	else
		tg_buf_add_jsons(out, (const char *)sqlite3_column_text(st, col));
}

static int export_runs(sqlite3 *db, struct tg_buf *out)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(
	            db,
	            "SELECT id, command, started_at, finished_at, status, summary FROM runs "
	            "ORDER BY id",
	            -1, &st, NULL))
		return sql_error(db, "exporting runs");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		tg_buf_addf(out, "{\"type\": \"run\", \"id\": %lld",
		            (long long)sqlite3_column_int64(st, 0));
		add_text(out, "command", st, 1);
		tg_buf_addf(out, ", \"started_at\": %lld, \"finished_at\": %lld",
		            (long long)sqlite3_column_int64(st, 2),
		            (long long)sqlite3_column_int64(st, 3));
		add_text(out, "status", st, 4);
		add_text(out, "summary", st, 5);
		tg_buf_adds(out, "}\n");
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? TG_OK : sql_error(db, "exporting runs");
}

static int export_items(sqlite3 *db, struct tg_buf *out)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(
	            db,
	            "SELECT i.fingerprint, i.source, i.category, i.severity, i.path, "
	            "i.status, i.first_seen, i.last_seen, i.resolved_at, i.last_run, j.json "
	            "FROM items i JOIN item_json j USING (fingerprint) ORDER BY i.fingerprint",
	            -1, &st, NULL))
		return sql_error(db, "exporting items");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		tg_buf_adds(out, "{\"type\": \"item\"");
		add_text(out, "fingerprint", st, 0);
		add_text(out, "source", st, 1);
		add_text(out, "category", st, 2);
		add_text(out, "severity", st, 3);
		add_text(out, "path", st, 4);
		add_text(out, "status", st, 5);
		tg_buf_addf(out,
		            ", \"first_seen\": %lld, \"last_seen\": %lld, \"resolved_at\": %lld, "
		            "\"last_run\": %lld, \"item\": %s}\n",
		            (long long)sqlite3_column_int64(st, 6),
		            (long long)sqlite3_column_int64(st, 7),
		            (long long)sqlite3_column_int64(st, 8),
		            (long long)sqlite3_column_int64(st, 9), sqlite3_column_text(st, 10));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? TG_OK : sql_error(db, "exporting items");
}

static int export_events(sqlite3 *db, struct tg_buf *out)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(
	            db,
	            "SELECT fingerprint, run_id, at, event, detail FROM item_events ORDER BY "
	            "id",
	            -1, &st, NULL))
		return sql_error(db, "exporting events");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		tg_buf_adds(out, "{\"type\": \"event\"");
		add_text(out, "fingerprint", st, 0);
		tg_buf_addf(out, ", \"run_id\": %lld, \"at\": %lld",
		            (long long)sqlite3_column_int64(st, 1),
		            (long long)sqlite3_column_int64(st, 2));
		add_text(out, "event", st, 3);
		add_text(out, "detail", st, 4);
		tg_buf_adds(out, "}\n");
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? TG_OK : sql_error(db, "exporting events");
}

int tg_persist_export(sqlite3 *db, struct tg_buf *out)
{
	int rc;

	tg_buf_addf(out, "{\"type\": \"terragon-store-export\", \"version\": %d}\n",
	            EXPORT_VERSION);
	rc = export_runs(db, out);
	if (!rc)
		rc = export_items(db, out);
	if (!rc)
		rc = export_events(db, out);
	if (!rc)
		rc = tg_audit_export_db(db, out);
	return rc;
}

/* Runs map to new ids on import; events follow their run through this map. */
struct run_map {
	sqlite3_int64 *from, *to;
	size_t nr, alloc;
};

static sqlite3_int64 map_run(const struct run_map *m, sqlite3_int64 id)
{
	size_t i;

	for (i = 0; i < m->nr; i++)
		if (m->from[i] == id)
			return m->to[i];
	return 0;
}

static int import_run(sqlite3 *db, const json_t *o, struct run_map *m)
{
	sqlite3_stmt *st;
	sqlite3_int64 id;
	int rc;

	/* The same run imported twice (a CI cache restored onto its own export) is one run. */
	if (sqlite3_prepare_v2(
	            db,
	            "INSERT INTO runs(command, started_at, finished_at, status, summary) "
	            "SELECT ?1, ?2, ?3, ?4, ?5 WHERE NOT EXISTS (SELECT 1 FROM runs WHERE "
	            "command = ?1 AND started_at = ?2)",
	            -1, &st, NULL))
		return sql_error(db, "importing a run");
	sqlite3_bind_text(st, 1, json_string_value(json_object_get(o, "command")), -1,
	                  SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, json_integer_value(json_object_get(o, "started_at")));
	sqlite3_bind_int64(st, 3, json_integer_value(json_object_get(o, "finished_at")));
	sqlite3_bind_text(st, 4, json_string_value(json_object_get(o, "status")), -1,
	                  SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, json_string_value(json_object_get(o, "summary")), -1,
	                  SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sql_error(db, "importing a run");
	id = sqlite3_changes(db) ? sqlite3_last_insert_rowid(db) : 0;
	TG_ALLOC_GROW(m->from, m->nr + 1, m->alloc);
	m->to = tg_realloc(m->to, m->alloc * sizeof(*m->to));
	m->from[m->nr] = json_integer_value(json_object_get(o, "id"));
	m->to[m->nr++] = id;
	return TG_OK;
}

static int import_item(sqlite3 *db, const json_t *o, const struct run_map *m)
{
	sqlite3_stmt *st;
	char *json = tg_json_dumps(json_object_get(o, "item"), JSON_COMPACT | JSON_PRESERVE_ORDER);
	const char *fp = json_string_value(json_object_get(o, "fingerprint"));
	sqlite3_int64 h;
	int rc;

	if (!json)
		return tg_error_set(TG_ERR_INPUT, "an item without its observation");
	h = (sqlite3_int64)tg_hash64(json, strlen(json));
	/* Keeps the earlier first_seen and the later observation. */
	if (sqlite3_prepare_v2(
	            db,
	            "INSERT INTO items(fingerprint, source, category, severity, path, "
	            "status, first_seen, last_seen, resolved_at, last_run, json_hash) VALUES "
	            "(?1,?2,?3,?4,?5,?6,?7,?8,NULLIF(?9,0),NULLIF(?10,0),?11) ON "
	            "CONFLICT(fingerprint) DO UPDATE SET first_seen = min(first_seen, "
	            "excluded.first_seen), status = CASE WHEN excluded.last_seen > last_seen "
	            "THEN excluded.status ELSE status END, json_hash = CASE WHEN "
	            "excluded.last_seen > last_seen THEN excluded.json_hash ELSE json_hash END, "
	            "last_seen = max(last_seen, excluded.last_seen)",
	            -1, &st, NULL)) {
		free(json);
		return sql_error(db, "importing an item");
	}
	sqlite3_bind_text(st, 1, fp, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, json_string_value(json_object_get(o, "source")), -1,
	                  SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, json_string_value(json_object_get(o, "category")), -1,
	                  SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, json_string_value(json_object_get(o, "severity")), -1,
	                  SQLITE_TRANSIENT);
	tg_persist_bind_path(st, 5, json_string_value(json_object_get(o, "path")));
	sqlite3_bind_text(st, 6, json_string_value(json_object_get(o, "status")), -1,
	                  SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 7, json_integer_value(json_object_get(o, "first_seen")));
	sqlite3_bind_int64(st, 8, json_integer_value(json_object_get(o, "last_seen")));
	sqlite3_bind_int64(st, 9, json_integer_value(json_object_get(o, "resolved_at")));
	sqlite3_bind_int64(st, 10, map_run(m, json_integer_value(json_object_get(o, "last_run"))));
	sqlite3_bind_int64(st, 11, h);
	rc = sqlite3_step(st) == SQLITE_DONE ? TG_OK : TG_ERR_RUN;
	sqlite3_finalize(st);
	/* The observation follows the row: written when the row now carries its hash. */
	if (rc == TG_OK &&
	    sqlite3_prepare_v2(db,
	                       "INSERT INTO item_json(fingerprint, json) SELECT ?1, ?2 WHERE "
	                       "(SELECT json_hash FROM items WHERE fingerprint = ?1) = ?3 "
	                       "ON CONFLICT(fingerprint) DO UPDATE SET json = excluded.json",
	                       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, fp, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, json, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 3, h);
		rc = sqlite3_step(st) == SQLITE_DONE ? TG_OK : TG_ERR_RUN;
		sqlite3_finalize(st);
	}
	free(json);
	return rc ? sql_error(db, "importing an item") : TG_OK;
}

static int import_event(sqlite3 *db, const json_t *o, const struct run_map *m)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(
	            db,
	            "INSERT INTO item_events(fingerprint, run_id, at, event, detail) SELECT "
	            "?1, ?2, ?3, ?4, ?5 WHERE NOT EXISTS (SELECT 1 FROM item_events WHERE "
	            "fingerprint = ?1 AND at = ?3 AND event = ?4)",
	            -1, &st, NULL))
		return sql_error(db, "importing an event");
	sqlite3_bind_text(st, 1, json_string_value(json_object_get(o, "fingerprint")), -1,
	                  SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, map_run(m, json_integer_value(json_object_get(o, "run_id"))));
	sqlite3_bind_int64(st, 3, json_integer_value(json_object_get(o, "at")));
	sqlite3_bind_text(st, 4, json_string_value(json_object_get(o, "event")), -1,
	                  SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, json_string_value(json_object_get(o, "detail")), -1,
	                  SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? TG_OK : sql_error(db, "importing an event");
}

static int import_line(sqlite3 *db, const char *name, size_t lineno, const json_t *o,
                       struct run_map *m)
{
	const char *type = json_string_value(json_object_get(o, "type"));

	if (!type)
		return tg_error_set(TG_ERR_INPUT, "%s:%zu: a line without \"type\"", name, lineno);
	if (!strcmp(type, "terragon-store-export")) {
		if (json_integer_value(json_object_get(o, "version")) != EXPORT_VERSION)
			return tg_error_set(
			        TG_ERR_INPUT, "%s:%zu: export version %lld is not %d", name, lineno,
			        (long long)json_integer_value(json_object_get(o, "version")),
			        EXPORT_VERSION);
		return TG_OK;
	}
	if (lineno == 1)
		return tg_error_set(TG_ERR_INPUT, "%s:1: not a terragon store export", name);
	if (!strcmp(type, "run"))
		return import_run(db, o, m);
	if (!strcmp(type, "item")) {
		const char *fp = json_string_value(json_object_get(o, "fingerprint"));
		if (!fp || strlen(fp) != 16 || !json_is_object(json_object_get(o, "item")))
			return tg_error_set(TG_ERR_INPUT,
			                    "%s:%zu: an item needs a fingerprint and "
			                    "an item object",
			                    name, lineno);
		return import_item(db, o, m);
	}
	if (!strcmp(type, "event"))
		return import_event(db, o, m);
	if (!strcmp(type, "audit")) {
		char where[64];
		snprintf(where, sizeof(where), "%.40s:%zu", name, lineno);
		return tg_audit_import_db(db, o, where);
	}
	return tg_error_set(TG_ERR_INPUT, "%s:%zu: unknown type \"%s\"", name, lineno, type);
}

int tg_persist_import(sqlite3 *db, const char *name, const char *text, size_t len)
{
	struct run_map m = {0};
	size_t lineno = 0, off = 0;
	int rc = TG_OK;

	while (off < len && !rc) {
		const char *nl = memchr(text + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - (text + off)) : len - off;
		json_error_t err;
		json_t *o;

		lineno++;
		if (n) {
			o = tg_json_loadb(text + off, n, 0, &err);
			if (!o)
				rc = tg_error_set(TG_ERR_INPUT, "%s:%zu:%d: %s", name, lineno,
				                  err.column, err.text);
			else
				rc = import_line(db, name, lineno, o, &m);
			json_decref(o);
		}
		off += n + 1;
	}
	if (!rc && !lineno)
		rc = tg_error_set(TG_ERR_INPUT, "%s: empty export", name);
	free(m.from);
	free(m.to);
	return rc;
}
