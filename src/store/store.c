#include "store/store.h"

#include "store/sql_priv.h"
#include "util/alloc.h"
#include "util/beneath.h"
#include "util/error.h"
#include "util/log.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <stdio.h>
#include <unistd.h>

struct tg_store {
	sqlite3 *db;        /* NULL on PostgreSQL */
	struct tg_sql *sql; /* the same connection through store/sql.h, either backend */
	char *path;
	int flags;
	int busy_ms;
	int schema; /* user_version once open */
};

static const char recover_hint[] =
        "it was left untouched. Move it aside and run again: history will start afresh; "
        "or restore from `terragon store export`";

static int corrupt(const char *path, const char *why)
{
	return tg_error_set(TG_ERR_RUN, "store %s is corrupted (%s); %s", path, why, recover_hint);
}

static int locked(const struct tg_store *st)
{
	return tg_error_set(TG_ERR_RUN, "store %s is locked by another terragon run; waited %g s",
	                    st->path, st->busy_ms / 1000.0);
}

static int db_error(sqlite3 *db, const char *path, const struct tg_store *st, const char *what)
{
	int code = sqlite3_errcode(db) & 0xff;

	if (st && (code == SQLITE_BUSY || code == SQLITE_LOCKED))
		return locked(st);
	if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
		return corrupt(path, sqlite3_errmsg(db));
	if (code == SQLITE_READONLY || code == SQLITE_CANTOPEN || code == SQLITE_PERM)
		return tg_error_set(TG_ERR_RUN,
		                    "store %s: %s: %s (is the file and its directory "
		                    "writable?)",
		                    path, what, sqlite3_errmsg(db));
	/* "disk I/O error" alone does not say which disk: errno does (ENOSPC, EIO). */
	if (code == SQLITE_IOERR || code == SQLITE_FULL) {
		int e = sqlite3_system_errno(db);
		if (e)
			return tg_error_set(TG_ERR_RUN, "store %s: %s: %s (%s)", path, what,
			                    sqlite3_errmsg(db), strerror(e));
	}
	return tg_error_set(TG_ERR_RUN, "store %s: %s: %s", path, what, sqlite3_errmsg(db));
}

int tg_store_sql_error(struct tg_store *st, const char *what)
{
	return db_error(st->db, st->path, st, what);
}

int tg_store_db_error(sqlite3 *db, const char *what)
{
	const char *path = sqlite3_db_filename(db, "main");

	return db_error(db, path && *path ? path : "(in memory)", NULL, what);
}

static int busy_ms(int given)
{
	const char *env = getenv("TERRAGON_STORE_BUSY_MS");
	int ms = given < 0 ? TG_STORE_BUSY_MS : given;
	char *end;
	long v;

	if (!env || !*env)
		return ms;
	errno = 0;
	v = strtol(env, &end, 10);
	/* The variable exists for tests: it may only shorten the wait. */
	if (errno || *end || v < 0 || v > INT_MAX)
		tg_warn("TERRAGON_STORE_BUSY_MS=%s is not a number of milliseconds; ignored", env);
	else if (v < ms)
		ms = (int)v;
	return ms;
}

/* mkdir -p of the directory part of path. */
static int make_parent(const char *path)
{
	char *dir = tg_strdup(path);
	char *p;
	int rc = TG_OK;

	p = strrchr(dir, '/');
	if (!p || p == dir) {
		free(dir);
		return TG_OK;
	}
	*p = '\0';
	for (p = dir + 1; rc == TG_OK; p++) {
		char c = *p;
		if (c != '/' && c != '\0')
			continue;
		*p = '\0';
		if (mkdir(dir, 0777) && errno != EEXIST)
			rc = tg_error_set(TG_ERR_RUN, "store %s: cannot create directory %s: %s",
			                  path, dir, strerror(errno));
		*p = c;
		if (!c)
			break;
	}
	free(dir);
	return rc;
}

static int dir_writable(const char *path)
{
	char *dir = tg_strdup(path);
	char *p = strrchr(dir, '/');
	struct stat sb;
	int rc = TG_OK;

	if (!p)
		strcpy(dir, ".");
	else if (p == dir)
		p[1] = '\0';
	else
		*p = '\0';
	if (stat(dir, &sb) || !S_ISDIR(sb.st_mode))
		rc = tg_error_set(TG_ERR_RUN, "store %s: %s is not a directory", path, dir);
	else if (access(dir, W_OK | X_OK))
		rc = tg_error_set(TG_ERR_RUN, "store %s: directory %s is not writable: %s", path,
		                  dir, strerror(errno));
	free(dir);
	return rc;
}

