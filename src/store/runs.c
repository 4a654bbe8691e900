/* The runs table (migration 1): one row per terragon run that writes to the store. */
#include "store/store.h"

#include "store/sql.h"

#include "util/alloc.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

/*
 * Runs one write: inside the caller's transaction when one is open, else in
 * its own BEGIN IMMEDIATE, so that no write happens outside one.
 */
static int write_step(struct tg_store *st, sqlite3_stmt *s, const char *what)
{
	int own = sqlite3_get_autocommit(tg_store_db(st));
	int rc;

	if (own && (rc = tg_store_begin(st)))
		return rc;
	if (sqlite3_step(s) != SQLITE_DONE) {
		rc = tg_store_sql_error(st, what);
		if (own)
			tg_store_rollback(st);
		return rc;
	}
	return own ? tg_store_commit(st) : TG_OK;
}

int tg_store_run_begin(struct tg_store *st, const char *command, time_t started, int64_t *run_id)
{
	sqlite3 *db = tg_store_db(st);
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(db,
	                       "INSERT INTO runs(command, started_at, status) VALUES (?1, ?2, "
	                       "'running')",
	                       -1, &s, NULL) != SQLITE_OK)
		return tg_store_sql_error(st, "recording a run");
	sqlite3_bind_text(s, 1, command, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)started);
	rc = write_step(st, s, "recording a run");
	sqlite3_finalize(s);
	if (!rc)
		*run_id = sqlite3_last_insert_rowid(db);
	return rc;
}

int tg_store_run_finish(struct tg_store *st, int64_t run_id, time_t finished, const char *status,
                        const char *summary_json)
{
	sqlite3 *db = tg_store_db(st);
	sqlite3_stmt *s;
	int rc;

	if (!status || (strcmp(status, "ok") && strcmp(status, "failed")))
		return tg_error_set(TG_ERR_INPUT,
		                    "store %s: run %lld: status must be ok or failed, "
		                    "not %s",
		                    tg_store_path(st), (long long)run_id, status ? status : "NULL");
	if (sqlite3_prepare_v2(db,
	                       "UPDATE runs SET finished_at = ?2, status = ?3, summary = ?4 "
	                       "WHERE id = ?1",
	                       -1, &s, NULL) != SQLITE_OK)
		return tg_store_sql_error(st, "finishing a run");
	sqlite3_bind_int64(s, 1, run_id);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)finished);
	sqlite3_bind_text(s, 3, status, -1, SQLITE_STATIC);
	if (summary_json)
		sqlite3_bind_text(s, 4, summary_json, -1, SQLITE_TRANSIENT);
	rc = write_step(st, s, "finishing a run");
	sqlite3_finalize(s);
	if (!rc && sqlite3_changes(db) != 1)
		return tg_error_set(TG_ERR_NOTFOUND, "store %s: no run %lld", tg_store_path(st),
		                    (long long)run_id);
	return rc;
}

static char *column_dup(struct tg_sql_stmt *s, int i)
{
	const char *t = tg_sql_column_text(s, i);

	return t ? tg_strdup(t) : NULL;
}

int tg_store_runs_list(struct tg_store *st, size_t limit, struct tg_store_run **runs, size_t *nr)
{
	struct tg_sql *db = tg_store_sql(st);
	struct tg_sql_stmt *s;
	size_t alloc = 0;
	int rc;

	*runs = NULL;
	*nr = 0;
	/* No limit is no LIMIT clause: SQLite's LIMIT -1 is not PostgreSQL's. */
	if (tg_sql_prepare(db, &s,
	                   limit ? "SELECT id, command, started_at, finished_at, status, summary "
	                           "FROM runs ORDER BY id DESC LIMIT ?1"
	                         : "SELECT id, command, started_at, finished_at, status, summary "
	                           "FROM runs ORDER BY id DESC"))
		return tg_sql_error(db, "listing runs");
	if (limit)
		tg_sql_bind_int64(s, 1, (int64_t)limit);
	while ((rc = tg_sql_step(s)) == TG_SQL_ROW) {
		struct tg_store_run *r;
		TG_ALLOC_GROW(*runs, *nr + 1, alloc);
		r = &(*runs)[(*nr)++];
		r->id = tg_sql_column_int64(s, 0);
		r->command = column_dup(s, 1);
		r->started_at = (time_t)tg_sql_column_int64(s, 2);
		r->finished_at = (time_t)tg_sql_column_int64(s, 3);
		r->status = column_dup(s, 4);
		r->summary = column_dup(s, 5);
	}
	if (rc != TG_SQL_DONE) {
		rc = tg_sql_error(db, "listing runs");
		tg_sql_finalize(s);
		tg_store_runs_free(*runs, *nr);
		*runs = NULL;
		*nr = 0;
		return rc;
	}
	tg_sql_finalize(s);
	return TG_OK;
}

void tg_store_runs_free(struct tg_store_run *runs, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		free(runs[i].command);
		free(runs[i].status);
		free(runs[i].summary);
	}
	free(runs);
}
