#include "execute/execute_int.h"

#include "util/error.h"

#include <sqlite3.h>

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

/* One row per attempt: the source of the success-rate metric. */
int record_execution(struct tg_store *st, const struct execution *e)
{
	static const char sql[] =
	        "INSERT INTO executions (fingerprint, branch, started_at, finished_at, outcome,"
	        " reason, gates, pr_url, dry_run) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
	sqlite3 *db = tg_store_db(st);
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = tg_store_begin(st)))
		return rc;
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
		rc = tg_store_sql_error(st, "recording an execution");
		tg_store_rollback(st);
		return rc;
	}
	bind_text(s, 1, e->fingerprint);
	bind_text(s, 2, e->branch);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)e->started);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)e->finished);
	bind_text(s, 5, e->outcome);
	bind_text(s, 6, e->reason);
	bind_text(s, 7, e->gates);
	bind_text(s, 8, e->pr_url);
	sqlite3_bind_int(s, 9, e->dry_run);
	rc = sqlite3_step(s) == SQLITE_DONE ? TG_OK
	                                    : tg_store_sql_error(st, "recording an execution");
	sqlite3_finalize(s);
	if (rc) {
		tg_store_rollback(st);
		return rc;
	}
	return tg_store_commit(st);
}

int record_in_progress(struct tg_store *st, const char *fingerprint, time_t now)
{
	static const char sql[] =
	        "UPDATE items SET status = 'in-progress' WHERE fingerprint = ?1;"
	        "INSERT INTO item_events (fingerprint, at, event, detail)"
	        " VALUES (?1, ?2, 'in-progress', 'pull request opened by terragon execute')";
	sqlite3 *db = tg_store_db(st);
	const char *tail = sql;
	int rc;

	if ((rc = tg_store_begin(st)))
		return rc;
	while (!rc && tail && *tail) {
		sqlite3_stmt *s = NULL;
		if (sqlite3_prepare_v2(db, tail, -1, &s, &tail) != SQLITE_OK) {
			rc = tg_store_sql_error(st, "marking an item in progress");
			break;
		}
		if (!s)
			break;
		sqlite3_bind_text(s, 1, fingerprint, -1, SQLITE_TRANSIENT);
		if (sqlite3_bind_parameter_count(s) >= 2)
			sqlite3_bind_int64(s, 2, (sqlite3_int64)now);
		if (sqlite3_step(s) != SQLITE_DONE)
			rc = tg_store_sql_error(st, "marking an item in progress");
		sqlite3_finalize(s);
	}
	if (rc) {
		tg_store_rollback(st);
		return rc;
	}
	return tg_store_commit(st);
}
