#ifndef TG_WALK_H
#define TG_WALK_H

#include <stddef.h>
#include <stdint.h>

#include "util/strlist.h"

/*
 * The walk: every file under a root that ignore files and options let
 * through, read whole into a per-thread buffer and handed to a callback on
 * a worker thread. Directories are read in parallel too (a shared queue of
 * directories and of batches of files). Symbolic links are never followed,
 * as git records them as links. What is skipped is recorded once, with why.
 */

struct tg_walk_file {
	const char *path;          /* relative to the root, '/'-separated */
	const unsigned char *data; /* the whole file, in a per-thread buffer; data[len] == '\0' */
	size_t len;
	int worker; /* 0..workers-1: index for per-thread state */
	/*
	 * The 20-byte git blob id from the index when the file is tracked and its
	 * stat data still matches the index entry (so the id names these bytes),
	 * else NULL. Valid only during the callback.
	 */
	const unsigned char *oid;
	/* Stat data taken before the read, when opts.cached is set (else 0). */
	int64_t mtime_ns;
	uint64_t ino;
	uint64_t dev;
	int64_t ctime_ns; /* a file rewritten with its old mtime restored changes its ctime */
};

/*
 * A file about to be read, for opts.cached: its stat data (taken before the
 * read) and its blob id when the index has one that names these bytes.
 */
struct tg_walk_entry {
	const char *path; /* relative to the root, '/'-separated */
	uint64_t size;
	int64_t mtime_ns;
	uint64_t ino;
	uint64_t dev;
	int64_t ctime_ns;
	const unsigned char *oid; /* 20 bytes, or NULL */
	int worker;
};

/*
 * Called on a worker thread before a regular file is opened, with the walk's
 * `arg`: 1 means the caller already has this file's results, so it is neither
 * read nor handed to the callback (it counts in stats->files, not in bytes).
 */
typedef int (*tg_walk_cached_fn)(const struct tg_walk_entry *e, void *arg);

/*
 * A user's per-file results kept between runs as opaque bytes, keyed by what
 * identifies a file's bytes (an entry's blob id, else its device, inode,
 * size, mtime and ctime): discover keeps them in analyze/cache.h's cache
 * (discover/memo.c) for the dependencies, architecture and compliance
 * sources. get: 1 and *data, *len (valid until the memo is closed) when
 * e's bytes have a payload; put: keeps a copy for e. Both from worker
 * e->worker only (a thread each), each path asked once.
 */
struct tg_walk_memo {
	int (*get)(void *arg, const struct tg_walk_entry *e, const void **data, size_t *len);
	void (*put)(void *arg, const struct tg_walk_entry *e, const void *data, size_t len);
	void *arg;
};

enum tg_skip_reason {
	TG_SKIP_BINARY,       /* a NUL byte in the first 8 KiB */
	TG_SKIP_TOO_LARGE,    /* over max_file_bytes */
	TG_SKIP_UNREADABLE,   /* a file or directory we may not open or read */
	TG_SKIP_GENERATED,    /* minified, or marked "Code generated ... DO NOT EDIT" */
	TG_SKIP_VENDORED,     /* vendor/, node_modules/, ... (one record for the directory) */
	TG_SKIP_VANISHED,     /* listed, then gone before it was read */
	TG_SKIP_CHANGED,      /* truncated or grown while being read */
	TG_SKIP_SYMLINK,      /* a symbolic link: not followed */
	TG_SKIP_SYMLINK_LOOP, /* a symbolic link that resolves to itself (ELOOP) */
	TG_SKIP_SPECIAL,      /* a FIFO, socket or device */
};

/* "binary", "too-large", ...: a stable name for output. */
const char *tg_walk_skip_reason_name(enum tg_skip_reason r);

struct tg_walk_skip {
	char *path; /* relative to the root; a directory ends in '/' */
	enum tg_skip_reason reason;
	char *detail; /* human-readable: "3145728 bytes > limit 2097152", strerror, ... */
};

