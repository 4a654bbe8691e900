#ifndef TG_BACKLOG_H
#define TG_BACKLOG_H

/*
 * A run's backlog: the items its sources found, deduplicated by fingerprint,
 * then scored and sorted. tg_backlog_sink() gives sources a thread-safe sink
 * into it. The run summary travels with it to the outputs.
 */

#include "backlog/item.h"
#include "backlog/score.h"
#include "util/hashmap.h"
#include "util/strlist.h"

#include <pthread.h>
#include <stdint.h>

struct tg_backlog {
	struct tg_item *items;
	size_t nr, alloc;
	pthread_mutex_t lock;
	struct tg_hashmap index; /* private: fingerprint -> position, for deduplication */
	size_t duplicates;
};

/* What one source did in a run: its time, its count, and what it covered. */
struct tg_source_run {
	char *name;
	double seconds;
	size_t items;
	int ok;      /* ran to the end */
	char *error; /* why not, when !ok */
	/* Paths (relative, '/'-separated; "" = the whole repository) over which
	 * it ran completely: only its items under these can be resolved. */
	struct tg_strlist covered;
	/* Item sources it speaks for besides its own name ("sarif:semgrep" for
	 * the imports source): their items under `covered` may be resolved too. */
	struct tg_strlist speaks_for;
	double coverage_pct; /* a coverage report's figure; < 0 when none */
	size_t files;        /* files it read */
	/* Paths under `covered` it did not read (too large, unreadable, vanished,
	 * binary...; a directory ends in '/'), and why: its stored items there
	 * stay open, "not rescanned", for a file not read says nothing of them. */
	struct tg_not_read {
		char *path, *why;
	} * not_read;
	size_t not_read_nr, not_read_alloc;
};

struct tg_run_summary {
	int64_t run_id;
	time_t started, finished;
	char *repo_root, *repo_name, *head;
	struct tg_source_run *sources;
	size_t sources_nr, sources_alloc;
	struct tg_strlist skipped; /* "path: reason", sorted */
	size_t files_scanned;
	double coverage_pct; /* < 0 when no coverage report was read */
	/* Items resolved by this run: fingerprint, source, category, severity,
	 * path, first_seen and resolved_at (their last observation stays in the
	 * store). */
	struct tg_item *resolved;
	size_t resolved_nr, resolved_alloc;
	/* "path: why" of the files whose stored items stayed open, not rescanned,
	 * sorted; those items are in the backlog with not_rescanned set. */
	struct tg_strlist not_rescanned;
	size_t new_nr; /* items the store did not hold before this run */
	/* Items in vendored code left out of the backlog (value_discovery.include_vendored),
	 * and their fingerprints, sorted: the store resolves those it held as
	 * "left-out", not as fixed. */
	size_t vendored_items;
	struct tg_strlist left_out;
};

void tg_backlog_init(struct tg_backlog *b);
void tg_backlog_release(struct tg_backlog *b);
/* Adds an item (taking its contents); a second item with a fingerprint
 * already present is dropped and counted in b->duplicates. */
void tg_backlog_add(struct tg_backlog *b, struct tg_item *it);
struct tg_sink tg_backlog_sink(struct tg_backlog *b);
/*
 * Sorts by tg_score_compare (the scores as they are), then orders the top so
 * one rule holds at most 3 of any 10 consecutive places among the first 50
 * (backlog/order.c: tg_backlog_order, which does not rebuild the index).
 */
void tg_backlog_sort(struct tg_backlog *b);
void tg_backlog_order(struct tg_backlog *b);
/* Keeps the items for which keep() is true, in order; releases the others. */
void tg_backlog_retain(struct tg_backlog *b, int (*keep)(const struct tg_item *it, void *arg),
                       void *arg);
/* Fills defaults, scores every item and sorts as tg_backlog_sort does. */
void tg_backlog_score(struct tg_backlog *b, const struct tg_score_model *m,
                      double (*change_rate)(const char *path, void *arg), void *arg);
/* The item whose fingerprint starts with prefix (>= 6 hex digits): NULL when
 * none, and TG_ERR_USAGE through *status when the prefix is ambiguous. */
struct tg_item *tg_backlog_find(struct tg_backlog *b, const char *prefix, int *status);

struct tg_config;
/* The scoring model the configuration describes (weights, boosts, focus areas, and the
 * compliance frameworks whose controls are audit requirements). */
void tg_score_model_from_config(const struct tg_config *cfg, struct tg_score_model *m);

struct tg_source_run *tg_run_summary_add_source(struct tg_run_summary *s, const char *name);
/* Records that r did not read path (relative; a directory ends in '/'), and why. */
void tg_source_run_not_read(struct tg_source_run *r, const char *path, const char *why);
void tg_run_summary_release(struct tg_run_summary *s);

#endif
