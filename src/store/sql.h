#ifndef TG_SQL_H
#define TG_SQL_H

/*
 * The store's SQL, whatever the database: SQLite (the embedded default, one
 * file per repository) or PostgreSQL through libpq (one database for a fleet
 * of repositories, many writers from many machines).
 *
 * Statements are written once, in the dialect both understand: `?`
 * placeholders, `INSERT ... ON CONFLICT (...) DO UPDATE/NOTHING` upserts,
 * integers as Unix seconds. What still differs (placeholders, identity
 * columns, column types, PRAGMAs, the schema version) is translated in one
 * place, dialect.c, and listed there.
 *
 *	struct tg_sql_stmt *s;
 *	rc = tg_sql_prepare(db, &s, "SELECT id FROM repositories WHERE url = ?");
 *	tg_sql_bind_text(s, 1, url);
 *	while ((rc = tg_sql_step(s)) == TG_SQL_ROW)
 *		id = tg_sql_column_int64(s, 0);
 *	tg_sql_finalize(s);
 *
 * Every error is TG_ERR_RUN with a message naming the database (a URL with
 * its password removed) and what was being done.
 */

#include "util/buf.h"

#include <sqlite3.h>
#include <stdint.h>

enum tg_sql_backend { TG_SQL_SQLITE, TG_SQL_POSTGRES };

/* tg_sql_step's answers besides an error (< 0). */
enum { TG_SQL_DONE = 0, TG_SQL_ROW = 1 };

struct tg_sql;
struct tg_sql_stmt;

/* Is target a PostgreSQL URL (postgres:// or postgresql://)? */
int tg_sql_is_url(const char *target);
/* Does the URL carry a password (user:password@)? It must not: PGPASSWORD or ~/.pgpass. */
int tg_sql_url_has_password(const char *url);
/* TG_ERR_USAGE unless url is a postgres:// URL without a password. */
int tg_sql_url_check(const char *url);
/* The URL as messages show it: user, host and database; never a password or options. */
void tg_sql_url_redacted(struct tg_buf *out, const char *url);

/*
 * Connects to the PostgreSQL database at url and brings its schema to the
 * newest version (the migrations of schema.c, translated; one migrating
 * session at a time, under an advisory lock). A URL with a password is
 * refused: libpq takes it from PGPASSWORD or ~/.pgpass.
 */
int tg_sql_open_pg(struct tg_sql **out, const char *url);
/* The busy wait of a SQLite file opened here, in milliseconds: a shared store's writers queue. */
#define TG_SQL_SHARED_BUSY_MS 60000
/*
 * Opens a database by target: a PostgreSQL URL as tg_sql_open_pg, else a
 * SQLite file path through tg_store_open (created when create is set).
 */
int tg_sql_open(struct tg_sql **out, const char *target, int create);
/* Wraps an open SQLite connection, which stays the caller's (and so does
 * any transaction open on it); name NULL: the file's. */
struct tg_sql *tg_sql_wrap_sqlite(sqlite3 *db, const char *name);
void tg_sql_close(struct tg_sql *db);

enum tg_sql_backend tg_sql_backend(const struct tg_sql *db);
const char *tg_sql_name(const struct tg_sql *db); /* redacted */

int tg_sql_prepare(struct tg_sql *db, struct tg_sql_stmt **out, const char *sql);
/* Indexes count from 1, as SQLite's. Text is copied. */
int tg_sql_bind_text(struct tg_sql_stmt *s, int i, const char *v);
int tg_sql_bind_int64(struct tg_sql_stmt *s, int i, int64_t v);
int tg_sql_bind_double(struct tg_sql_stmt *s, int i, double v);
int tg_sql_bind_null(struct tg_sql_stmt *s, int i);
/* TG_SQL_ROW, TG_SQL_DONE, or an error. */
int tg_sql_step(struct tg_sql_stmt *s);
/* Ready to run again with new bindings. */
void tg_sql_reset(struct tg_sql_stmt *s);
int tg_sql_column_count(struct tg_sql_stmt *s);
const char *tg_sql_column_name(struct tg_sql_stmt *s, int i);
int tg_sql_column_is_null(struct tg_sql_stmt *s, int i);
const char *tg_sql_column_text(struct tg_sql_stmt *s, int i); /* NULL for NULL */
int64_t tg_sql_column_int64(struct tg_sql_stmt *s, int i);
double tg_sql_column_double(struct tg_sql_stmt *s, int i);
void tg_sql_finalize(struct tg_sql_stmt *s);

/*
 * After a failed call: TG_ERR_RUN with SQLite's last error worded as the
 * store words it, naming the file and `what` was being done; PostgreSQL's
 * message is the failed call's, kept.
 */
int tg_sql_error(struct tg_sql *db, const char *what);

/* Statements with no parameters and no rows (several, separated by ';'). */
int tg_sql_exec(struct tg_sql *db, const char *sql);

/*
 * A write transaction. SQLite: BEGIN IMMEDIATE, a second writer waits for the
 * busy timeout. PostgreSQL: READ COMMITTED; writers of the same rows wait
 * for each other's locks, and tg_sql_retryable says when a failed
 * transaction (a deadlock, a serialization failure) should simply be run
 * again from its start.
 */
int tg_sql_begin(struct tg_sql *db);
int tg_sql_commit(struct tg_sql *db);
void tg_sql_rollback(struct tg_sql *db); /* safe with no transaction open */
int tg_sql_retryable(const struct tg_sql *db);

/* Dialect (dialect.c): SQLite SQL as PostgreSQL reads it; returns the number of `?`. */
int tg_sql_dialect_pg(struct tg_buf *out, const char *sqlite_sql);

#endif
