#ifndef TG_DISCOVER_SCAN_CACHE_H
#define TG_DISCOVER_SCAN_CACHE_H

/*
 * The scanner's per-file results kept between runs, in analyze/cache.h's
 * cache (one design for `count` and discover): a file's line counts and every
 * item the scanner and the rule packs found in it, keyed by its blob id
 * (tracked, unchanged since the index) or else its device, inode, size,
 * mtime and ctime. The settings that change a file's items (the thresholds,
 * the project's complexity limits, the rule packs' hash and the disabled
 * rules, the passes, the walk's limits) make the cache file's settings, and
 * terragon's version is in its header: a change of any of them analyses
 * every file again. It lives beside the store, in <store dir>/cache/.
 */

#include "analyze/cache.h"
#include "backlog/item.h"
#include "util/buf.h"
#include "walk/walk.h"

#include <stdint.h>

/* One worker's items of the file it is scanning, on their way to the run's sink. */
struct scan_capture {
	struct tg_sink sink; /* what the scanner emits into */
	struct tg_sink *to;  /* the run's sink */
	struct tg_buf items; /* the file's items, encoded (tg_item_encode) */
	uint32_t nr;
	long analysed, served;
};

struct scan_cache {
	struct tg_count_cache *cache;
	struct scan_capture *w; /* one per worker */
	int workers;
};

/*
 * Opens the cache of the tree at root for `workers` threads whose items go
 * to `to`, under the store's directory (store.path). 0 and sc->cache NULL
 * when there is no place for it (a link where its directory goes).
 */
void scan_cache_open(struct scan_cache *sc, const char *root, const char *store_path,
                     uint64_t settings, int workers, struct tg_sink *to);
/* Emits a file's stored items into the run's sink: 1 when served, else 0 (read it). */
int scan_cache_serve(struct scan_cache *sc, const struct tg_walk_entry *e);
/* Before a file is scanned: its items are captured from here on. */
void scan_cache_begin(struct scan_cache *sc, int worker);
/* After: what was captured is kept for the file (counts may be NULL: no language). */
void scan_cache_put(struct scan_cache *sc, const struct tg_walk_file *f, int lang,
                    const struct tg_file_counts *counts);
/* Saves the cache, says on --debug how many files were analysed and served, frees it. */
void scan_cache_close(struct scan_cache *sc);

/* The items of one file's payload, emitted into sink; TG_ERR_INPUT when damaged (none emitted). */
int scan_cache_emit(const void *data, size_t len, struct tg_sink *sink);

#endif
