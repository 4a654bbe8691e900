#include "walk/walk_int.h"

#include "walk/index_int.h"

#include "util/alloc.h"
#include "util/error.h"
#include "util/log.h"
#include "util/workers.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_BATCH     500
#define DEFAULT_MAX_BYTES (2L * 1024 * 1024)
/* Each worker keeps this much buffer; larger files borrow from the memory bound. */
#define BASE_CAP    (256 * 1024)
#define MAX_WORKERS 256

static const char *const reason_names[] = {
        [TG_SKIP_BINARY] = "binary",
        [TG_SKIP_TOO_LARGE] = "too-large",
        [TG_SKIP_UNREADABLE] = "unreadable",
        [TG_SKIP_GENERATED] = "generated",
        [TG_SKIP_VENDORED] = "vendored",
        [TG_SKIP_VANISHED] = "vanished",
        [TG_SKIP_CHANGED] = "changed",
        [TG_SKIP_SYMLINK] = "symlink",
        [TG_SKIP_SYMLINK_LOOP] = "symlink-loop",
        [TG_SKIP_SPECIAL] = "special",
};

const char *tg_walk_skip_reason_name(enum tg_skip_reason r)
{
	if ((unsigned)r < TG_ARRAY_SIZE(reason_names) && reason_names[r])
		return reason_names[r];
	return "unknown";
}

void tg_walk_skip(struct tg_walk *w, const char *path, const char *suffix,
                  enum tg_skip_reason reason, const char *detail)
{
	struct tg_walk_stats *s = w->stats;
	struct tg_walk_skip *k;
	size_t n = strlen(path), m = suffix ? strlen(suffix) : 0;

	tg_debug("walk: skipped %s%s (%s: %s)", path, suffix ? suffix : "",
	         tg_walk_skip_reason_name(reason), detail);
	pthread_mutex_lock(&w->skip_mu);
	TG_ALLOC_GROW(s->skipped, s->skipped_nr + 1, s->skipped_alloc);
	k = &s->skipped[s->skipped_nr++];
	k->path = tg_malloc(n + m + 1);
	memcpy(k->path, path, n);
	memcpy(k->path + n, suffix ? suffix : "", m + 1);
	k->reason = reason;
	k->detail = tg_strdup(detail);
	pthread_mutex_unlock(&w->skip_mu);
}

void tg_walk_keep_frame(struct tg_walk *w, struct tg_ignore_frame *f)
{
	pthread_mutex_lock(&w->frames_mu);
	TG_ALLOC_GROW(w->frames, w->frames_nr + 1, w->frames_alloc);
	w->frames[w->frames_nr++] = f;
	pthread_mutex_unlock(&w->frames_mu);
}

void tg_walk_push(struct tg_walk *w, struct tg_walk_job *first, struct tg_walk_job *last, size_t n)
{
	pthread_mutex_lock(&w->mu);
	last->next = w->stack;
	w->stack = first;
	w->pending += n;
	if (n > 1)
		pthread_cond_broadcast(&w->cv);
	else
		pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

void tg_walk_dir_release(struct tg_walk_dir *d)
{
	if (atomic_fetch_sub(&d->refs, 1) != 1)
		return;
	close(d->fd);
	free(d->path);
	free(d);
}

static void job_free(struct tg_walk_job *j)
{
	if (j->dir)
		tg_walk_dir_release(j->dir);
	free(j->names);
	free(j->path);
	free(j);
}

static void *worker_main(void *p)
{
	struct tg_walk_worker *wk = p;
	struct tg_walk *w = wk->w;
	struct tg_walk_job *j;

	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->stack && w->pending && !atomic_load(&w->abort))
			pthread_cond_wait(&w->cv, &w->mu);
		if (atomic_load(&w->abort) || !w->stack)
			break;
		j = w->stack;
		w->stack = j->next;
		pthread_mutex_unlock(&w->mu);
		if (j->dir)
			tg_walk_scan_batch(wk, j->dir, j->names, j->nr);
		else
			tg_walk_scan_dir(wk, j);
		job_free(j);
		pthread_mutex_lock(&w->mu);
		if (!--w->pending)
			pthread_cond_broadcast(&w->cv);
	}
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

static int skip_cmp(const void *a, const void *b)
{
	return strcmp(((const struct tg_walk_skip *)a)->path,
	              ((const struct tg_walk_skip *)b)->path);
}

int tg_walk_workers(const struct tg_walk_opts *o)
{
	int n = o->workers > 0 ? o->workers : tg_default_workers();

	return n > MAX_WORKERS ? MAX_WORKERS : n;
}

static void setup(struct tg_walk *w, const struct tg_walk_opts *o)
{
	size_t i;

	w->workers = tg_walk_workers(o);
	w->batch = o->max_files_per_batch > 0 ? o->max_files_per_batch : DEFAULT_BATCH;
	w->max_bytes = (size_t)(o->max_file_bytes > 0 ? o->max_file_bytes : DEFAULT_MAX_BYTES);
	w->base_cap = w->max_bytes + 2 < BASE_CAP ? w->max_bytes + 2 : BASE_CAP;
	if (o->memory_limit_mb > 0) {
		size_t lim = (size_t)o->memory_limit_mb << 20;
		size_t base = (size_t)w->workers * w->base_cap;

		/* fewer workers rather than more memory than allowed */
		while (w->workers > 1 && base > lim / 2) {
			w->workers--;
			base = (size_t)w->workers * w->base_cap;
		}
		w->mem_limit = lim > base ? lim - base : 1;
	}
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	pthread_mutex_init(&w->mem_mu, NULL);
	pthread_cond_init(&w->mem_cv, NULL);
	pthread_mutex_init(&w->skip_mu, NULL);
	pthread_mutex_init(&w->frames_mu, NULL);
	for (i = 0; o->own_outputs && i < o->own_outputs->nr; i++)
		tg_ignore_frame_add_anchored(&w->always, o->own_outputs->v[i]);
	for (i = 0; o->exclude && i < o->exclude->nr; i++)
		tg_ignore_frame_parse(&w->always, o->exclude->v[i], strlen(o->exclude->v[i]));
}

