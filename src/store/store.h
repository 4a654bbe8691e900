#ifndef TG_STORE_H
#define TG_STORE_H

/*
 * The store: one SQLite database (default .terragon/terragon.db) holding the
 * runs and, through their own migrations, what other modules keep. WAL mode,
 * foreign keys on, writes only inside BEGIN IMMEDIATE transactions, and a
 * bounded busy wait: a second writer waits, then fails with TG_ERR_RUN
 * rather than hanging or corrupting the file.
 *
 * Opening checks before it writes: a file that is not a database or has a
 * damaged page, or whose schema is newer than this binary knows, is refused
 * and left byte-for-byte as it was. Then the forward migrations of schema.c
 * are applied, each in its own transaction.
 */

#include "util/buf.h"

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

enum {
	TG_STORE_READONLY = 1, /* never writes: no migrations, no WAL switch */
	TG_STORE_CREATE = 2,   /* creates the file and its directory when missing */
	TG_STORE_NOFOLLOW = 4, /* the file must not be a symbolic link (SQLITE_OPEN_NOFOLLOW) */
};

/* The default busy wait; TERRAGON_STORE_BUSY_MS may shorten it (for tests). */
#define TG_STORE_BUSY_MS 5000

struct tg_store;
struct tg_sql;

/*
 * Opens the store at path. Errors (all naming the path): TG_ERR_NOTFOUND when
 * the file is missing and TG_STORE_CREATE is not given; TG_ERR_RUN when it is
 * a directory, cannot be created or written, is corrupted (with a hint how to
 * recover), is locked past the busy wait, or has a newer schema.
 */
int tg_store_open(struct tg_store **out, const char *path, int flags);
/* The same with an explicit busy wait in milliseconds (< 0: the default). */
int tg_store_open_busy(struct tg_store **out, const char *path, int flags, int busy_ms);
/*
 * The store at `rel` (store.path) in the repository at root. A relative rel is
 * repository content: its directories and file, and the -wal, -shm and
 * -journal files SQLite keeps beside it, are resolved beneath root with no
 * symbolic link followed (util/beneath.h), so a committed `.terragon ->
 * elsewhere` or a link at the database is refused, never written through; the
 * directories are made beneath root when TG_STORE_CREATE may create the file.
 * An absolute rel is the user's explicit choice and is opened as given.
 * busy_ms as tg_store_open_busy. A postgres:// rel (store.url) opens that
 * PostgreSQL database as one repository's store (store/sql.h; migrated to
 * the newest schema; TG_STORE_READONLY makes its transactions read-only).
 */
int tg_store_open_in(struct tg_store **out, const char *root, const char *rel, int flags,
                     int busy_ms);
/* The file tg_store_open_in opens: rel itself when absolute, else root/rel. */
void tg_store_path_in(struct tg_buf *out, const char *root, const char *rel);
void tg_store_close(struct tg_store *st);

/* The connection, for modules that run their own statements: NULL when the
 * store is a PostgreSQL database (store.url), which only tg_store_sql reaches. */
sqlite3 *tg_store_db(struct tg_store *st);
/* The same connection through store/sql.h, either backend; the store's to close. */
struct tg_sql *tg_store_sql(struct tg_store *st);
const char *tg_store_path(const struct tg_store *st);

/*
 * Turns the connection's last SQLite error into a TG_ERR_RUN message naming
 * the store and `what` was being done; a busy database gets the "locked by
 * another terragon run" message, a corrupted one the recovery hint. For
 * modules that run their own statements.
 */
int tg_store_sql_error(struct tg_store *st, const char *what);
/* The same from the connection alone (the file is SQLite's name for it), for
 * code that is handed the sqlite3 handle: every message names the file. */
int tg_store_db_error(sqlite3 *db, const char *what);

/* BEGIN IMMEDIATE: waits up to the busy wait for another writer, then TG_ERR_RUN. */
int tg_store_begin(struct tg_store *st);
int tg_store_commit(struct tg_store *st);
/* Safe to call when no transaction is open. */
void tg_store_rollback(struct tg_store *st);

/*
 * PRAGMA integrity_check: TG_OK when the database is sound; otherwise
 * TG_ERR_RUN, and each problem SQLite reports is appended to problems (one a
 * line; problems may be NULL).
 */
int tg_store_integrity(struct tg_store *st, struct tg_buf *problems);

/* Schema versions: the one the file is at, and the newest this binary knows. */
int tg_store_schema_version(const struct tg_store *st);
int tg_store_schema_latest(void);

/*
 * One forward migration: SQL run in one transaction that moves the schema
 * from version (its index + 1) - 1 to its index + 1. The ordered list is in
 * schema.c.
 */
struct tg_store_migration {
	const char *name; /* what it adds, for messages */
	const char *sql;
};
extern const struct tg_store_migration tg_store_migrations[];
extern const size_t tg_store_migrations_nr;

/*
 * Runs: one row per terragon run that writes to the store. run_begin records
 * the command and its start (status "running"); run_finish its end, status
 * ("ok" or "failed") and a JSON summary (may be NULL). Both join the caller's
 * transaction when one is open, or write in their own.
 */
int tg_store_run_begin(struct tg_store *st, const char *command, time_t started, int64_t *run_id);
int tg_store_run_finish(struct tg_store *st, int64_t run_id, time_t finished, const char *status,
                        const char *summary_json);

struct tg_store_run {
	int64_t id;
	char *command;
	time_t started_at;
	time_t finished_at; /* 0 while running */
	char *status;       /* running, ok, failed */
	char *summary;      /* JSON, or NULL */
};

/* The last `limit` runs (0: all), newest first, into a new array the caller frees. */
int tg_store_runs_list(struct tg_store *st, size_t limit, struct tg_store_run **runs, size_t *nr);
void tg_store_runs_free(struct tg_store_run *runs, size_t nr);

/*
 * Copies the store's history (runs, items, events, executions, benchmarks,
 * the audit trail, the fleet tables) into dst in one transaction; rows dst
 * holds already are kept. One line per table into report. store/copy.c.
 */
int tg_store_copy(struct tg_store *src, struct tg_sql *dst, struct tg_buf *report);

#endif
