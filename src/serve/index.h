#ifndef TG_SERVE_INDEX_H
#define TG_SERVE_INDEX_H

/*
 * serve's snapshot of the backlog for /api: built once per store
 * data_version, by the server's loader thread and outside any lock that a
 * request waits on, then published by swapping a pointer. Requests hold a
 * reference while they read it, so a reload never frees one under them.
 *
 * It is compact: for each open item, in the `backlog` command's order, only
 * what ranking and the filters need (fingerprint, score, severity, tier,
 * category, path); and every stored item's fingerprint, sorted, for
 * /api/items/ID. An item's full text is read from the store when a page or
 * the item itself is asked for; a page item's JSON is kept (up to a bound)
 * for the next page that shows it.
 */

#include "backlog/tier.h"

#include <sqlite3.h>
#include <stdatomic.h>
#include <stddef.h>

struct tg_api_entry {
	char fingerprint[17];
	unsigned char severity; /* enum tg_severity */
	unsigned char tier;     /* enum tg_tier */
	double composite;
	const char *category; /* interned in the index; NULL none */
	char *path;           /* NULL: repository-wide */
};

struct tg_api_index {
	int version; /* the store's PRAGMA data_version it was read at */
	struct tg_api_entry *open;
	size_t open_nr;
	char (*fps)[17]; /* every stored item, in strcmp order */
	size_t fps_nr;
	_Atomic(char *) *json; /* by rank in open: a page item's JSON, made on first use */
	atomic_size_t json_bytes;
	atomic_int refs;
	char **categories; /* the interned names */
	size_t categories_nr;
};

/*
 * Reads the index from db (version: its data_version). *stop, when it becomes
 * non-zero, abandons the read (TG_ERR_RUN). On success *out holds one
 * reference.
 */
int tg_api_index_load(sqlite3 *db, int version, const atomic_int *stop, struct tg_api_index **out);
struct tg_api_index *tg_api_index_ref(struct tg_api_index *ix);
void tg_api_index_unref(struct tg_api_index *ix);

/*
 * Keeps json (malloc'ed) as the page JSON of the item at rank i unless
 * another thread did first or the cache is full; returns the JSON to use
 * (json, or the one kept before, json then freed) and whether the caller
 * must free it (*owned).
 */
const char *tg_api_index_keep_json(struct tg_api_index *ix, size_t i, char *json, int *owned);

#endif
