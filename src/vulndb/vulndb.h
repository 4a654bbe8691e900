#ifndef TG_VULNDB_H
#define TG_VULNDB_H

/*
 * The offline OSV vulnerability database: one SQLite file holding OSV
 * records (https://ossf.github.io/osv-schema/), each stored once as compact
 * JSON, and an index from (ecosystem, normalised package name) to the
 * records that name the package in affected[]. Filled by import (JSON and
 * YAML files, directories of them, osv.dev's per-ecosystem all.zip) and by
 * update (the same all.zip downloaded, swapped in atomically); read by the
 * matcher (osv/osv.h) through tg_vulndb_lookup.
 *
 * A file that is not a terragon OSV database, or is corrupt, is refused
 * with a message naming it, and is never written to.
 */

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "version/ecosystem.h"

struct tg_vulndb;

/* The shapes of osv/osv.h's tg_osv_each_fn and tg_osv_lookup_fn (vulndb does not depend on osv). */
typedef int (*tg_vulndb_each_fn)(void *arg, const char *json, size_t len);

enum tg_vulndb_mode {
	TG_VULNDB_READ = 0, /* the file must exist */
	TG_VULNDB_CREATE,   /* read-write; made (with its directory) when missing */
};

/*
 * The database's file from vulndb.path: `configured` itself when set (a
 * leading "~/" is $HOME; a relative path is under root, the repository's,
 * as store.path is; root may be NULL), else $XDG_CACHE_HOME/terragon/osv.db, else
 * ~/.cache/terragon/osv.db. Appends to out.
 */
void tg_vulndb_default_path(const char *root, const char *configured, struct tg_buf *out);

/*
 * Opens the database at path. TG_ERR_NOTFOUND when it does not exist (READ);
 * TG_ERR_RUN, naming the file, when it is not a terragon OSV database or is
 * corrupt, or cannot be read. Checked before anything is written.
 */
int tg_vulndb_open(const char *path, enum tg_vulndb_mode mode, struct tg_vulndb **out);
void tg_vulndb_close(struct tg_vulndb *db);
const char *tg_vulndb_file(const struct tg_vulndb *db);

/*
 * Calls each(arg, json, len) with the compact JSON of every stored
 * (non-withdrawn) record whose affected[].package names (eco, name), name
 * normalised by tg_eco_normalize_name; stops at, and returns, the first
 * non-zero return of each. `db` is a struct tg_vulndb *. A handle serves one
 * thread at a time (its lookup statement is reused).
 */
int tg_vulndb_lookup(void *db, enum tg_eco eco, const char *name, tg_vulndb_each_fn each,
                     void *arg);

/* What one import did, by record. */
struct tg_vulndb_counts {
	size_t added;     /* new ids */
	size_t replaced;  /* a newer `modified` than the stored one */
	size_t unchanged; /* the same or an older `modified`: the stored record kept */
	size_t withdrawn; /* `withdrawn` set: skipped (a stored older copy is removed) */
	size_t unknown;   /* no affected package of an ecosystem terragon knows: skipped */
	size_t invalid;   /* not an OSV record (no id, bad JSON or YAML): reported, skipped */
};

/* Bounds on an all.zip, against path traversal and zip bombs. */
struct tg_vulndb_zip_limits {
	uint64_t max_entries;
	uint64_t max_entry_bytes; /* uncompressed size of one entry */
	uint64_t max_total_bytes; /* uncompressed size of all entries */
	uint64_t max_ratio;       /* uncompressed / compressed of an entry over 1 MiB */
};
extern const struct tg_vulndb_zip_limits tg_vulndb_zip_default_limits;

/*
 * Imports every path (a .json, .yaml or .yml file, a .zip archive, or a
 * directory walked recursively for those) in one transaction, then
 * recomputes the status of each ecosystem touched. A record replaces the
 * stored one of its id only when its `modified` is newer. A malformed record
 * is reported (tg_warn, naming the file) and counted; an unreadable path or
 * an archive refused by `limits` (NULL: the defaults) fails the whole import
 * and leaves the database as it was.
 */
int tg_vulndb_import(struct tg_vulndb *db, const char *const *paths, size_t n,
                     const struct tg_vulndb_zip_limits *limits, struct tg_vulndb_counts *counts);

/* One ecosystem's state. */
struct tg_vulndb_status {
	enum tg_eco eco;
	long records;
	char newest[40];     /* the newest `modified`, as written in the record */
	int64_t imported_at; /* Unix time of the last import or update */
	char snapshot[65];   /* SHA-256 hex over the stored records' ids and modified times */
	char etag[128], last_modified[64]; /* of the last update's download ("" when none) */
};

/* The status of every ecosystem the database holds, in enum order; *nr of them. */
int tg_vulndb_status(struct tg_vulndb *db, struct tg_vulndb_status **out, size_t *nr);
/* The short form of a snapshot id shown to people: its first 12 hex digits. */
enum { TG_VULNDB_SNAPSHOT_SHORT = 12 };

/* What update fetched, per ecosystem. */
struct tg_vulndb_fetch {
	enum tg_eco eco;
	long http_status; /* 200, 304 */
	struct tg_vulndb_counts counts;
};

/*
 * Downloads <base_url>/<Ecosystem>/all.zip for each of ecos (NULL or n == 0:
 * the ecosystems the database holds, or all of them when it holds none),
 * sending If-None-Match / If-Modified-Since from the last update. A 304
 * changes nothing. Each download goes to a temporary file beside the
 * database and is checked; then a copy of the database takes the new
 * records (the ecosystem's old ones replaced) and is renamed over the file.
 * Any failure (network, HTTP status, truncated or corrupt archive) leaves
 * the database as it was. fetched[] (caller frees) says what happened.
 */
int tg_vulndb_update(const char *path, const char *base_url, const enum tg_eco *ecos, size_t n,
                     struct tg_vulndb_fetch **fetched, size_t *fetched_nr);

#endif
