#ifndef TG_ANALYZE_TREE_H
#define TG_ANALYZE_TREE_H

#include <stddef.h>
#include <stdint.h>

#include "analyze/count.h"
#include "config/config.h"
#include "util/strlist.h"
#include "walk/walk.h"

/*
 * Analyses over a whole tree: which files a command reads, as the
 * repository's configuration says, and `count` over them.
 */

/*
 * Fills *wo (from TG_WALK_OPTS_INIT) for a walk of `path` in the repository
 * at repo_root (may be NULL) as its configuration says: the file size, batch
 * and memory limits, and the workers: jobs when > 0, else
 * batch_processing.parallel_workers when > 0, else tg_default_workers().
 * `exclude` and `own` (the run's own outputs, never read; NULL: the store,
 * .terragon/) are relative to the repository root, so they apply when path is
 * that root. wo keeps pointers to cfg's and own's lists, which must outlive
 * the walk. Every command that walks a repository's files starts here.
 */
void tg_walk_opts_from_config(struct tg_walk_opts *wo, const char *path,
                              const struct tg_config *cfg, const char *repo_root, int jobs,
                              const struct tg_strlist *own);

/* One language's totals in a count. */
struct tg_count_lang {
	const char *name; /* the language's name (static) */
	uint64_t files;
	struct tg_file_counts c;
};

/* One counted file. */
struct tg_count_file {
	char *path; /* relative to the walk root */
	const char *lang;
	struct tg_file_counts c;
};

/* What `count` finds in a tree. */
struct tg_count_tree {
	struct tg_count_lang *langs; /* the languages with files: most code first, then by name */
	size_t langs_nr;
	struct tg_count_file *files; /* with TG_COUNT_BY_FILE: every counted file, by path */
	size_t files_nr;
	struct tg_walk_stats stats;
	uint64_t cached, analyzed; /* files whose results came from the cache, or were counted */
	/* The files tg_count_tree_split's `apart` picked (vendored code), also in langs. */
	struct tg_count_lang apart;
};

#define TG_COUNT_TREE_INIT                                                                         \
	{                                                                                          \
		NULL, 0, NULL, 0, TG_WALK_STATS_INIT, 0, 0,                                        \
		{                                                                                  \
			"vendored", 0,                                                             \
			{                                                                          \
				0, 0, 0, 0, 0                                                      \
			}                                                                          \
		}                                                                                  \
	}

enum {
	TG_COUNT_BY_FILE = 1, /* also list every counted file */
	TG_COUNT_NO_CACHE = 2 /* count every file again, neither reading nor writing the cache */
};

/*
 * Counts the files the walk wo hands over (analyze/count.h's rules), per
 * language, on wo's workers. Per-file results are kept between runs in the
 * cache of analyze/cache.h (repo_root, may be NULL, says where it lives), so an
 * unchanged file is neither read nor counted again. Returns what
 * tg_walk_run() returns; on failure *out is released.
 */
int tg_count_tree_run(struct tg_count_tree *out, const struct tg_walk_opts *wo,
                      const char *repo_root, unsigned flags);
/*
 * The same, also totalling apart the files for which apart(path relative to
 * the walk root, arg) is true; it is called on the walk's workers at once.
 */
int tg_count_tree_split(struct tg_count_tree *out, const struct tg_walk_opts *wo,
                        const char *repo_root, unsigned flags,
                        int (*apart)(const char *path, void *arg), void *arg);
void tg_count_tree_release(struct tg_count_tree *t);

#endif
