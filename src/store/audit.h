#ifndef TG_STORE_AUDIT_H
#define TG_STORE_AUDIT_H

/*
 * The audit trail: one row per action of terragon that changes something
 * (a run, a suppression added or expired, an execution, a gate decision),
 * in the store's `audit` table, chained: each entry holds the previous
 * entry's hash and its own SHA-256 over its fields and that hash, so an
 * entry altered, removed or moved in the file breaks the chain where it was.
 * A chain rewritten from the altered entry onwards is only caught against a
 * signed head (`audit seal`, the supply-chain key: supply/audit_seal.h).
 */

#include "store/store.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/sha256.h"

#include <sqlite3.h>
#include <stdint.h>
#include <time.h>

struct tg_audit_entry {
	int64_t id;
	time_t at;
	const char *actor;    /* the OS user */
	const char *ci_actor; /* GITHUB_ACTOR, or NULL */
	const char *ci_run;   /* GITHUB_RUN_ID, or NULL */
	const char *action;   /* run, suppression.added, execution, gate... */
	const char *subject;  /* what it acted on: a fingerprint, a branch, or NULL */
	const char *details;  /* a JSON object, or NULL */
	const char *prev_hash, *hash;
};

/* The chain's first "previous hash": 64 zeros. */
extern const char tg_audit_genesis[TG_SHA256_HEX];

/* An entry's hash over everything but its id and its own hash. */
int tg_audit_entry_hash(const struct tg_audit_entry *e, char out[TG_SHA256_HEX]);

/*
 * Appends one entry inside the caller's open transaction on db: the actor
 * from the environment, details redacted of secrets. TG_OK or a store error.
 */
int tg_audit_append_db(sqlite3 *db, time_t at, const char *action, const char *subject,
                       const char *details);
/* The chain's head on db: the last entry's hash, or the genesis. TG_OK or a store error. */
int tg_audit_head_db(sqlite3 *db, char out[TG_SHA256_HEX]);
/* The same in a transaction of its own. */
int tg_audit_append(struct tg_store *st, time_t at, const char *action, const char *subject,
                    const char *details);

/* Calls fn for each entry, oldest first; a non-zero return stops the walk and is returned. */
typedef int (*tg_audit_fn)(const struct tg_audit_entry *e, void *arg);
int tg_audit_each(struct tg_store *st, tg_audit_fn fn, void *arg);

/*
 * Walks the chain. TG_OK whatever it finds; broken_id is the first entry
 * altered, removed (the entry after the gap, or the last id when the tail
 * went) or out of order, 0 when the chain holds, and problem says which.
 */
struct tg_audit_check {
	size_t entries;
	int64_t broken_id;
	struct tg_buf problem;
	char head[TG_SHA256_HEX]; /* the last entry's hash, or the genesis */
};
int tg_audit_verify(struct tg_store *st, struct tg_audit_check *c);
void tg_audit_check_release(struct tg_audit_check *c);

/* One JSON object (no newline): details embedded when they parse, else a string. */
void tg_audit_entry_json(struct tg_buf *out, const struct tg_audit_entry *e);

/*
 * The trail in `store export`: one {"type": "audit", ...} line an entry,
 * oldest first, appended to out. Its import (one such line, parsed): an
 * entry already here (by hash) is skipped, one that follows this store's head
 * is appended verbatim, hashes and all; one that does not is TG_ERR_INPUT
 * naming `where` (the trails diverged). Both inside the caller's transaction.
 */
int tg_audit_export_db(sqlite3 *db, struct tg_buf *out);
int tg_audit_import_db(sqlite3 *db, const json_t *o, const char *where);

/*
 * Moves <root>/.terragon/audit.log, the execution log of earlier versions,
 * into the table once: one "execution" entry a line, then one
 * "audit-log.migrated" entry with the file's SHA-256, and the file renamed
 * to audit.log.migrated. No file: nothing to do. A link or other
 * non-regular file there is refused (TG_ERR_INPUT) and left alone.
 */
int tg_audit_migrate_log(struct tg_store *st, const char *root);

#endif
