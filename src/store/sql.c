/*
 * The SQL layer's dispatch, the SQLite backend (a thin pass-through to the
 * connection tg_store_open made) and the database URLs.
 */
#include "store/sql_priv.h"

#include "store/store.h"
#include "util/alloc.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int tg_sql_is_url(const char *t)
{
	return t && (!strncmp(t, "postgres://", 11) || !strncmp(t, "postgresql://", 13));
}

/* The authority of a URL: after "://", up to the first '/', '?' or '#'. */
static void authority(const char *url, const char **start, const char **end)
{
	const char *p = strstr(url, "://");

	p = p ? p + 3 : url;
	*start = p;
	*end = p + strcspn(p, "/?#");
}

int tg_sql_url_has_password(const char *url)
{
	const char *a, *e, *at = NULL, *p;

	if (strstr(url, "password="))
		return 1;
	authority(url, &a, &e);
	for (p = a; p < e; p++)
		if (*p == '@')
			at = p;
	return at && memchr(a, ':', (size_t)(at - a)) != NULL;
}

void tg_sql_url_redacted(struct tg_buf *out, const char *url)
{
	const char *a, *e, *at = NULL, *p, *q;

	if (!tg_sql_is_url(url)) {
		tg_buf_adds(out, url);
		return;
	}
	authority(url, &a, &e);
	for (p = a; p < e; p++)
		if (*p == '@')
			at = p;
	tg_buf_add(out, url, (size_t)(a - url));
	if (at) {
		q = memchr(a, ':', (size_t)(at - a));
		tg_buf_add(out, a, (size_t)((q ? q : at) - a));
		if (q)
			tg_buf_adds(out, ":[redacted]");
		tg_buf_addch(out, '@');
		a = at + 1;
	}
	/* The host and the database; query options (which may hold a password) dropped. */
	p = e + strcspn(e, "?#");
	tg_buf_add(out, a, (size_t)(p - a));
}

int tg_sql_url_check(const char *url)
{
	struct tg_buf n = TG_BUF_INIT;
	int rc = TG_OK;

	tg_sql_url_redacted(&n, url);
	if (!tg_sql_is_url(url))
		rc = tg_error_set(TG_ERR_USAGE, "store %s: expected a postgres:// URL", n.buf);
	else if (tg_sql_url_has_password(url))
		rc = tg_error_set(TG_ERR_USAGE,
		                  "store %s: the URL holds a password; give it in PGPASSWORD or "
		                  "~/.pgpass instead, never in the URL or the configuration",
		                  n.buf);
	tg_buf_release(&n);
	return rc;
}

static struct tg_sql *sql_new(enum tg_sql_backend b, const char *name)
{
	struct tg_sql *db = tg_calloc(1, sizeof(*db));
	struct tg_buf n = TG_BUF_INIT;

	db->backend = b;
	tg_sql_url_redacted(&n, name);
	db->name = tg_buf_detach(&n, NULL);
	return db;
}

struct tg_sql *tg_sql_wrap_sqlite(sqlite3 *lite, const char *name)
{
	const char *file = name ? NULL : sqlite3_db_filename(lite, "main");
	struct tg_sql *db = sql_new(TG_SQL_SQLITE, name            ? name
	                                           : file && *file ? file
	                                                           : "(in memory)");

	db->lite = lite;
	return db;
}

int tg_sql_open(struct tg_sql **out, const char *target, int create)
{
	struct tg_store *st;
	int rc;

	*out = NULL;
	if (tg_sql_is_url(target))
		return tg_sql_open_pg(out, target);
	/* A shared store (the fleet's) takes many shards' short publications: a writer waits
	 * its turn longer than a repository's own store would (the default 5 s was passed
	 * under ASan by a shard waiting on another's transaction). */
	rc = tg_store_open_busy(&st, target, create ? TG_STORE_CREATE : 0, TG_SQL_SHARED_BUSY_MS);
	if (rc)
		return rc;
	*out = tg_sql_wrap_sqlite(tg_store_db(st), target);
	(*out)->store = st;
	return TG_OK;
}

