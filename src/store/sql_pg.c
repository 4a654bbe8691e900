/*
 * The PostgreSQL backend, through libpq. A statement is run with
 * PQexecParams (parameters as text), its rows read from the result: the
 * store's statements are short and a round trip on a Unix socket is cheap.
 * The schema is schema.c's migrations, translated by dialect.c, with the
 * version in a table of its own (PostgreSQL has no user_version).
 */
#include "store/sql_priv.h"

#include "store/store.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Any constant: the advisory lock every migrating session takes first. */
#define MIGRATE_LOCK 7212021

static void trim(char *msg)
{
	size_t n = strlen(msg);

	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
}

int tg_sql_pg_error(struct tg_sql *db, const PGresult *res, const char *what)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	char *msg = tg_strdup(res ? PQresultErrorMessage(res) : PQerrorMessage(db->pg));

	snprintf(db->sqlstate, sizeof(db->sqlstate), "%s", state ? state : "");
	trim(msg);
	if (!*msg) {
		free(msg);
		msg = tg_strdup(PQerrorMessage(db->pg));
		trim(msg);
	}
	tg_error_set(TG_ERR_RUN, "store %s: %s: %s", db->name, what, msg);
	free(msg);
	return TG_ERR_RUN;
}

int tg_sql_pg_exec(struct tg_sql *db, const char *sql, const char *what)
{
	struct tg_buf t = TG_BUF_INIT;
	PGresult *res;
	int rc = TG_OK;

	tg_sql_dialect_pg(&t, sql);
	res = PQexec(db->pg, t.buf);
	if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = tg_sql_pg_error(db, res, what);
	PQclear(res);
	tg_buf_release(&t);
	return rc;
}

int tg_sql_pg_prepare(struct tg_sql_stmt *s, const char *sql)
{
	struct tg_buf t = TG_BUF_INIT;

	s->nparams = tg_sql_dialect_pg(&t, sql);
	s->sql = tg_buf_detach(&t, NULL);
	s->params = tg_calloc((size_t)s->nparams + 1, sizeof(*s->params));
	s->row = -1;
	return TG_OK;
}

int tg_sql_pg_step(struct tg_sql_stmt *s)
{
	ExecStatusType st;

	if (!s->res) {
		s->res = PQexecParams(s->db->pg, s->sql, s->nparams, NULL,
		                      (const char *const *)s->params, NULL, NULL, 0);
		st = PQresultStatus(s->res);
		if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
			int rc = tg_sql_pg_error(s->db, s->res, "running a statement");
			PQclear(s->res);
			s->res = NULL;
			return rc;
		}
		s->rows = st == PGRES_TUPLES_OK ? PQntuples(s->res) : 0;
		s->row = -1;
	}
	if (s->row + 1 < s->rows) {
		s->row++;
		return TG_SQL_ROW;
	}
	s->row = s->rows; /* past the end: columns read as NULL */
	s->done = 1;
	return TG_SQL_DONE;
}

static int schema_version(struct tg_sql *db, int *v)
{
	PGresult *res = PQexec(db->pg, "SELECT max(version) FROM terragon_schema");
	int rc = TG_OK;

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = tg_sql_pg_error(db, res, "reading the schema version");
	else
		*v = PQgetisnull(res, 0, 0) ? 0 : atoi(PQgetvalue(res, 0, 0));
	PQclear(res);
	return rc;
}

/*
 * Sessions on many machines may open a new database at once: the first takes
 * the advisory lock and migrates, the others wait for it and find the schema
 * current. Each migration and its version row commit together.
 */
static int migrate(struct tg_sql *db)
{
	char sql[160];
	int v = 0, rc;

	rc = tg_sql_pg_exec(db, "SET client_min_messages = warning", "setting up the session");
	snprintf(sql, sizeof(sql), "SELECT pg_advisory_lock(%d)", MIGRATE_LOCK);
	if (!rc)
		rc = tg_sql_pg_exec(db, sql, "waiting for another session's migration");
	if (!rc)
		rc = tg_sql_pg_exec(db,
		                    "CREATE TABLE IF NOT EXISTS terragon_schema ("
		                    " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
		                    " applied_at INTEGER NOT NULL)",
		                    "creating the schema table");
	if (!rc)
		rc = schema_version(db, &v);
	if (!rc && v > (int)tg_store_migrations_nr)
		rc = tg_error_set(TG_ERR_RUN,
		                  "store %s has schema version %d, newer than this terragon "
		                  "knows (%d): use a newer terragon",
		                  db->name, v, (int)tg_store_migrations_nr);
	for (; !rc && v < (int)tg_store_migrations_nr; v++) {
		const struct tg_store_migration *m = &tg_store_migrations[v];
		struct tg_sql_stmt *s;

		tg_debug("store %s: migration %d (%s)", db->name, v + 1, m->name);
		rc = tg_sql_pg_exec(db, "BEGIN", "starting a migration");
		if (!rc)
			rc = tg_sql_pg_exec(db, m->sql, m->name);
		if (!rc)
			rc = tg_sql_prepare(
			        db, &s,
			        "INSERT INTO terragon_schema (version, name, applied_at)"
			        " VALUES (?, ?, CAST(EXTRACT(EPOCH FROM now()) AS BIGINT))");
		if (!rc) {
			tg_sql_bind_int64(s, 1, v + 1);
			tg_sql_bind_text(s, 2, m->name);
			rc = tg_sql_step(s);
			tg_sql_finalize(s);
		}
		if (!rc)
			rc = tg_sql_pg_exec(db, "COMMIT", "committing a migration");
		if (rc) {
			tg_sql_rollback(db);
			rc = tg_error_prefix(rc, "migration %d (%s)", v + 1, m->name);
		}
	}
	snprintf(sql, sizeof(sql), "SELECT pg_advisory_unlock(%d)", MIGRATE_LOCK);
	if (db->pg && PQstatus(db->pg) == CONNECTION_OK)
		PQclear(PQexec(db->pg, sql));
	return rc;
}

int tg_sql_open_pg(struct tg_sql **out, const char *url)
{
	struct tg_sql *db;
	struct tg_buf n = TG_BUF_INIT;
	int rc;

	*out = NULL;
	if ((rc = tg_sql_url_check(url)))
		return rc;
	db = tg_calloc(1, sizeof(*db));
	db->backend = TG_SQL_POSTGRES;
	tg_sql_url_redacted(&n, url);
	db->name = tg_buf_detach(&n, NULL);
	db->pg = PQconnectdb(url);
	if (!db->pg || PQstatus(db->pg) != CONNECTION_OK) {
		rc = db->pg ? tg_sql_pg_error(db, NULL, "connecting")
		            : tg_error_set(TG_ERR_RUN, "store %s: out of memory", db->name);
		tg_sql_close(db);
		return rc;
	}
	if ((rc = migrate(db))) {
		tg_sql_close(db);
		return rc;
	}
	*out = db;
	return TG_OK;
}