/* What is at path: *exists, and refusals that need no SQLite. */
static int check_path(const char *path, int flags, int *exists, off_t *size)
{
	struct stat sb;

	*exists = 0;
	*size = 0;
	if (stat(path, &sb) == 0) {
		if (S_ISDIR(sb.st_mode))
			return tg_error_set(TG_ERR_RUN,
			                    "store %s is a directory, not a database file", path);
		if (!S_ISREG(sb.st_mode))
			return tg_error_set(TG_ERR_RUN, "store %s is not a regular file", path);
		if (access(path, (flags & TG_STORE_READONLY) ? R_OK : R_OK | W_OK))
			return tg_error_set(TG_ERR_RUN, "store %s is not %s: %s", path,
			                    (flags & TG_STORE_READONLY) ? "readable" : "writable",
			                    strerror(errno));
		*exists = 1;
		*size = sb.st_size;
		/* WAL needs its -wal and -shm files beside the database. */
		return (flags & TG_STORE_READONLY) ? TG_OK : dir_writable(path);
	}
	if (errno == ENOTDIR)
		return tg_error_set(TG_ERR_RUN,
		                    "store %s: cannot create it: a parent is not a directory",
		                    path);
	if (errno != ENOENT)
		return tg_error_set(TG_ERR_RUN, "store %s: %s", path, strerror(errno));
	if (!(flags & TG_STORE_CREATE))
		return tg_error_set(TG_ERR_NOTFOUND, "store %s does not exist", path);
	if (flags & TG_STORE_READONLY)
		return tg_error_set(TG_ERR_USAGE, "store %s: cannot create a read-only store",
		                    path);
	if (make_parent(path))
		return TG_ERR_RUN;
	return dir_writable(path);
}

static unsigned be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/*
 * The 100-byte header, read with plain read(2) before SQLite touches the
 * file: a file that is not a database is refused without ever being opened
 * for writing.
 */
static int check_header(const char *path, off_t size)
{
	unsigned char h[100];
	unsigned page;
	ssize_t n;
	int fd;

	if (size == 0)
		return TG_OK; /* SQLite's empty database: a new store */
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return tg_error_set(TG_ERR_RUN, "store %s: %s", path, strerror(errno));
	n = read(fd, h, sizeof(h));
	close(fd);
	if (n < (ssize_t)sizeof(h) || memcmp(h, "SQLite format 3", 16))
		return corrupt(path, "not an SQLite database");
	page = be16(h + 16);
	if (page == 1)
		page = 65536;
	if (page < 512 || page > 65536 || (page & (page - 1)))
		return corrupt(path, "invalid page size in the header");
	if (size % page)
		return corrupt(path, "its size is not a whole number of pages: truncated?");
	return TG_OK;
}

static int exec(struct tg_store *st, const char *sql, const char *what)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return tg_store_sql_error(st, what);
	return TG_OK;
}

static int read_version(struct tg_store *st, int *version)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return tg_store_sql_error(st, "reading the schema version");
	rc = sqlite3_step(s);
	*version = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? TG_OK : tg_store_sql_error(st, "reading the schema version");
}

/* Reads every page once (quick_check) before anything writes. */
static int check_pages(struct tg_store *st)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "PRAGMA quick_check(1)", -1, &s, NULL) != SQLITE_OK)
		return tg_store_sql_error(st, "checking the database");
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(s, 0), "ok")) {
		char *why = tg_strdup((const char *)sqlite3_column_text(s, 0));
		sqlite3_finalize(s);
		rc = corrupt(st->path, why);
		free(why);
		return rc;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? TG_OK : tg_store_sql_error(st, "checking the database");
}

static int migrate(struct tg_store *st)
{
	char sql[64];
	int v, rc;

	for (;;) {
		if ((rc = read_version(st, &v)) || v >= (int)tg_store_migrations_nr)
			break;
		if ((rc = tg_store_begin(st)))
			break;
		/* Another run may have migrated while we waited for the lock. */
		if ((rc = read_version(st, &v)) || v >= (int)tg_store_migrations_nr) {
			tg_store_rollback(st);
			break;
		}
		tg_debug("store %s: migration %d (%s)", st->path, v + 1,
		         tg_store_migrations[v].name);
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
		rc = exec(st, tg_store_migrations[v].sql, tg_store_migrations[v].name);
		if (!rc)
			rc = exec(st, sql, "setting the schema version");
		if (!rc)
			rc = tg_store_commit(st);
		if (rc) {
			tg_store_rollback(st);
			return tg_error_prefix(rc, "migration %d (%s)", v + 1,
			                       tg_store_migrations[v].name);
		}
	}
	return rc;
}