void tg_sql_close(struct tg_sql *db)
{
	if (!db)
		return;
	/* A wrapped connection's transaction, if any, is its owner's. */
	if (db->pg || db->in_tx)
		tg_sql_rollback(db);
	if (db->pg)
		PQfinish(db->pg);
	if (db->store)
		tg_store_close(db->store);
	free(db->name);
	free(db);
}

enum tg_sql_backend tg_sql_backend(const struct tg_sql *db)
{
	return db->backend;
}

const char *tg_sql_name(const struct tg_sql *db)
{
	return db->name;
}

static int lite_error(struct tg_sql *db, const char *what)
{
	if (db->store)
		return tg_store_sql_error(db->store, what);
	return tg_store_db_error(db->lite, what);
}

int tg_sql_error(struct tg_sql *db, const char *what)
{
	if (db->backend == TG_SQL_SQLITE)
		return lite_error(db, what);
	return TG_ERR_RUN; /* the failed call's message names the database already */
}

int tg_sql_prepare(struct tg_sql *db, struct tg_sql_stmt **out, const char *sql)
{
	struct tg_sql_stmt *s = tg_calloc(1, sizeof(*s));
	int rc = TG_OK;

	s->db = db;
	if (db->backend == TG_SQL_POSTGRES)
		rc = tg_sql_pg_prepare(s, sql);
	else if (sqlite3_prepare_v2(db->lite, sql, -1, &s->lite, NULL) != SQLITE_OK)
		rc = lite_error(db, "preparing a statement");
	if (rc) {
		tg_sql_finalize(s);
		s = NULL;
	}
	*out = s;
	return rc;
}

static int pg_param(struct tg_sql_stmt *s, int i, char *v)
{
	if (i < 1 || i > s->nparams) {
		free(v);
		return tg_error_set(TG_ERR_RUN, "store %s: no parameter %d in %s", s->db->name, i,
		                    s->sql);
	}
	free(s->params[i - 1]);
	s->params[i - 1] = v;
	return TG_OK;
}

int tg_sql_bind_text(struct tg_sql_stmt *s, int i, const char *v)
{
	if (!v)
		return tg_sql_bind_null(s, i);
	if (s->lite)
		return sqlite3_bind_text(s->lite, i, v, -1, SQLITE_TRANSIENT) == SQLITE_OK
		               ? TG_OK
		               : lite_error(s->db, "binding a value");
	return pg_param(s, i, tg_strdup(v));
}

int tg_sql_bind_int64(struct tg_sql_stmt *s, int i, int64_t v)
{
	char num[32];

	if (s->lite)
		return sqlite3_bind_int64(s->lite, i, v) == SQLITE_OK
		               ? TG_OK
		               : lite_error(s->db, "binding a value");
	snprintf(num, sizeof(num), "%lld", (long long)v);
	return pg_param(s, i, tg_strdup(num));
}

int tg_sql_bind_double(struct tg_sql_stmt *s, int i, double v)
{
	char num[40];

	if (s->lite)
		return sqlite3_bind_double(s->lite, i, v) == SQLITE_OK
		               ? TG_OK
		               : lite_error(s->db, "binding a value");
	snprintf(num, sizeof(num), "%.17g", v);
	return pg_param(s, i, tg_strdup(num));
}

int tg_sql_bind_null(struct tg_sql_stmt *s, int i)
{
	if (s->lite)
		return sqlite3_bind_null(s->lite, i) == SQLITE_OK
		               ? TG_OK
		               : lite_error(s->db, "binding a value");
	return pg_param(s, i, NULL);
}

int tg_sql_step(struct tg_sql_stmt *s)
{
	int rc;

	if (!s->lite)
		return tg_sql_pg_step(s);
	rc = sqlite3_step(s->lite);
	if (rc == SQLITE_ROW)
		return TG_SQL_ROW;
	if (rc == SQLITE_DONE)
		return TG_SQL_DONE;
	return lite_error(s->db, "running a statement");
}

void tg_sql_reset(struct tg_sql_stmt *s)
{
	if (s->lite) {
		sqlite3_reset(s->lite);
		sqlite3_clear_bindings(s->lite);
		return;
	}
	PQclear(s->res);
	s->res = NULL;
	s->row = -1;
	s->rows = 0;
	s->done = 0;
}

