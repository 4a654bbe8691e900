#include "walk/walk_int.h"

#include "walk/generated_int.h"
#include "walk/index_int.h"

#include "util/alloc.h"
#include "util/error.h"
#include "util/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BINARY_PROBE 8192

static void skip_errno(struct tg_walk *w, const char *path, const char *suffix, int err)
{
	enum tg_skip_reason r = TG_SKIP_UNREADABLE;

	if (err == ENOENT)
		r = TG_SKIP_VANISHED;
	else if (err == ELOOP)
		r = TG_SKIP_SYMLINK; /* replaced by a link since it was listed */
	else if (err == ENXIO || err == EAGAIN || err == ENODEV)
		r = TG_SKIP_SPECIAL;
	tg_walk_skip(w, path, suffix, r, strerror(err));
}

/* Borrows bytes beyond the worker's base buffer from the memory bound. */
static void mem_acquire(struct tg_walk *w, size_t n)
{
	if (!w->mem_limit)
		return;
	pthread_mutex_lock(&w->mem_mu);
	while (w->mem_inflight && w->mem_inflight + n > w->mem_limit)
		pthread_cond_wait(&w->mem_cv, &w->mem_mu);
	w->mem_inflight += n;
	pthread_mutex_unlock(&w->mem_mu);
}

static void mem_release(struct tg_walk *w, size_t n)
{
	if (!w->mem_limit || !n)
		return;
	pthread_mutex_lock(&w->mem_mu);
	w->mem_inflight -= n;
	pthread_cond_broadcast(&w->mem_cv);
	pthread_mutex_unlock(&w->mem_mu);
}

/* Grows the buffer to cap bytes (beyond the base, borrowed until shrink_buf). */
static void grow_buf(struct tg_walk_worker *wk, size_t cap)
{
	struct tg_walk *w = wk->w;

	if (cap <= wk->cap)
		return;
	mem_acquire(w, cap - (wk->cap > w->base_cap ? wk->cap : w->base_cap));
	free(wk->buf);
	wk->buf = tg_malloc(cap);
	wk->cap = cap;
}

static void shrink_buf(struct tg_walk_worker *wk)
{
	struct tg_walk *w = wk->w;

	if (wk->cap <= w->base_cap)
		return;
	mem_release(w, wk->cap - w->base_cap);
	free(wk->buf);
	wk->buf = tg_malloc(w->base_cap);
	wk->cap = w->base_cap;
}

/*
 * Reads the rest of a file larger than the base buffer, with its size from
 * fstat. Returns its length, or -1 after recording why it was skipped.
 */
static ssize_t read_large(struct tg_walk_worker *wk, int fd, size_t have, const char *path)
{
	struct tg_walk *w = wk->w;
	struct stat st;
	size_t size, total = have;
	char detail[96];
	ssize_t n;

	if (fstat(fd, &st)) {
		skip_errno(w, path, NULL, errno);
		return -1;
	}
	size = (size_t)st.st_size;
	if (size > w->max_bytes || have > w->max_bytes) {
		snprintf(detail, sizeof(detail), "%zu bytes > limit %zu", size > have ? size : have,
		         w->max_bytes);
		tg_walk_skip(w, path, NULL, TG_SKIP_TOO_LARGE, detail);
		return -1;
	}
	if (size + 2 > wk->cap) {
		unsigned char *old = wk->buf;

		wk->buf = NULL; /* keep what was read: grow_buf frees the old buffer */
		grow_buf(wk, size + 2);
		memcpy(wk->buf, old, have);
		free(old);
	}
	/* one byte more than fstat said, to see a file that grows */
	while (total < size + 1 && (n = read(fd, wk->buf + total, size + 1 - total)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			skip_errno(w, path, NULL, errno);
			return -1;
		}
		total += (size_t)n;
	}
	if (total != size) {
		snprintf(detail, sizeof(detail), "%s while being read (size %zu, read %zu)",
		         total > size ? "grew" : "truncated", size, total);
		tg_walk_skip(w, path, NULL, TG_SKIP_CHANGED, detail);
		return -1;
	}
	return (ssize_t)total;
}

/* Reads a whole file into the worker's buffer: its length, or -1 when skipped. */
static ssize_t read_whole(struct tg_walk_worker *wk, int fd, const char *path)
{
	struct tg_walk *w = wk->w;
	size_t want;
	ssize_t n;

	if (!wk->buf) {
		wk->buf = tg_malloc(w->base_cap);
		wk->cap = w->base_cap;
	}
	want = wk->cap - 1;
	if (want > w->max_bytes + 1)
		want = w->max_bytes + 1;
	do
		n = read(fd, wk->buf, want);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		skip_errno(w, path, NULL, errno);
		return -1;
	}
	/* a short read of a regular file is its end: one read() for most files */
	if ((size_t)n < want)
		return n;
	return read_large(wk, fd, (size_t)n, path);
}

