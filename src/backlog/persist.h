#ifndef TG_PERSIST_H
#define TG_PERSIST_H

/*
 * The backlog's history in the store: one row per item (its latest
 * observation) and one row per state change. A run is merged in one
 * transaction, so a run killed half-way leaves the previous state intact.
 */

#include "backlog/backlog.h"

#include "store/sql.h"

#include <sqlite3.h>

/*
 * Merges the run's backlog into the store: new items are opened, items seen
 * again keep their first_seen (copied into the backlog), resolved items that
 * came back are reopened, and stored open items this run did not find are
 * resolved — but only when the source that found them ran completely over
 * their path (summary->sources[].covered). A stored item whose file that
 * source did not read (summary->sources[].not_read) stays as it was, marked
 * not_rescanned, and joins b (its file in summary->not_rescanned). Resolved
 * items are copied into summary->resolved; summary->new_nr counts the items
 * the store did not hold. The caller holds a write transaction.
 */
int tg_persist_merge(sqlite3 *db, struct tg_backlog *b, struct tg_run_summary *s, time_t now);

/* Loads stored items (all, or only open and in-progress ones) into b. */
int tg_persist_load(struct tg_sql *db, struct tg_backlog *b, int only_open);

/*
 * Calls fn on each stored open or in-progress item, loaded as tg_persist_load
 * loads it, one at a time: fn owns the item (tg_item_release it); its
 * non-zero status stops the scan and is returned. For readers that keep a
 * little of every item (serve's index) without holding them all at once.
 */
int tg_persist_each_open(struct tg_sql *db, int (*fn)(struct tg_item *it, void *arg), void *arg);
/* One stored item by its full fingerprint; TG_ERR_NOTFOUND when none. */
int tg_persist_load_one(struct tg_sql *db, const char *fingerprint, struct tg_item *it);
/* Every stored item's fingerprint, in strcmp order (*fps malloc'ed, the caller frees). */
int tg_persist_fingerprints(struct tg_sql *db, char (**fps)[17], size_t *nr);

/* Prints the state changes of one item (by fingerprint) into out, one a line. */
int tg_persist_events(struct tg_sql *db, const char *fingerprint, struct tg_buf *out, int json);

/* Writes the store's runs, items and events as versioned NDJSON. */
int tg_persist_export(sqlite3 *db, struct tg_buf *out);
/* Merges an export into the store (the caller holds a write transaction):
 * runs already present and events already present are not duplicated. */
int tg_persist_import(sqlite3 *db, const char *name, const char *text, size_t len);
/* Fingerprints of items opened or reopened in a run after `run_id`. */
int tg_persist_new_since(struct tg_sql *db, long long run_id, struct tg_strlist *out);

#endif
