#ifndef TG_SQL_PRIV_H
#define TG_SQL_PRIV_H

/* What sql.c (SQLite and the dispatch) and sql_pg.c (libpq) share. */

#include "store/sql.h"

#include <libpq-fe.h>

struct tg_store;

struct tg_sql {
	enum tg_sql_backend backend;
	char *name; /* redacted: in every message */
	sqlite3 *lite;
	struct tg_store *store; /* owned when tg_sql_open opened it */
	PGconn *pg;
	int in_tx;
	char sqlstate[6]; /* PostgreSQL: of the last error */
};

struct tg_sql_stmt {
	struct tg_sql *db;
	sqlite3_stmt *lite;
	/* PostgreSQL: the translated text, the parameters as text, the result. */
	char *sql;
	char **params;
	int nparams;
	PGresult *res;
	int row, rows, done;
};

int tg_sql_pg_prepare(struct tg_sql_stmt *s, const char *sql);
int tg_sql_pg_step(struct tg_sql_stmt *s);
int tg_sql_pg_exec(struct tg_sql *db, const char *sql, const char *what);
int tg_sql_pg_error(struct tg_sql *db, const PGresult *res, const char *what);

#endif
