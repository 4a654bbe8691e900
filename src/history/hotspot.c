/*
 * Hotspots: recent activity × √complexity, with each hotspot's complexity over
 * its last revisions. Activity (activity.c) is revisions weighted by recency
 * (half-life 6 months before the newest commit), a bug-fix commit counting
 * twice; the square root keeps one huge file from outranking busier ones.
 * bench/backtest.sh chose this among the candidates in the README's "How well
 * the backlog predicts": all-time revisions × complexity, as before, ranked
 * curl's busiest files out of sight.
 */
#include "history/gitlog.h"
#include "history/model_int.h"

#include "proc/proc.h"

#include "util/alloc.h"
#include "util/beneath.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/log.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Files larger than this are not read for complexity (generated or vendored, usually). */
#define MAX_BYTES (8L << 20)

static long worktree_complexity(const struct tg_history *h, const char *path, tg_complexity_fn fn,
                                void *ctx, struct tg_buf *b, struct stat *st)
{
	struct tg_buf full = TG_BUF_INIT;
	long c = -1;

	tg_buf_addf(&full, "%s/%s", h->root, path);
	if (lstat(full.buf, st) != 0) {
		memset(st, 0, sizeof(*st));
		st->st_size = -1;
	} else if (S_ISREG(st->st_mode) && st->st_size <= MAX_BYTES && fn) {
		tg_buf_reset(b);
		/* Beneath the root: no directory link on the way, no FIFO waited on. */
		if (tg_beneath_read_file(b, h->root, path) == TG_OK)
			c = fn(path, b->buf, b->len, ctx);
		else
			tg_error_clear();
	}
	tg_buf_release(&full);
	return c;
}

static int64_t mtime_ns(const struct stat *st)
{
	return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

void model_complexity(struct tg_history *h)
{
	struct tg_buf b = TG_BUF_INIT, full = TG_BUF_INIT;
	double t0 = tg_clock_mono();
	size_t i, computed = 0;

	for (i = 0; i < h->files_nr; i++) {
		struct hfile *f = &h->files[i];
		struct stat st;

		if (!f->pub.revisions)
			continue;
		tg_buf_reset(&full);
		tg_buf_addf(&full, "%s/%s", h->root, f->path);
		if (lstat(full.buf, &st) != 0) {
			memset(&st, 0, sizeof(st));
			st.st_size = -1;
		}
		if (f->wt_have && f->wt_size == (int64_t)st.st_size &&
		    f->wt_mtime_ns == mtime_ns(&st) && f->wt_ino == (int64_t)st.st_ino)
			continue;
		f->wt_cx = st.st_size < 0 ? -1
		                          : worktree_complexity(h, f->path, h->opts.complexity,
		                                                NULL, &b, &st);
		f->wt_size = (int64_t)st.st_size;
		f->wt_mtime_ns = mtime_ns(&st);
		f->wt_ino = (int64_t)st.st_ino;
		f->wt_have = 1;
		h->dirty = 1;
		computed++;
	}
	tg_debug("hotspots: complexity of %zu changed files in %.3f s", computed,
	         tg_clock_mono() - t0);
	tg_buf_release(&b);
	tg_buf_release(&full);
}

static int cmp_hotspot(const void *x, const void *y)
{
	const struct tg_hotspot *a = x, *b = y;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->file->revisions != b->file->revisions)
		return a->file->revisions > b->file->revisions ? -1 : 1;
	return strcmp(a->file->path, b->file->path);
}

/* A `git cat-file --batch` process: one request, one answer, in turn. */
struct batch {
	struct tg_child git;
	const char *argv[6];
	int running;
	int failed; /* could not start, or stopped answering: no more requests */
	char rbuf[65536];
	size_t rpos, rlen;
};

static int batch_start(struct batch *b, const char *root)
{
	const char *argv[] = {"git", "-C", root, "cat-file", "--batch", NULL};

	memcpy(b->argv, argv, sizeof(argv));
	tg_proc_git_reader(&b->git, b->argv, root);
	b->git.in.how = TG_CHILD_PIPE;
	b->git.out.how = TG_CHILD_PIPE;
	b->git.name = "git cat-file";
	b->rpos = b->rlen = 0;
	if (tg_child_start(&b->git))
		return TG_ERR_RUN;
	b->running = 1;
	return TG_OK;
}

static int batch_fill(struct batch *b)
{
	ssize_t n;

	do
		n = read(b->git.out.fd, b->rbuf, sizeof(b->rbuf));
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		return -1;
	b->rpos = 0;
	b->rlen = (size_t)n;
	return 0;
}

static int batch_read(struct batch *b, struct tg_buf *out, size_t n, int line)
{
	while (line || n) {
		size_t take;
		char *nl = NULL;

		if (b->rpos == b->rlen && batch_fill(b))
			return -1;
		take = b->rlen - b->rpos;
		if (line) {
			nl = memchr(b->rbuf + b->rpos, '\n', take);
			if (nl)
				take = (size_t)(nl - (b->rbuf + b->rpos)) + 1;
		} else if (take > n) {
			take = n;
		}
		tg_buf_add(out, b->rbuf + b->rpos, take);
		b->rpos += take;
		if (!line)
			n -= take;
		else if (nl)
			break;
	}
	return 0;
}