static void teardown(struct tg_walk *w)
{
	size_t i;

	while (w->stack) {
		struct tg_walk_job *j = w->stack;

		w->stack = j->next;
		job_free(j);
	}
	for (i = 0; i < w->frames_nr; i++) {
		tg_ignore_frame_release(w->frames[i]);
		free(w->frames[i]);
	}
	free(w->frames);
	tg_ignore_frame_release(&w->always);
	tg_walk_index_free(w->index);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->mem_mu);
	pthread_cond_destroy(&w->mem_cv);
	pthread_mutex_destroy(&w->skip_mu);
	pthread_mutex_destroy(&w->frames_mu);
	free(w->abort_msg);
}

static void worker_release(struct tg_walk_worker *wk)
{
	free(wk->buf);
	free(wk->dents);
	tg_buf_release(&wk->path);
	tg_buf_release(&wk->names);
	free(wk->offs);
	free(wk->types);
}

/* The root names a file: walk just that file, named by its base name. */
static int walk_one_file(struct tg_walk *w, struct tg_walk_worker *wk, const char *root)
{
	char *copy = tg_strdup(root), *copy2 = tg_strdup(root);
	const char *dir = dirname(copy), *name = basename(copy2);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0) {
		int rc = tg_error_set(TG_ERR_USAGE, "%s: %s", root, strerror(errno));

		free(copy);
		free(copy2);
		return rc;
	}
	tg_walk_read_file(wk, fd, "", 0, name);
	close(fd);
	free(copy);
	free(copy2);
	return TG_OK;
}

static void run_workers(struct tg_walk *w, struct tg_walk_worker *wks)
{
	struct tg_walk_job *j = tg_calloc(1, sizeof(*j));
	int i;

	j->path = tg_strdup("");
	j->frame = w->root_frame;
	w->stack = j;
	w->pending = 1;
	for (i = 1; i < w->workers; i++)
		if (pthread_create(&wks[i].thread, NULL, worker_main, &wks[i]))
			wks[i].id = -1;
	worker_main(&wks[0]);
	for (i = 1; i < w->workers; i++)
		if (wks[i].id >= 0)
			pthread_join(wks[i].thread, NULL);
}

int tg_walk_run(const struct tg_walk_opts *o, tg_walk_fn fn, void *arg, struct tg_walk_stats *stats)
{
	struct tg_walk w;
	struct tg_walk_worker *wks;
	struct stat st;
	int i, rc = TG_OK;

	memset(&w, 0, sizeof(w));
	memset(stats, 0, sizeof(*stats));
	w.o = o;
	w.fn = fn;
	w.arg = arg;
	w.stats = stats;
	if (!o->root || stat(o->root, &st))
		return tg_error_set(TG_ERR_USAGE, "%s: %s", o->root ? o->root : "(no root)",
		                    o->root ? strerror(errno) : "no directory given");
	setup(&w, o);
	wks = tg_calloc((size_t)w.workers, sizeof(*wks));
	for (i = 0; i < w.workers; i++) {
		wks[i].w = &w;
		wks[i].id = i;
	}
	if (!S_ISDIR(st.st_mode)) {
		rc = walk_one_file(&w, &wks[0], o->root);
	} else {
		w.rootfd = open(o->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (w.rootfd < 0) {
			rc = tg_error_set(TG_ERR_USAGE, "%s: %s", o->root, strerror(errno));
		} else {
			tg_walk_repo_setup(&w, o->root);
			run_workers(&w, wks);
			close(w.rootfd);
		}
	}
	for (i = 0; i < w.workers; i++) {
		stats->files += wks[i].files;
		stats->bytes += wks[i].bytes;
		stats->dirs += wks[i].dirs;
		worker_release(&wks[i]);
	}
	free(wks);
	if (rc == TG_OK && atomic_load(&w.abort))
		rc = tg_error_set(TG_ERR_RUN, "%s", w.abort_msg ? w.abort_msg : "walk aborted");
	if (stats->skipped_nr)
		qsort(stats->skipped, stats->skipped_nr, sizeof(*stats->skipped), skip_cmp);
	teardown(&w);
	return rc;
}

void tg_walk_stats_release(struct tg_walk_stats *s)
{
	size_t i;

	for (i = 0; i < s->skipped_nr; i++) {
		free(s->skipped[i].path);
		free(s->skipped[i].detail);
	}
	free(s->skipped);
	memset(s, 0, sizeof(*s));
}

void tg_walk_note_skips(const struct tg_walk_stats *st, const char *who)
{
	for (size_t i = 0; i < st->skipped_nr; i++)
		tg_debug("%s: skipped %s (%s: %s)", who, st->skipped[i].path,
		         tg_walk_skip_reason_name(st->skipped[i].reason),
		         st->skipped[i].detail ? st->skipped[i].detail : "");
	if (st->skipped_nr)
		tg_note("%s: %zu paths skipped (--debug lists them)", who, st->skipped_nr);
}