/* A -wal file beside the database: a run in progress or one killed half-way. */
static int wal_pending(const char *path)
{
	struct tg_buf wal = TG_BUF_INIT;
	struct stat sb;
	int found;

	tg_buf_addf(&wal, "%s-wal", path);
	found = stat(wal.buf, &sb) == 0 && sb.st_size > 0;
	tg_buf_release(&wal);
	return found;
}

/*
 * A refused file stays as it was found: the -wal and -shm files SQLite made
 * while checking it go too, when it wrote nothing into them.
 */
static void remove_sidecars(const char *path, int had_wal, int had_shm)
{
	struct tg_buf wal = TG_BUF_INIT, shm = TG_BUF_INIT;
	struct stat sb;

	tg_buf_addf(&wal, "%s-wal", path);
	tg_buf_addf(&shm, "%s-shm", path);
	if (!had_wal && stat(wal.buf, &sb) == 0 && sb.st_size == 0) {
		unlink(wal.buf);
		if (!had_shm)
			unlink(shm.buf);
	}
	tg_buf_release(&wal);
	tg_buf_release(&shm);
}

static int sidecar_exists(const char *path, const char *suffix)
{
	struct tg_buf b = TG_BUF_INIT;
	struct stat sb;
	int found;

	tg_buf_addf(&b, "%s%s", path, suffix);
	found = stat(b.buf, &sb) == 0;
	tg_buf_release(&b);
	return found;
}

static int prepare(struct tg_store *st, int exists, off_t size)
{
	int rc;

	sqlite3_busy_timeout(st->db, st->busy_ms);
	/*
	 * Until the file is known sound, closing must not checkpoint pending WAL
	 * frames into it. With no frames pending, closing writes nothing to the
	 * database and removes the -wal and -shm files opening created.
	 */
	if (exists && wal_pending(st->path))
		sqlite3_db_config(st->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	/*
	 * A writer must not build on a damaged page: every page is read once
	 * first (about 0.8 s for 280 MB). A reader cannot make damage worse and
	 * meets it as SQLITE_CORRUPT, so it skips the cost.
	 */
	if (exists && size > 0 && !(st->flags & TG_STORE_READONLY) && (rc = check_pages(st)))
		return rc;
	if ((rc = read_version(st, &st->schema)))
		return rc;
	if (st->schema > (int)tg_store_migrations_nr)
		return tg_error_set(
		        TG_ERR_RUN,
		        "store %s has schema version %d, newer than this terragon knows "
		        "(%d); it was left untouched: use a newer terragon",
		        st->path, st->schema, (int)tg_store_migrations_nr);
	if ((rc = exec(st, "PRAGMA foreign_keys = ON", "enabling foreign keys")))
		return rc;
	/* A reader leaves pending frames for a writer to checkpoint. */
	if (st->flags & TG_STORE_READONLY)
		return exec(st, "PRAGMA query_only = 1", "opening read-only");
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);
	if ((rc = exec(st, "PRAGMA journal_mode = WAL", "switching to WAL mode")))
		return rc;
	/*
	 * In WAL mode NORMAL syncs at checkpoints, not at every commit: a killed
	 * process loses nothing committed, and a power cut can lose only the last
	 * transactions, never consistency. A run's merge touches every item row:
	 * a cache of 32 MB keeps a 100,000-item backlog's pages in memory.
	 */
	if ((rc = exec(st, "PRAGMA synchronous = NORMAL", "setting synchronous")) ||
	    (rc = exec(st, "PRAGMA cache_size = -32768", "setting the cache size")))
		return rc;
	if ((rc = migrate(st)))
		return rc;
	return read_version(st, &st->schema);
}

/*
 * A WAL database needs its -shm file to be read, and a reader that may not
 * write cannot make one: SQLite then fails with "attempt to write a readonly
 * database". With no -wal file (every writer has finished and checkpointed)
 * the database file alone is the whole store, and SQLite may read it as
 * immutable. With a -wal left, the open goes as before and its error says why.
 */