/* The blob at rev:path into blob; 1 found, 0 missing, -1 the process failed. */
static int batch_get(struct batch *b, const char *rev, const char *path, struct tg_buf *blob)
{
	struct tg_buf req = TG_BUF_INIT, hdr = TG_BUF_INIT;
	char type[16];
	uint64_t size;
	int rc = -1, hdr_rc;

	tg_buf_addf(&req, "%s:%s\n", rev, path);
	if (strchr(path, '\n') || write(b->git.in.fd, req.buf, req.len) != (ssize_t)req.len)
		goto out;
	if (batch_read(b, &hdr, 0, 1))
		goto out;
	/* below SIZE_MAX: size + 1 bytes are read */
	if ((hdr_rc = tg_git_batch_header(hdr.buf, type, SIZE_MAX - 1, &size))) {
		rc = hdr_rc == TG_ERR_NOTFOUND ? 0 : -1; /* "<name> missing", or not git's answer */
		goto out;
	}
	tg_buf_reset(blob);
	if (batch_read(b, blob, size + 1, 0))
		goto out;
	tg_buf_setlen(blob, size);
	rc = strcmp(type, "blob") == 0;
out:
	tg_buf_release(&req);
	tg_buf_release(&hdr);
	return rc;
}

static void batch_stop(struct batch *b)
{
	if (tg_child_finish(&b->git))
		tg_error_clear();
}

/*
 * The complexity at each of the file's last revisions, oldest first. A
 * revision's value never changes, so it is kept with the history (when fn is
 * the one the history was built with) and a rerun reads only new revisions;
 * git cat-file is started on the first blob actually needed.
 */
static void trend(const struct tg_history *h, struct batch *b, struct tg_hotspot *hs,
                  tg_complexity_fn fn, void *ctx, struct tg_buf *blob)
{
	struct hfile *f = (struct hfile *)hs->file; /* pub is its first member */
	int keep = fn == h->opts.complexity, i;

	hs->trend_nr = 0;
	for (i = f->recent_nr - 1; i >= 0; i--) {
		struct frev *r = &f->recent[i];
		const char *p = r->path ? r->path : f->path;
		int got = -1;
		long cx;

		if (keep && r->cx_have) {
			hs->trend[hs->trend_nr++] = r->cx;
			continue;
		}
		if (!b->running && !b->failed && batch_start(b, h->root) != TG_OK) {
			tg_warn("history: %s; trends left out", tg_error_message());
			tg_error_clear();
			b->failed = 1;
		}
		if (b->running)
			got = batch_get(b, r->hash, p, blob);
		if (got < 0 && b->running) {
			tg_warn("history: git cat-file stopped answering; trends left out");
			batch_stop(b);
			b->running = 0;
			b->failed = 1;
		}
		cx = got > 0 ? fn(p, blob->buf, blob->len, ctx) : -1;
		hs->trend[hs->trend_nr++] = cx;
		if (keep && got >= 0) {
			/* A memo, not a count: the history stays the same for its readers. */
			r->cx = cx;
			r->cx_have = 1;
			((struct tg_history *)h)->dirty = 1;
		}
	}
}

int tg_history_hotspots(const struct tg_history *h, tg_complexity_fn fn, void *ctx, size_t limit,
                        int with_trend, struct tg_hotspot **out, size_t *nr)
{
	struct tg_hotspot *v = tg_calloc(h->files_nr + 1, sizeof(*v));
	double *activity = tg_history_activity(h);
	struct tg_buf b = TG_BUF_INIT;
	struct batch batch;
	size_t i, n = 0;
	double t0 = tg_clock_mono();

	for (i = 0; i < h->files_nr; i++) {
		const struct hfile *f = &h->files[i];
		long c;

		if (!f->pub.revisions)
			continue;
		if (f->wt_have && fn == h->opts.complexity) {
			c = f->wt_cx;
		} else {
			struct stat st;
			c = worktree_complexity(h, f->path, fn, ctx, &b, &st);
		}
		if (c < 0)
			continue;
		v[n].file = &f->pub;
		v[n].complexity = c;
		v[n].activity = activity[i];
		v[n].score = activity[i] * sqrt((double)c);
		n++;
	}
	free(activity);
	tg_debug("hotspots: complexity and activity of %zu files in %.3f s", n,
	         tg_clock_mono() - t0);
	qsort(v, n, sizeof(*v), cmp_hotspot);
	if (limit && n > limit)
		n = limit;
	if (with_trend && n) {
		memset(&batch, 0, sizeof(batch));
		for (i = 0; i < n; i++)
			trend(h, &batch, &v[i], fn, ctx, &b);
		if (batch.running)
			batch_stop(&batch);
		tg_debug("hotspots: trends of %zu files in %.3f s (git cat-file %s)", n,
		         tg_clock_mono() - t0, batch.running ? "run" : "not needed");
	}
	tg_buf_release(&b);
	*out = v;
	*nr = n;
	return TG_OK;
}
