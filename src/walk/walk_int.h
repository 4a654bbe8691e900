#ifndef TG_WALK_INT_H
#define TG_WALK_INT_H

/* Internal to the walk: the state shared by walk.c (queue, threads), scan.c and repo.c. */

#include "walk/ignore_int.h"
#include "walk/walk.h"

struct tg_walk_index;

#include "util/buf.h"

#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

/* A directory open for its batches of files; closed when the last batch is done. */
struct tg_walk_dir {
	int fd;
	atomic_int refs;
	char *path; /* "" or "a/b/" */
	size_t pathlen;
};

/* One unit of work: a directory to read, or a batch of files of one directory. */
struct tg_walk_job {
	struct tg_walk_job *next;
	/* a directory to read */
	char *path; /* "" or "a/b/" */
	size_t pathlen;
	const struct tg_ignore_frame *frame;
	/* or a batch of files */
	struct tg_walk_dir *dir;
	char *names; /* NUL-separated */
	size_t nr;
};

struct tg_walk_worker {
	struct tg_walk *w;
	int id;
	pthread_t thread;
	unsigned char *buf;
	size_t cap;
	struct tg_buf path;
	size_t files, bytes, dirs;
	/* the directory being listed */
	char *dents; /* getdents64 buffer */
	struct tg_buf names;
	uint32_t *offs;
	uint8_t *types;
	size_t ents_nr, ents_alloc, types_alloc;
};

struct tg_walk {
	const struct tg_walk_opts *o;
	tg_walk_fn fn;
	void *arg;
	int rootfd;
	int workers, batch;
	size_t max_bytes, base_cap;

	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct tg_walk_job *stack;
	size_t pending; /* queued or running */
	atomic_int abort;
	char *abort_msg;

	/* bytes of buffer above each worker's base capacity, bounded by memory_limit_mb */
	pthread_mutex_t mem_mu;
	pthread_cond_t mem_cv;
	size_t mem_inflight, mem_limit;

	pthread_mutex_t skip_mu;
	struct tg_walk_stats *stats;

	/* frames built during the walk, freed at its end */
	pthread_mutex_t frames_mu;
	struct tg_ignore_frame **frames;
	size_t frames_nr, frames_alloc;
	struct tg_ignore_frame always; /* own outputs and config excludes */
	const struct tg_ignore_frame *root_frame;
	struct tg_walk_index *index; /* blob ids of tracked files, or NULL */
};

void tg_walk_skip(struct tg_walk *w, const char *path, const char *suffix,
                  enum tg_skip_reason reason, const char *detail);
void tg_walk_keep_frame(struct tg_walk *w, struct tg_ignore_frame *f);
/* Pushes a chain of jobs (linked by next) onto the shared stack. */
void tg_walk_push(struct tg_walk *w, struct tg_walk_job *first, struct tg_walk_job *last, size_t n);
void tg_walk_dir_release(struct tg_walk_dir *d);

void tg_walk_scan_dir(struct tg_walk_worker *wk, struct tg_walk_job *job);
void tg_walk_scan_batch(struct tg_walk_worker *wk, struct tg_walk_dir *dir, const char *names,
                        size_t nr);
/* Reads one file of an open directory and hands it to the callback. */
void tg_walk_read_file(struct tg_walk_worker *wk, int dirfd, const char *dirpath, size_t dirlen,
                       const char *name);

/*
 * When the root is inside a git work tree: the ignore frames above the root
 * (.git/info/exclude, parents' ignore files) unless no_ignore, and the index.
 */
void tg_walk_repo_setup(struct tg_walk *w, const char *root);
/*
 * The git directory that a `.git` file's text names ("gitdir: <path>",
 * relative to the work tree's top) into out; out is empty when the text
 * names none.
 */
void tg_walk_gitdir_parse(const char *top, const char *text, size_t len, struct tg_buf *out);
/* The common directory that gitdir's `commondir` file text names (len 0: no such
 * file, gitdir is its own) into out. */
void tg_walk_commondir_parse(const char *gitdir, const char *text, size_t len, struct tg_buf *out);

#endif
