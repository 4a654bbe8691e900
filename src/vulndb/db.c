/*
 * The database file: where it lives, opening it (checked read-only before
 * anything could write to it), its schema and the lookup.
 */
#include "vulndb/vulndb_int.h"

#include "util/alloc.h"
#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What marks a file as ours, in its meta table; a new layout gets a new version. */
#define FORMAT         "terragon-osv"
#define SCHEMA_VERSION "1"

/*
 * Each record once (compact JSON), and the index the matcher reads: one row
 * per (ecosystem, normalised name, record), clustered on that key so a
 * lookup is one range of one b-tree.
 */
static const char schema[] =
        "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE record(rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
        " modified TEXT NOT NULL, mod_us INTEGER NOT NULL, json TEXT NOT NULL);"
        "CREATE TABLE affected(eco INTEGER NOT NULL, name TEXT NOT NULL, rid INTEGER NOT NULL,"
        " PRIMARY KEY(eco, name, rid)) WITHOUT ROWID;"
        "CREATE INDEX affected_rid ON affected(rid);"
        "CREATE TABLE eco_status(eco INTEGER PRIMARY KEY, records INTEGER NOT NULL,"
        " newest TEXT NOT NULL, imported_at INTEGER NOT NULL, snapshot TEXT NOT NULL,"
        " etag TEXT NOT NULL DEFAULT '', last_modified TEXT NOT NULL DEFAULT '');"
        "INSERT INTO meta VALUES('format', '" FORMAT "'), ('schema', '" SCHEMA_VERSION "');";

void tg_vulndb_default_path(const char *root, const char *configured, struct tg_buf *out)
{
	const char *home = getenv("HOME"), *cache = getenv("XDG_CACHE_HOME");

	if (!home || !*home)
		home = ".";
	if (configured && *configured) {
		if (!strncmp(configured, "~/", 2))
			tg_buf_addf(out, "%s/%s", home, configured + 2);
		else if (*configured != '/' && root) /* the repository's, as store.path is */
			tg_buf_addf(out, "%s/%s", root, configured);
		else
			tg_buf_adds(out, configured);
	} else if (cache && *cache == '/') { /* the XDG spec ignores a relative value */
		tg_buf_addf(out, "%s/terragon/osv.db", cache);
	} else {
		tg_buf_addf(out, "%s/.cache/terragon/osv.db", home);
	}
}

int tg_vulndb_sql_error(struct tg_vulndb *db, const char *what)
{
	int code = sqlite3_errcode(db->db);

	if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
		return tg_error_set(TG_ERR_RUN, "%s: corrupt OSV database (%s): %s", db->path, what,
		                    sqlite3_errmsg(db->db));
	return tg_error_set(TG_ERR_RUN, "%s: %s: %s", db->path, what, sqlite3_errmsg(db->db));
}

int tg_vulndb_exec(struct tg_vulndb *db, const char *sql)
{
	if (sqlite3_exec(db->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return tg_vulndb_sql_error(db, "SQL");
	return TG_OK;
}

/* mkdir -p of path's directory. */
int tg_vulndb_make_parent(const char *path)
{
	char *dir = tg_strdup(path), *p;
	int rc = TG_OK;

	for (p = dir + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(dir, 0700) && errno != EEXIST) {
			rc = tg_error_set(TG_ERR_RUN, "%s: cannot create the directory: %s", dir,
			                  strerror(errno));
			break;
		}
		*p = '/';
	}
	free(dir);
	return rc;
}

/* The meta table says the file is ours, in the layout this code reads. */
static int check_format(struct tg_vulndb *db)
{
	sqlite3_stmt *st;
	int rc, ours = 0, version = 0;

	rc = sqlite3_prepare_v2(db->db, "SELECT key, value FROM meta", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB)
			return tg_vulndb_sql_error(db, "reading");
		return tg_error_set(TG_ERR_RUN, "%s: not a terragon OSV database (%s)", db->path,
		                    sqlite3_errmsg(db->db));
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 0);
		const char *v = (const char *)sqlite3_column_text(st, 1);
		ours |= k && v && !strcmp(k, "format") && !strcmp(v, FORMAT);
		version |= k && v && !strcmp(k, "schema") && !strcmp(v, SCHEMA_VERSION);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return tg_vulndb_sql_error(db, "reading");
	if (!ours)
		return tg_error_set(TG_ERR_RUN, "%s: not a terragon OSV database", db->path);
	if (!version)
		return tg_error_set(TG_ERR_RUN,
		                    "%s: an OSV database of another terragon version; "
		                    "remove it and import or update again",
		                    db->path);
	return TG_OK;
}