struct tg_walk_opts {
	const char *root; /* a directory, or a single file */
	int no_ignore;    /* read what .gitignore/.terragonignore/.git/info/exclude would skip */
	int workers;      /* 0 = tg_default_workers() */
	int max_files_per_batch;          /* 0 = 500 */
	long max_file_bytes;              /* 0 = 2 MiB */
	long memory_limit_mb;             /* bounds the bytes of files in flight; 0 = no bound */
	const struct tg_strlist *exclude; /* extra gitignore-syntax globs (config `exclude`);
	                                     applied even with no_ignore */
	const struct tg_strlist *own_outputs; /* paths relative to the root never read, even
	                                         with no_ignore: "BACKLOG.md", ".terragon/" */
	int skip_generated;                   /* skip generated and vendored files */
	tg_walk_cached_fn cached;             /* NULL: read every file */
	int keep_binary; /* hand over files with a NUL in their first 8 KiB (model files) */
	/* NULL: every file; else only the files whose root-relative path it
	 * returns nonzero for, asked before anything else (no stat, not counted). */
	int (*wanted)(const char *path);
};

#define TG_WALK_OPTS_INIT                                                                          \
	{                                                                                          \
		NULL, 0, 0, 0, 0, 0, NULL, NULL, 0, NULL, 0, NULL                                  \
	}

struct tg_walk_stats {
	size_t files, bytes, dirs; /* files handed to the callback, their bytes, dirs read */
	struct tg_walk_skip *skipped;
	size_t skipped_nr, skipped_alloc;
};

#define TG_WALK_STATS_INIT                                                                         \
	{                                                                                          \
		0, 0, 0, NULL, 0, 0                                                                \
	}

/*
 * The most worker threads a walk with these options runs, so callers can size
 * their per-thread state (tg_walk_file.worker is below it): o->workers, or
 * tg_default_workers() when that is 0, at most 256. The memory bound may run fewer.
 */
int tg_walk_workers(const struct tg_walk_opts *o);

/* Called from worker threads, concurrently; a nonzero return aborts the walk. */
typedef int (*tg_walk_fn)(const struct tg_walk_file *f, void *arg);

/*
 * Walks o->root. Order of callbacks is not deterministic: callers sort.
 * Returns TG_OK when the walk completed (skips are not errors: they are in
 * stats->skipped, sorted by path), TG_ERR_USAGE when the root cannot be
 * opened, TG_ERR_RUN when a callback aborted (its message is kept when it set
 * one with tg_error_set on its thread; the walk copies it to the caller).
 */
int tg_walk_run(const struct tg_walk_opts *o, tg_walk_fn fn, void *arg,
                struct tg_walk_stats *stats);
void tg_walk_stats_release(struct tg_walk_stats *s);
/* Each skip on the debug log and their number on the note log, as "who: ...". */
void tg_walk_note_skips(const struct tg_walk_stats *st, const char *who);

/*
 * The ignore matcher on its own, for tests and other modules: git's
 * gitignore(5) rules (negation, `**`, anchored and directory-only patterns,
 * escapes, character classes; a deeper ignore file overrides a shallower one;
 * nothing under an excluded directory can be re-included).
 */
struct tg_ignore;

struct tg_ignore *tg_ignore_new(void);
void tg_ignore_free(struct tg_ignore *ig);
/*
 * Adds patterns as if read from an ignore file in directory `dir` ("" for the
 * root, else "a/b" without trailing slash). Files added later for the same
 * directory take precedence (.terragonignore after .gitignore).
 */
void tg_ignore_add(struct tg_ignore *ig, const char *dir, const char *text, size_t len);
/* Adds patterns of the lowest precedence (as .git/info/exclude). */
void tg_ignore_add_exclude(struct tg_ignore *ig, const char *text, size_t len);
/* Adds globs that exclude whatever other patterns say (config `exclude`). */
void tg_ignore_add_globs(struct tg_ignore *ig, const struct tg_strlist *globs);
/*
 * Loads root's .git/info/exclude and every .gitignore and .terragonignore
 * under root (not entering .git, symlinks or ignored directories), plus
 * `globs` (may be NULL).
 */
int tg_ignore_load(struct tg_ignore **out, const char *root, const struct tg_strlist *globs);
/* 1 if relpath ('/'-separated, relative to the root) is ignored, else 0. */
int tg_ignore_match(const struct tg_ignore *ig, const char *relpath, int is_dir);

#endif
