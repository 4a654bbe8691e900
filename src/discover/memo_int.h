#ifndef TG_DISCOVER_MEMO_H
#define TG_DISCOVER_MEMO_H

/*
 * The per-file results of the sources that read files besides the scanner
 * (dependencies: each lockfile's entries; architecture: each source file's
 * imports; compliance: each workflow's items), kept between runs in
 * analyze/cache.h's cache, the scanner's design: one file per source and
 * root beside the store (<store dir>/cache/<name>-<hash of root>.bin), a
 * file's payload reused while its blob id (or device, inode, size, mtime
 * and ctime) is unchanged, terragon's version in the file's header and the
 * source's settings hash in its settings. A changed file invalidates its
 * own payload only; a file gone drops out at the next save.
 */

#include "analyze/cache.h"
#include "discover/discover.h"
#include "walk/walk.h"

#include <stdint.h>

struct discover_memo {
	struct tg_count_cache *cache; /* NULL: nothing kept (no store, or no place for it) */
	struct tg_walk_memo ops;      /* what the modules call; ops.arg is this memo */
	const char *what;             /* names the source in --debug */
	long read, served;
	int workers;
	char **last_hit; /* per worker: the path its last get served */
};

/* The cache file <store dir>/cache/<name>-<hash of root>.bin (to free), or NULL. */
char *discover_cache_file(const char *root, const char *store_path, const char *name);

/*
 * Opens source `what`'s memo, file `name`, for `workers` threads; with
 * ctx->use_store 0 it keeps nothing (ops still callable: every get misses).
 */
void discover_memo_open(struct discover_memo *m, const struct tg_discover_ctx *ctx,
                        const char *name, const char *what, uint64_t settings, int workers);
/* Saves it (when something changed), says "WHAT: files read N, served from cache M" on --debug. */
void discover_memo_close(struct discover_memo *m);

#endif