static long long pragma(struct tg_vulndb *db, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;

	if (sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/*
 * A whole-file check (PRAGMA quick_check) costs a read of every page, too
 * slow for each open; a cut-short file is the usual damage (a full disk, a
 * copy interrupted), and is seen at once: its pages do not fill its size.
 * Damage elsewhere surfaces as SQLITE_CORRUPT when read, and is reported so.
 */
static int check_size(struct tg_vulndb *db)
{
	long long pages = pragma(db, "PRAGMA page_count"), size = pragma(db, "PRAGMA page_size");
	struct stat sb;

	if (pages < 0 || size < 0)
		return tg_vulndb_sql_error(db, "reading");
	if (stat(db->path, &sb) == 0 && (long long)sb.st_size != pages * size)
		return tg_error_set(
		        TG_ERR_RUN,
		        "%s: corrupt OSV database: %lld bytes where its pages need %lld", db->path,
		        (long long)sb.st_size, pages * size);
	return TG_OK;
}

/* Opens the existing file read-only and checks it: nothing is written to a file not ours. */
static int open_existing(struct tg_vulndb *db, int writable)
{
	int flags = SQLITE_OPEN_READONLY, rc;
	char head[16];
	int fd = open(db->path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, head, sizeof(head));

	if (fd >= 0)
		close(fd);
	if (n < 0)
		return tg_error_set(TG_ERR_RUN, "%s: %s", db->path, strerror(errno));
	if (n < (ssize_t)sizeof(head) || memcmp(head, "SQLite format 3", 16))
		return tg_error_set(TG_ERR_RUN, "%s: not a terragon OSV database (not SQLite)",
		                    db->path);
	for (int pass = 0; pass < 1 + writable; pass++) {
		if (db->db)
			sqlite3_close(db->db);
		db->db = NULL;
		if (sqlite3_open_v2(db->path, &db->db, flags, NULL) != SQLITE_OK)
			return tg_vulndb_sql_error(db, "opening");
		if ((rc = check_format(db)))
			return rc;
		if (!pass && (rc = check_size(db)))
			return rc;
		flags = SQLITE_OPEN_READWRITE;
	}
	return TG_OK;
}

static int create_new(struct tg_vulndb *db)
{
	int rc;

	if ((rc = tg_vulndb_make_parent(db->path)))
		return rc;
	if (sqlite3_open_v2(db->path, &db->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK)
		return tg_vulndb_sql_error(db, "creating");
	if ((rc = tg_vulndb_exec(db, "BEGIN")) || (rc = tg_vulndb_exec(db, schema)) ||
	    (rc = tg_vulndb_exec(db, "COMMIT")))
		return rc;
	return TG_OK;
}

int tg_vulndb_open(const char *path, enum tg_vulndb_mode mode, struct tg_vulndb **out)
{
	struct tg_vulndb *db = tg_calloc(1, sizeof(*db));
	struct stat sb;
	int rc;

	*out = NULL;
	db->path = tg_strdup(path);
	tg_buf_init(&db->name, 64);
	if (stat(path, &sb) == 0)
		rc = open_existing(db, mode == TG_VULNDB_CREATE);
	else if (errno != ENOENT)
		rc = tg_error_set(TG_ERR_RUN, "%s: %s", path, strerror(errno));
	else if (mode == TG_VULNDB_READ)
		rc = tg_error_set(TG_ERR_NOTFOUND,
		                  "%s: no OSV database; run `terragon vulndb update` or "
		                  "`terragon vulndb import`",
		                  path);
	else
		rc = create_new(db);
	if (!rc) {
		sqlite3_busy_timeout(db->db, 5000);
		/*
		 * 32 MiB of page cache, not a mapping of the file: a mapping made
		 * lookups some 40% faster, but every page a run touched counted in
		 * its memory (280 MB for 10,000 lookups in 200,000 records), and
		 * matching has to stay under 300 MB.
		 */
		rc = tg_vulndb_exec(db, "PRAGMA cache_size = -32768");
	}
	/*
	 * A reader keeps its shared lock from the first lookup to the close:
	 * taking and dropping it (fcntl, and a stat for a hot journal) around
	 * each lookup was two thirds of a lookup's time. Writers are not held
	 * up by it: update renames a new file in.
	 */
	if (!rc && mode == TG_VULNDB_READ)
		rc = tg_vulndb_exec(db, "PRAGMA locking_mode = EXCLUSIVE");
	if (!rc) {
		if (sqlite3_prepare_v3(
		            db->db,
		            "SELECT r.json FROM affected a JOIN record r ON r.rid = a.rid"
		            " WHERE a.eco = ? AND a.name = ? ORDER BY r.id",
		            -1, SQLITE_PREPARE_PERSISTENT, &db->lookup, NULL) != SQLITE_OK)
			rc = tg_vulndb_sql_error(db, "reading");
	}
	if (rc) {
		tg_vulndb_close(db);
		return rc;
	}
	*out = db;
	return TG_OK;
}

void tg_vulndb_close(struct tg_vulndb *db)
{
	if (!db)
		return;
	sqlite3_finalize(db->lookup);
	sqlite3_close(db->db);
	tg_buf_release(&db->name);
	free(db->path);
	free(db);
}

const char *tg_vulndb_file(const struct tg_vulndb *db)
{
	return db->path;
}

int tg_vulndb_lookup(void *handle, enum tg_eco eco, const char *name, tg_vulndb_each_fn each,
                     void *arg)
{
	struct tg_vulndb *db = handle;
	sqlite3_stmt *st = db->lookup;
	int rc = SQLITE_DONE, stop = 0;

	tg_buf_reset(&db->name);
	tg_eco_normalize_name(eco, name, &db->name);
	sqlite3_bind_int(st, 1, (int)eco);
	sqlite3_bind_text(st, 2, db->name.buf, (int)db->name.len, SQLITE_STATIC);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW)
		stop = each(arg, (const char *)sqlite3_column_text(st, 0),
		            (size_t)sqlite3_column_bytes(st, 0));
	if (!stop && rc != SQLITE_DONE)
		stop = tg_vulndb_sql_error(db, "lookup");
	sqlite3_reset(st);
	return stop;
}

int tg_vulndb_set_validators(struct tg_vulndb *db, enum tg_eco eco, const char *etag,
                             const char *last_modified)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db->db,
	                       "UPDATE eco_status SET etag = ?, last_modified = ? WHERE eco = ?",
	                       -1, &st, NULL) != SQLITE_OK)
		return tg_vulndb_sql_error(db, "storing the download's validators");
	sqlite3_bind_text(st, 1, etag ? etag : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, last_modified ? last_modified : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, (int)eco);
	rc = sqlite3_step(st) == SQLITE_DONE ? TG_OK
	                                     : tg_vulndb_sql_error(db, "storing the validators");
	sqlite3_finalize(st);
	return rc;
}
