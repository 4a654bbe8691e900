/*
 * The recent changes that survive in a file's lines: `git blame --since` at
 * the commit the history was read to. A function's own changes say whether
 * its complexity costs anything now; its file's churn does not (a stable
 * dispatcher in a busy file is not where the next change lands).
 */
#include "history/blame.h"
#include "history/model_int.h"

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"
#include "util/workers.h"

#include <pthread.h>

#include <stdlib.h>
#include <string.h>

int64_t tg_history_recent_since(const struct tg_history *h, int months)
{
	int64_t newest = INT64_MIN;
	size_t i;

	for (i = 0; i < h->authors_nr; i++)
		if (h->authors[i].last_time > newest)
			newest = h->authors[i].last_time;
	/* A commit dated in the future (a wrong clock) must not move the window. */
	if (newest == INT64_MIN || newest > (int64_t)h->opts.now)
		newest = (int64_t)h->opts.now;
	return newest - (int64_t)((double)months * TG_MONTH_SECONDS);
}

/* The parse's commits that count: in the window, and by a human. */
static void counted(const struct tg_history *h, const struct tg_blame_parser *p, int64_t since,
                    long *index, struct tg_history_recent *out)
{
	struct tg_buf name = TG_BUF_INIT;
	size_t i;

	out->fix = tg_calloc(p->commits_nr ? p->commits_nr : 1, 1);
	for (i = 0; i < p->commits_nr; i++) {
		const struct tg_blame_commit *c = &p->commits[i];
		const struct hauthor *known;

		index[i] = -1;
		if (c->boundary || c->time < since)
			continue;
		tg_buf_reset(&name);
		model_author_name(c->author ? c->author : "", &name);
		known = model_author_find(h, name.buf);
		if (known ? known->bot : model_is_bot(h, name.buf, c->email ? c->email : ""))
			continue;
		out->fix[out->commits_nr] = (unsigned char)c->fix;
		index[i] = (long)out->commits_nr++;
	}
	tg_buf_release(&name);
}

/* The recent changes of path, its blame from the memo when it holds one (m may be NULL). */
static int recent_of(const struct tg_history *h, struct tg_blame_memo *m, const char *path,
                     int64_t since, struct tg_history_recent *out)
{
	struct tg_blame_parser p;
	long *index;
	long i;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = tg_history_blame_since_memo(h, m, path, since, &p);
	if (rc) {
		tg_error_prefix(rc, "%s", path);
		tg_blame_release(&p);
		return rc;
	}
	index = tg_malloc((p.commits_nr ? p.commits_nr : 1) * sizeof(*index));
	counted(h, &p, since, index, out);
	out->lines = p.lines;
	out->commit = tg_malloc((p.lines ? (size_t)p.lines : 1) * sizeof(*out->commit));
	for (i = 0; i < p.lines; i++)
		out->commit[i] = index[p.line_commit[i]];
	free(index);
	tg_blame_release(&p);
	return TG_OK;
}

int tg_history_recent(const struct tg_history *h, const char *path, int months,
                      struct tg_history_recent *out)
{
	return recent_of(h, NULL, path, tg_history_recent_since(h, months), out);
}

long tg_history_recent_changes(const struct tg_history_recent *r, long first, long last,
                               long *fixes, long *lines)
{
	unsigned char *seen;
	long i, n = 0, f = 0, l = 0;

	if (first < 1)
		first = 1;
	if (last > r->lines)
		last = r->lines;
	seen = tg_calloc(r->commits_nr ? r->commits_nr : 1, 1);
	for (i = first; i <= last; i++) {
		long c = r->commit[i - 1];

		if (c < 0)
			continue;
		l++;
		if (seen[c])
			continue;
		seen[c] = 1;
		n++;
		f += r->fix[c];
	}
	free(seen);
	if (fixes)
		*fixes = f;
	if (lines)
		*lines = l;
	return n;
}

void tg_history_recent_release(struct tg_history_recent *r)
{
	free(r->commit);
	free(r->fix);
	memset(r, 0, sizeof(*r));
}

struct pool {
	const struct tg_history *h;
	struct tg_blame_memo *memo;
	const char *const *paths;
	struct tg_history_recent *out;
	int *ok;
	int64_t since;
	size_t nr, next;
};

static void *recent_worker(void *arg)
{
	struct pool *p = arg;
	size_t i;

	while ((i = __atomic_fetch_add(&p->next, 1, __ATOMIC_RELAXED)) < p->nr) {
		p->ok[i] = recent_of(p->h, p->memo, p->paths[i], p->since, &p->out[i]) == TG_OK;
		if (!p->ok[i]) {
			/* A file blame cannot read (not committed yet) just has no recent changes
			 * known. */
			tg_debug("recent: %s", tg_error_message());
			tg_error_clear();
		}
	}
	return NULL;
}

void tg_history_recent_many(const struct tg_history *h, const char *const *paths, size_t nr,
                            int months, struct tg_history_recent *out, int *ok)
{
	struct pool p = {h,     tg_blame_memo_load(h, paths, nr, "recent: blames"),
	                 paths, out,
	                 ok,    tg_history_recent_since(h, months),
	                 nr,    0};
	pthread_t th[8];
	int started[8] = {0};
	size_t i, jobs = (size_t)tg_default_workers();

	if (jobs > 8)
		jobs = 8;
	if (jobs > nr)
		jobs = nr;
	for (i = 1; i < jobs; i++)
		started[i] = pthread_create(&th[i], NULL, recent_worker, &p) == 0;
	recent_worker(&p);
	for (i = 1; i < jobs; i++)
		if (started[i])
			pthread_join(th[i], NULL);
	if (p.memo)
		tg_blame_memo_save(h, p.memo);
	else
		tg_debug("recent: blames ran %zu (every time, no store)", nr);
}