int tg_sql_column_count(struct tg_sql_stmt *s)
{
	if (s->lite)
		return sqlite3_column_count(s->lite);
	return s->res ? PQnfields(s->res) : 0;
}

const char *tg_sql_column_name(struct tg_sql_stmt *s, int i)
{
	if (s->lite)
		return sqlite3_column_name(s->lite, i);
	return s->res ? PQfname(s->res, i) : NULL;
}

int tg_sql_column_is_null(struct tg_sql_stmt *s, int i)
{
	if (s->lite)
		return sqlite3_column_type(s->lite, i) == SQLITE_NULL;
	return !s->res || s->row < 0 || PQgetisnull(s->res, s->row, i);
}

const char *tg_sql_column_text(struct tg_sql_stmt *s, int i)
{
	if (s->lite)
		return (const char *)sqlite3_column_text(s->lite, i);
	if (tg_sql_column_is_null(s, i))
		return NULL;
	return PQgetvalue(s->res, s->row, i);
}

int64_t tg_sql_column_int64(struct tg_sql_stmt *s, int i)
{
	const char *v;

	if (s->lite)
		return sqlite3_column_int64(s->lite, i);
	v = tg_sql_column_text(s, i);
	/* PostgreSQL's booleans come as t and f. */
	if (v && (*v == 't' || *v == 'f') && !v[1])
		return *v == 't';
	return v ? strtoll(v, NULL, 10) : 0;
}

double tg_sql_column_double(struct tg_sql_stmt *s, int i)
{
	const char *v;

	if (s->lite)
		return sqlite3_column_double(s->lite, i);
	v = tg_sql_column_text(s, i);
	return v ? strtod(v, NULL) : 0;
}

void tg_sql_finalize(struct tg_sql_stmt *s)
{
	int i;

	if (!s)
		return;
	if (s->lite)
		sqlite3_finalize(s->lite);
	PQclear(s->res);
	for (i = 0; i < s->nparams; i++)
		free(s->params[i]);
	free(s->params);
	free(s->sql);
	free(s);
}

int tg_sql_exec(struct tg_sql *db, const char *sql)
{
	if (db->backend == TG_SQL_POSTGRES)
		return tg_sql_pg_exec(db, sql, "running statements");
	if (sqlite3_exec(db->lite, sql, NULL, NULL, NULL) != SQLITE_OK)
		return lite_error(db, "running statements");
	return TG_OK;
}

int tg_sql_begin(struct tg_sql *db)
{
	int rc;

	if (db->store)
		rc = tg_store_begin(db->store);
	else if (db->backend == TG_SQL_POSTGRES)
		rc = tg_sql_pg_exec(db, "BEGIN ISOLATION LEVEL READ COMMITTED",
		                    "starting a transaction");
	else
		rc = tg_sql_exec(db, "BEGIN IMMEDIATE");
	db->in_tx = !rc;
	return rc;
}

int tg_sql_commit(struct tg_sql *db)
{
	int rc;

	if (db->store)
		rc = tg_store_commit(db->store);
	else if (db->backend == TG_SQL_POSTGRES)
		rc = tg_sql_pg_exec(db, "COMMIT", "committing");
	else
		rc = tg_sql_exec(db, "COMMIT");
	if (rc)
		tg_sql_rollback(db);
	db->in_tx = 0;
	return rc;
}

void tg_sql_rollback(struct tg_sql *db)
{
	if (db->backend == TG_SQL_POSTGRES) {
		if (db->pg && PQtransactionStatus(db->pg) != PQTRANS_IDLE)
			PQclear(PQexec(db->pg, "ROLLBACK"));
	} else if (db->store) {
		tg_store_rollback(db->store);
	} else if (db->lite && !sqlite3_get_autocommit(db->lite)) {
		sqlite3_exec(db->lite, "ROLLBACK", NULL, NULL, NULL);
	}
	db->in_tx = 0;
}

int tg_sql_retryable(const struct tg_sql *db)
{
	/* 40001 serialization_failure, 40P01 deadlock_detected */
	return db->backend == TG_SQL_POSTGRES &&
	       (!strcmp(db->sqlstate, "40001") || !strcmp(db->sqlstate, "40P01"));
}
