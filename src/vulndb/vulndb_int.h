#ifndef TG_VULNDB_INT_H
#define TG_VULNDB_INT_H

/* What the files of vulndb/ share; the fuzz harness calls the record parser through it. */

#include "vulndb/vulndb.h"

#include <openssl/evp.h>
#include <yajl/yajl_gen.h>
#include <zip.h>
#include <sqlite3.h>
#include <stdint.h>

struct tg_vulndb {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *lookup; /* reused by every tg_vulndb_lookup */
	struct tg_buf name;   /* the normalised name of the lookup */
};

/* One affected package of a record: its ecosystem and normalised name. */
struct tg_vulndb_pkg {
	enum tg_eco eco;
	char *name;
};

/* One OSV record, read and reduced to what the database indexes. */
struct tg_vulndb_record {
	char *id, *modified;
	int64_t modified_us; /* `modified` as microseconds since 1970, for ordering */
	int withdrawn;
	int unknown_ecosystems; /* affected[] entries of ecosystems terragon does not know */
	struct tg_vulndb_pkg *pkgs;
	size_t pkgs_nr;
	char *json; /* compact, as stored */
	size_t len;
};

/*
 * Reads one record from text (JSON, or YAML when yaml is set); name is for
 * messages. TG_ERR_INPUT, "name: what is wrong" (with line:column for bad
 * YAML or JSON), when it is not an OSV record: no string id, no valid
 * `modified`. On success the caller releases rec.
 */
int tg_vulndb_record_parse(const char *name, const char *text, size_t len, int yaml,
                           struct tg_vulndb_record *rec);
void tg_vulndb_record_release(struct tg_vulndb_record *rec);

/*
 * What a record's text becomes, one event at a time: compact JSON, and the
 * fields the database indexes picked out on the way (record.c). Each call
 * returns 0 to stop (then `failed` says why), else 1.
 */
struct tg_vulndb_builder {
	struct tg_vulndb_record *rec;
	yajl_gen gen;
	void *frames; /* the open containers */
	int depth, done;
	const char *failed;
	int id_set, modified_set, eco_set, name_set;
	struct tg_buf id, modified, eco, name, norm;
	size_t pkgs_alloc;
	int skip;    /* inside a top-level value the database does not keep: its nesting + 1 */
	int details; /* the next scalar is the top-level "details" */
};
void tg_vulndb_builder_init(struct tg_vulndb_builder *b, struct tg_vulndb_record *rec);
void tg_vulndb_builder_release(struct tg_vulndb_builder *b);
int tg_vulndb_builder_map(struct tg_vulndb_builder *b);
int tg_vulndb_builder_array(struct tg_vulndb_builder *b);
int tg_vulndb_builder_end(struct tg_vulndb_builder *b);
int tg_vulndb_builder_key(struct tg_vulndb_builder *b, const char *s, size_t n);
int tg_vulndb_builder_string(struct tg_vulndb_builder *b, const char *s, size_t n);
int tg_vulndb_builder_number(struct tg_vulndb_builder *b, const char *s, size_t n); /* JSON text */
int tg_vulndb_builder_literal(struct tg_vulndb_builder *b, int v); /* -1 null, 0 false, 1 true */

/*
 * A YAML document's events into the builder: mappings (scalar keys only),
 * sequences, plain scalars null/true/false where YAML says so and strings
 * otherwise (OSV's versions such as 1.0 are strings, never numbers), unless
 * tagged !!int or !!float. Aliases are expanded within a budget, so a
 * "billion laughs" document is refused, not expanded. TG_ERR_INPUT naming
 * name:line:column.
 */
int tg_vulndb_yaml_events(const char *name, const char *text, size_t len,
                          struct tg_vulndb_builder *b);

/* RFC 3339 date-time ("2024-01-02T03:04:05.123Z", "+01:00") to microseconds since 1970. */
int tg_vulndb_parse_time(const char *s, int64_t *us);

/* An import in progress: one transaction, its statements and counts. */
struct tg_vulndb_import;
int tg_vulndb_import_begin(struct tg_vulndb *db, struct tg_vulndb_counts *counts,
                           struct tg_vulndb_import **out);
/* Reads and stores one record from text (a file or archive entry named name). */
int tg_vulndb_import_text(struct tg_vulndb_import *im, const char *name, const char *text,
                          size_t len, int yaml);
/* Removes every record of eco (an update replaces the ecosystem's records). */
int tg_vulndb_import_drop_eco(struct tg_vulndb_import *im, enum tg_eco eco);
/* Recomputes the touched ecosystems' status and commits (ok), or rolls back. */
int tg_vulndb_import_end(struct tg_vulndb_import *im, int ok);

/* Whether a file or entry name is a record to read, and as YAML. */
int tg_vulndb_record_name(const char *name, int *yaml);

/*
 * Checks the archive at path against limits (entry count, names, sizes,
 * ratio) before anything is read, then calls each() with every record
 * entry's bytes; an entry that does not read back whole (CRC, size) refuses
 * the archive. TG_ERR_INPUT naming the archive when it is refused.
 */
typedef int (*tg_vulndb_entry_fn)(void *arg, const char *name, const char *text, size_t len,
                                  int yaml);
int tg_vulndb_zip_each(const char *path, const struct tg_vulndb_zip_limits *limits,
                       tg_vulndb_entry_fn each, void *arg);

/* SQL on db->db; a status with sqlite's message naming the database on failure. */
int tg_vulndb_exec(struct tg_vulndb *db, const char *sql);
int tg_vulndb_sql_error(struct tg_vulndb *db, const char *what);
/* libzip's and libcrypto's calls used here, opened on first use (libs.c). */
struct tg_vulndb_zip_api {
	zip_t *(*open)(const char *path, int flags, int *err);
	zip_int64_t (*get_num_entries)(zip_t *z, zip_flags_t flags);
	int (*stat_index)(zip_t *z, zip_uint64_t i, zip_flags_t flags, zip_stat_t *st);
	zip_file_t *(*fopen_index)(zip_t *z, zip_uint64_t i, zip_flags_t flags);
	zip_int64_t (*fread)(zip_file_t *f, void *buf, zip_uint64_t n);
	int (*fclose)(zip_file_t *f);
	void (*discard)(zip_t *z);
	const char *(*strerror)(zip_t *z);
	const char *(*file_strerror)(zip_file_t *f);
	void (*error_init_with_code)(zip_error_t *e, int code);
	const char *(*error_strerror)(zip_error_t *e);
	void (*error_fini)(zip_error_t *e);
};
struct tg_vulndb_crypto_api {
	EVP_MD_CTX *(*md_ctx_new)(void);
	void (*md_ctx_free)(EVP_MD_CTX *c);
	const EVP_MD *(*sha256)(void);
	int (*digest_init)(EVP_MD_CTX *c, const EVP_MD *md, ENGINE *e);
	int (*digest_update)(EVP_MD_CTX *c, const void *d, size_t n);
	int (*digest_final)(EVP_MD_CTX *c, unsigned char *md, unsigned int *n);
};
/* NULL, with the error set, when the library does not load. */
const struct tg_vulndb_zip_api *tg_vulndb_zip_api(void);
const struct tg_vulndb_crypto_api *tg_vulndb_crypto_api(void);

/* Makes path's directory and its parents (mode 0700). */
int tg_vulndb_make_parent(const char *path);
/* Stores the download validators of eco's last update. */
int tg_vulndb_set_validators(struct tg_vulndb *db, enum tg_eco eco, const char *etag,
                             const char *last_modified);

#endif
