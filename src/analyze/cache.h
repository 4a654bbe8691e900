#ifndef TG_ANALYZE_CACHE_H
#define TG_ANALYZE_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "analyze/count.h"

/*
 * Per-file results kept between runs, so that a second run over an
 * unchanged tree neither reads nor analyzes a file: `count`'s counts, and
 * discover's scanner's counts with its items as an opaque payload (one cache
 * design; each user has its own file and settings). One compact file per
 * root of fixed-size rows sorted by path hash, read in one piece and used
 * in place (no parsing), and written once, atomically, at the end (only when
 * something changed). A file's results are reused when its blob id matches (tracked
 * files whose stat data matches the index) or else when its device, inode,
 * size, mtime and ctime all match. A cache file of another format, terragon version or
 * settings, or a corrupt one, is ignored: never an error.
 */
struct tg_count_cache;

/* What identifies one file's bytes without reading them. */
struct tg_count_key {
	const char *path; /* relative to the walk root */
	uint64_t size;
	int64_t mtime_ns;
	uint64_t ino;
	const unsigned char *oid; /* 20-byte git blob id, or NULL */
	uint64_t dev;
	int64_t ctime_ns;
};

struct tg_count_result {
	int32_t lang; /* tg_lang_at() id, or -1: no language, not counted */
	struct tg_file_counts c;
	/*
	 * The user's own bytes for the file (discover's items), at most
	 * TG_COUNT_EXTRA_MAX: given to put (copied), handed back by get
	 * (valid until the cache is freed). NULL/0: none.
	 */
	const void *extra;
	size_t extra_len;
};

#define TG_COUNT_EXTRA_MAX (1u << 24)

/*
 * Where the cache of a walk over `root` lives (to free): under
 * <repo_root>/.terragon/cache/ when repo_root (may be NULL) has .terragon/,
 * else under $XDG_CACHE_HOME/terragon (default ~/.cache/terragon), named by
 * a hash of root's real path and terragon's version. NULL if there is no
 * place for it (no HOME).
 */
char *tg_count_cache_file(const char *root, const char *repo_root);
/* The same for another user of the cache: "<name>-<hash>.bin". */
char *tg_count_cache_file_named(const char *root, const char *repo_root, const char *name);

/*
 * Loads `file` (which may be missing) made with the same `settings` (a hash of
 * whatever changes results, such as max_file_bytes), for `workers` threads
 * that will call tg_count_cache_put. Never fails.
 */
struct tg_count_cache *tg_count_cache_open(const char *file, uint64_t settings, int workers);
void tg_count_cache_free(struct tg_count_cache *c);

/* Number of files loaded from the cache file. */
size_t tg_count_cache_size(const struct tg_count_cache *c);

/*
 * 1 and *out filled when the cache has k->path's results for these bytes,
 * else 0. From worker `worker` (0..workers-1; one thread each), each path
 * asked for once.
 */
int tg_count_cache_get(struct tg_count_cache *c, int worker, const struct tg_count_key *k,
                       struct tg_count_result *out);

/*
 * Undoes what tg_count_cache_get handed out for k (its user found the
 * results stale for reasons the key does not hold): the row is dropped at
 * the save unless put again. From the worker that got it.
 */
void tg_count_cache_forget(struct tg_count_cache *c, int worker, const struct tg_count_key *k);

/* Records fresh results from worker `worker` (0..workers-1; one thread each). */
void tg_count_cache_put(struct tg_count_cache *c, int worker, const struct tg_count_key *k,
                        const struct tg_count_result *r);

/*
 * Writes the files got or put in this run (others are dropped) to the file
 * given to tg_count_cache_open, creating its directory. TG_OK or TG_ERR_RUN.
 */
int tg_count_cache_save(struct tg_count_cache *c);

#endif
