/*
 * `terragon store migrate --to URL`: a SQLite store's history copied into
 * another store (PostgreSQL), table by table, in one transaction of the
 * destination. Rows keep their ids (so events still name their runs and the
 * audit trail's hash chain still verifies). A row the destination holds
 * already is left alone when it never changes (events, the audit trail) and
 * brought up to date when it does (an item's status and last run, a run's
 * end, an execution's outcome), so copying again after each discover keeps
 * the destination current and adds only what is new. The caches
 * (history_cache, blame_cache: blobs, rebuilt by the next run) stay behind.
 */
#include "store/sql.h"
#include "store/store.h"

#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	int has_id; /* an identity column "id", whose sequence moves past the copied ids */
	int keyed;  /* a primary key or unique row: a second copy skips what is there */
	const char *mutable_key; /* rows that change: updated by this key on a second copy */
} tables[] = {
        {"runs", 1, 1, "id"},
        {"items", 0, 1, "fingerprint"},
        {"item_json", 0, 1, "fingerprint"},
        {"item_events", 1, 1, NULL},
        {"executions", 1, 1, "id"},
        {"bench_runs", 1, 1, NULL},
        {"bench_results", 0, 0, NULL},
        {"audit", 1, 1, NULL},
        {"repositories", 1, 1, NULL},
        {"fleet_runs", 1, 1, NULL},
        {"fleet_items", 0, 1, NULL},
};

static int exists(sqlite3 *db, const char *table)
{
	sqlite3_stmt *s;
	int found = 0;

	if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
	                       -1, &s, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
	found = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return found;
}

static int count(struct tg_sql *db, const char *table, int64_t *n)
{
	struct tg_sql_stmt *s;
	char sql[96];
	int rc;

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
	if ((rc = tg_sql_prepare(db, &s, sql)))
		return rc;
	rc = tg_sql_step(s);
	*n = rc == TG_SQL_ROW ? tg_sql_column_int64(s, 0) : 0;
	tg_sql_finalize(s);
	return rc < 0 ? rc : TG_OK;
}

static int bind(struct tg_sql_stmt *d, sqlite3_stmt *s, int i)
{
	switch (sqlite3_column_type(s, i)) {
	case SQLITE_INTEGER:
		return tg_sql_bind_int64(d, i + 1, sqlite3_column_int64(s, i));
	case SQLITE_FLOAT:
		return tg_sql_bind_double(d, i + 1, sqlite3_column_double(s, i));
	case SQLITE_NULL:
		return tg_sql_bind_null(d, i + 1);
	default:
		return tg_sql_bind_text(d, i + 1, (const char *)sqlite3_column_text(s, i));
	}
}

/*
 * INSERT INTO t (the source's columns) VALUES (?, ...), from a SELECT *: OR
 * IGNORE, or, for rows that change, ON CONFLICT (key) DO UPDATE of the others.
 */
static void insert_sql(struct tg_buf *out, sqlite3_stmt *s, const char *table, const char *key)
{
	int i, n = sqlite3_column_count(s), first = 1;

	tg_buf_addf(out, "INSERT %sINTO %s (", key ? "" : "OR IGNORE ", table);
	for (i = 0; i < n; i++)
		tg_buf_addf(out, "%s%s", i ? ", " : "", sqlite3_column_name(s, i));
	tg_buf_adds(out, ") VALUES (");
	for (i = 0; i < n; i++)
		tg_buf_adds(out, i ? ", ?" : "?");
	tg_buf_adds(out, ")");
	if (!key)
		return;
	tg_buf_addf(out, " ON CONFLICT (%s) DO UPDATE SET ", key);
	for (i = 0; i < n; i++) {
		const char *c = sqlite3_column_name(s, i);
		if (!strcmp(c, key))
			continue;
		tg_buf_addf(out, "%s%s = excluded.%s", first ? "" : ", ", c, c);
		first = 0;
	}
}

static int copy_table(sqlite3 *src, struct tg_sql *dst, const char *table, const char *key,
                      size_t *rows)
{
	struct tg_buf sql = TG_BUF_INIT;
	struct tg_sql_stmt *d = NULL;
	sqlite3_stmt *s;
	int i, rc = TG_OK, step;

	tg_buf_addf(&sql, "SELECT * FROM %s ORDER BY rowid", table);
	if (sqlite3_prepare_v2(src, sql.buf, -1, &s, NULL) != SQLITE_OK) {
		tg_buf_release(&sql);
		return tg_store_db_error(src, table);
	}
	tg_buf_reset(&sql);
	insert_sql(&sql, s, table, key);
	rc = tg_sql_prepare(dst, &d, sql.buf);
	while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW) {
		for (i = 0; !rc && i < sqlite3_column_count(s); i++)
			rc = bind(d, s, i);
		if (!rc && (rc = tg_sql_step(d)) == TG_SQL_DONE)
			(*rows)++;
		tg_sql_reset(d);
	}
	if (!rc && step != SQLITE_DONE)
		rc = tg_store_db_error(src, table);
	tg_sql_finalize(d);
	sqlite3_finalize(s);
	tg_buf_release(&sql);
	return rc ? tg_error_prefix(rc, "copying %s", table) : TG_OK;
}

/* PostgreSQL's identity sequence past the ids copied in, so new rows do not collide. */
static int move_sequence(struct tg_sql *dst, const char *table)
{
	char sql[256];

	if (tg_sql_backend(dst) != TG_SQL_POSTGRES)
		return TG_OK;
	snprintf(sql, sizeof(sql),
	         "SELECT setval(pg_get_serial_sequence('%s', 'id'), max(id)) FROM %s"
	         " HAVING max(id) IS NOT NULL",
	         table, table);
	return tg_sql_exec(dst, sql);
}

int tg_store_copy(struct tg_store *src, struct tg_sql *dst, struct tg_buf *report)
{
	sqlite3 *db = tg_store_db(src);
	size_t i;
	int rc;

	if ((rc = tg_sql_begin(dst)))
		return rc;
	for (i = 0; !rc && i < sizeof(tables) / sizeof(tables[0]); i++) {
		size_t rows = 0;
		int64_t there = 0;
		if (!exists(db, tables[i].name))
			continue;
		/* A table with no key is copied only into an empty one: twice would duplicate. */
		if (!tables[i].keyed && (rc = count(dst, tables[i].name, &there)))
			break;
		if (there)
			tg_buf_addf(report, "%-14s skipped: the destination has rows already\n",
			            tables[i].name);
		else if (!(rc = copy_table(db, dst, tables[i].name, tables[i].mutable_key, &rows)))
			tg_buf_addf(report, "%-14s %zu rows read\n", tables[i].name, rows);
		if (!rc && tables[i].has_id)
			rc = move_sequence(dst, tables[i].name);
	}
	if (!rc)
		rc = tg_sql_commit(dst);
	else
		tg_sql_rollback(dst);
	return rc;
}