static char *readonly_uri(const char *path, int oflags, int had_wal)
{
	struct tg_buf u = TG_BUF_INIT;

	if (!(oflags & SQLITE_OPEN_READONLY) || had_wal)
		return NULL;
	tg_buf_adds(&u, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#' || *p <= ' ' || *p >= 0x7f)
			tg_buf_addf(&u, "%%%02X", *p);
		else
			tg_buf_addch(&u, *p);
	}
	tg_buf_adds(&u, "?immutable=1");
	return tg_buf_detach(&u, NULL);
}

int tg_store_open_busy(struct tg_store **out, const char *path, int flags, int busy)
{
	struct tg_store *st;
	int exists, oflags, rc, had_wal, had_shm;
	off_t size;
	char *uri;

	*out = NULL;
	if ((rc = check_path(path, flags, &exists, &size)))
		return rc;
	if (exists && (rc = check_header(path, size)))
		return rc;
	had_wal = sidecar_exists(path, "-wal");
	had_shm = sidecar_exists(path, "-shm");
	st = tg_calloc(1, sizeof(*st));
	st->path = tg_strdup(path);
	st->flags = flags;
	st->busy_ms = busy_ms(busy);
	oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	/*
	 * Read-only means terragon writes nothing (query_only): a connection
	 * SQLite opens read-only could not remove the -wal and -shm files it
	 * makes, so it is used only when the file or directory is not writable.
	 */
	if ((flags & TG_STORE_READONLY) && (access(path, W_OK) || dir_writable(path)))
		oflags = SQLITE_OPEN_READONLY;
	if (flags & TG_STORE_NOFOLLOW)
		oflags |= SQLITE_OPEN_NOFOLLOW;
	tg_error_clear(); /* dir_writable's refusal is not this open's error */
	uri = readonly_uri(path, oflags, had_wal);
	if (sqlite3_open_v2(uri ? uri : path, &st->db,
	                    oflags | SQLITE_OPEN_NOMUTEX | (uri ? SQLITE_OPEN_URI : 0),
	                    NULL) != SQLITE_OK)
		rc = st->db ? tg_store_sql_error(st, "opening")
		            : tg_error_set(TG_ERR_RUN, "store %s: out of memory", path);
	else
		rc = prepare(st, exists, size);
	free(uri);
	if (rc) {
		tg_store_close(st);
		if (exists)
			remove_sidecars(path, had_wal, had_shm);
		return rc;
	}
	tg_debug("store %s: open, schema %d", path, st->schema);
	st->sql = tg_sql_wrap_sqlite(st->db, path);
	st->sql->store = st; /* its transactions are the store's: read-only refused */
	*out = st;
	return TG_OK;
}

/*
 * A PostgreSQL database holding one repository's store: the same tables,
 * reached through store/sql.h only (tg_store_db is NULL). Read-only is
 * terragon's promise not to write, as query_only is for SQLite.
 */
static int open_url(struct tg_store **out, const char *url, int flags)
{
	struct tg_store *st;
	int rc;

	*out = NULL;
	st = tg_calloc(1, sizeof(*st));
	st->flags = flags;
	if ((rc = tg_sql_open_pg(&st->sql, url))) {
		free(st);
		return rc;
	}
	st->path = tg_strdup(tg_sql_name(st->sql));
	st->schema = (int)tg_store_migrations_nr; /* tg_sql_open_pg migrated it */
	if ((flags & TG_STORE_READONLY) &&
	    (rc = tg_sql_exec(st->sql, "SET default_transaction_read_only = on"))) {
		tg_store_close(st);
		return rc;
	}
	*out = st;
	return TG_OK;
}

/* Only a refusal (a link, "..") stops here: what else beneath.h reports (a
 * missing file, a file where a directory should be) check_path words better. */
static int refusal(int rc)
{
	if (rc == TG_ERR_INPUT)
		return rc;
	tg_error_clear();
	return TG_OK;
}

/*
 * SQLite opens by name: before it does, the directories, the database and the
 * files beside it are checked beneath root, none a symbolic link, and the
 * directories of a store to create are made there. SQLite's own O_NOFOLLOW
 * (TG_STORE_NOFOLLOW) then covers the last component.
 */