static void deliver(struct tg_walk_worker *wk, const char *path, size_t len,
                    const unsigned char *oid, const struct stat *pre)
{
	struct tg_walk *w = wk->w;
	struct tg_walk_file f;
	const char *why;

	wk->buf[len] = '\0';
	if (!w->o->keep_binary && memchr(wk->buf, 0, len < BINARY_PROBE ? len : BINARY_PROBE)) {
		tg_walk_skip(w, path, NULL, TG_SKIP_BINARY, "NUL byte in the first 8 KiB");
		return;
	}
	if (w->o->skip_generated && (why = tg_walk_generated_content(wk->buf, len))) {
		tg_walk_skip(w, path, NULL, TG_SKIP_GENERATED, why);
		return;
	}
	f.path = path;
	f.data = wk->buf;
	f.len = len;
	f.worker = wk->id;
	f.oid = oid;
	f.mtime_ns = pre ? (int64_t)pre->st_mtim.tv_sec * 1000000000 + pre->st_mtim.tv_nsec : 0;
	f.ino = pre ? (uint64_t)pre->st_ino : 0;
	f.dev = pre ? (uint64_t)pre->st_dev : 0;
	f.ctime_ns = pre ? (int64_t)pre->st_ctim.tv_sec * 1000000000 + pre->st_ctim.tv_nsec : 0;
	wk->files++;
	wk->bytes += len;
	if (w->fn(&f, w->arg) && !atomic_exchange(&w->abort, 1)) {
		const char *msg = tg_error_message();

		pthread_mutex_lock(&w->mu);
		w->abort_msg = tg_strdup(msg && *msg ? msg : "walk aborted by its caller");
		pthread_cond_broadcast(&w->cv);
		pthread_mutex_unlock(&w->mu);
	}
}

/*
 * Asks opts.cached about a regular file before reading it: 1 when the caller
 * has its results, else 0 with *st filled (or -1 when it could not be stat'ed).
 */
static int ask_cached(struct tg_walk_worker *wk, int dirfd, const char *name, struct stat *st)
{
	struct tg_walk *w = wk->w;
	struct tg_walk_entry e;

	if (fstatat(dirfd, name, st, AT_SYMLINK_NOFOLLOW) || !S_ISREG(st->st_mode))
		return -1;
	e.path = wk->path.buf;
	e.size = (uint64_t)st->st_size;
	e.mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
	e.ino = (uint64_t)st->st_ino;
	e.dev = (uint64_t)st->st_dev;
	e.ctime_ns = (int64_t)st->st_ctim.tv_sec * 1000000000 + st->st_ctim.tv_nsec;
	e.oid = NULL;
	if (w->index && tg_walk_index_has(w->index, wk->path.buf, wk->path.len))
		e.oid = tg_walk_index_oid(w->index, wk->path.buf, wk->path.len, st);
	e.worker = wk->id;
	if (w->o->cached(&e, w->arg) != 1)
		return 0;
	wk->files++;
	return 1;
}

void tg_walk_read_file(struct tg_walk_worker *wk, int dirfd, const char *dirpath, size_t dirlen,
                       const char *name)
{
	struct tg_walk *w = wk->w;
	const unsigned char *oid = NULL;
	const char *why;
	struct stat st, pre;
	int asked = -1;
	ssize_t n;
	int fd;

	tg_buf_setlen(&wk->path, 0);
	tg_buf_add(&wk->path, dirpath, dirlen);
	tg_buf_adds(&wk->path, name);
	if (w->o->wanted && !w->o->wanted(wk->path.buf))
		return;
	if (w->o->skip_generated && (why = tg_walk_generated_name(name))) {
		tg_walk_skip(w, wk->path.buf, NULL, TG_SKIP_GENERATED, why);
		return;
	}
	if (w->o->cached && (asked = ask_cached(wk, dirfd, name, &pre)) == 1)
		return;
	/* O_NONBLOCK: a file swapped for a FIFO since the listing must not block us */
	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		skip_errno(w, wk->path.buf, NULL, errno);
		return;
	}
	n = read_whole(wk, fd, wk->path.buf);
	if (n >= 0 && w->index && tg_walk_index_has(w->index, wk->path.buf, wk->path.len) &&
	    !fstat(fd, &st))
		oid = tg_walk_index_oid(w->index, wk->path.buf, wk->path.len, &st);
	close(fd);
	if (n >= 0)
		deliver(wk, wk->path.buf, (size_t)n, oid, asked == 0 ? &pre : NULL);
	shrink_buf(wk);
}

void tg_walk_scan_batch(struct tg_walk_worker *wk, struct tg_walk_dir *dir, const char *names,
                        size_t nr)
{
	size_t i;

	for (i = 0; i < nr && !atomic_load(&wk->w->abort); i++) {
		tg_walk_read_file(wk, dir->fd, dir->path, dir->pathlen, names);
		names += strlen(names) + 1;
	}
}