static int check_beneath(const char *root, const char *rel, int flags)
{
	static const char *const beside[] = {"", "-wal", "-shm", "-journal"};
	const char *slash = strrchr(rel, '/');
	struct tg_buf p = TG_BUF_INIT;
	struct stat sb;
	size_t i;
	int rc = TG_OK;

	for (i = 0; !rc && i < sizeof(beside) / sizeof(beside[0]); i++) {
		tg_buf_reset(&p);
		tg_buf_addf(&p, "%s%s", rel, beside[i]);
		rc = refusal(tg_beneath_lstat(root, p.buf, &sb));
	}
	if (!rc && (flags & TG_STORE_CREATE) && !(flags & TG_STORE_READONLY) && slash) {
		tg_buf_reset(&p);
		tg_buf_add(&p, rel, (size_t)(slash - rel));
		rc = refusal(tg_beneath_mkdir(root, p.buf, 0777));
	}
	tg_buf_release(&p);
	return rc ? tg_error_prefix(TG_ERR_RUN, "store") : TG_OK;
}

int tg_store_open_in(struct tg_store **out, const char *root, const char *rel, int flags,
                     int busy_ms)
{
	struct tg_buf path = TG_BUF_INIT;
	int rc;

	*out = NULL;
	if (tg_sql_is_url(rel)) /* store.url: a PostgreSQL database (setup.c) */
		return open_url(out, rel, flags);
	if (rel[0] == '/') /* an absolute store.path is the user's choice (config/keys.c) */
		return tg_store_open_busy(out, rel, flags, busy_ms);
	if ((rc = check_beneath(root, rel, flags)))
		return rc;
	tg_buf_addf(&path, "%s/%s", root, rel);
	rc = tg_store_open_busy(out, path.buf, flags | TG_STORE_NOFOLLOW, busy_ms);
	tg_buf_release(&path);
	return rc;
}

void tg_store_path_in(struct tg_buf *out, const char *root, const char *rel)
{
	if (rel[0] == '/')
		tg_buf_adds(out, rel);
	else
		tg_buf_addf(out, "%s/%s", root, rel);
}

int tg_store_open(struct tg_store **out, const char *path, int flags)
{
	return tg_store_open_busy(out, path, flags, -1);
}

void tg_store_close(struct tg_store *st)
{
	if (!st)
		return;
	if (st->sql) {
		st->sql->store = NULL; /* not the SQL layer's to close */
		tg_sql_close(st->sql);
	}
	if (st->db) {
		tg_store_rollback(st);
		sqlite3_close_v2(st->db);
	}
	free(st->path);
	free(st);
}

sqlite3 *tg_store_db(struct tg_store *st)
{
	return st->db;
}

struct tg_sql *tg_store_sql(struct tg_store *st)
{
	return st->sql;
}

enum tg_sql_backend tg_store_backend(const struct tg_store *st)
{
	return st->db ? TG_SQL_SQLITE : TG_SQL_POSTGRES;
}

const char *tg_store_path(const struct tg_store *st)
{
	return st->path;
}

int tg_store_begin(struct tg_store *st)
{
	if (st->flags & TG_STORE_READONLY)
		return tg_error_set(TG_ERR_RUN, "store %s is open read-only", st->path);
	if (!st->db)
		return tg_sql_pg_exec(st->sql, "BEGIN ISOLATION LEVEL READ COMMITTED",
		                      "starting a transaction");
	return exec(st, "BEGIN IMMEDIATE", "starting a transaction");
}

int tg_store_commit(struct tg_store *st)
{
	int rc = st->db ? exec(st, "COMMIT", "committing")
	                : tg_sql_pg_exec(st->sql, "COMMIT", "committing");

	if (rc)
		tg_store_rollback(st);
	return rc;
}

void tg_store_rollback(struct tg_store *st)
{
	if (!st->db) {
		tg_sql_rollback(st->sql);
		return;
	}
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

int tg_store_integrity(struct tg_store *st, struct tg_buf *problems)
{
	sqlite3_stmt *s;
	char *first = NULL;
	int rc;

	if (sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1, &s, NULL) != SQLITE_OK)
		return tg_store_sql_error(st, "checking integrity");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *row = (const char *)sqlite3_column_text(s, 0);
		if (!row || !strcmp(row, "ok"))
			continue;
		if (!first)
			first = tg_strdup(row);
		if (problems)
			tg_buf_addf(problems, "%s\n", row);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		free(first);
		if (problems)
			tg_buf_addf(problems, "%s\n", sqlite3_errmsg(st->db));
		return tg_store_sql_error(st, "checking integrity");
	}
	if (first) {
		rc = corrupt(st->path, first);
		free(first);
		return rc;
	}
	return TG_OK;
}

int tg_store_schema_version(const struct tg_store *st)
{
	return st->schema;
}

int tg_store_schema_latest(void)
{
	return (int)tg_store_migrations_nr;
}
