/* What the aggregates mean: ownership, bus factor, knowledge at risk, age, coupling. */
#include "history/model_int.h"

#include "util/alloc.h"
#include "util/error.h"

#include <limits.h>
#include <stdio.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static time_t months_before(time_t now, int months)
{
	struct tm tm;

	gmtime_r(&now, &tm);
	tm.tm_mon -= months;
	return timegm(&tm);
}

static int whole_months(int64_t from, time_t to)
{
	struct tm a, b;
	time_t f = (time_t)from;
	long m;

	/* a commit's date is the committer's word: years past int's range fail gmtime_r */
	if ((time_t)from >= to || !gmtime_r(&f, &a) || !gmtime_r(&to, &b))
		return 0;
	m = ((long)b.tm_year - a.tm_year) * 12 + (b.tm_mon - a.tm_mon);
	if (b.tm_mday < a.tm_mday ||
	    (b.tm_mday == a.tm_mday && b.tm_hour * 3600 + b.tm_min * 60 + b.tm_sec <
	                                       a.tm_hour * 3600 + a.tm_min * 60 + a.tm_sec))
		m--;
	return m < 0 ? 0 : m > INT_MAX ? INT_MAX : (int)m;
}

/* Most added lines first, then most revisions, then name: a stable main author. */
static int cmp_fauthor(const void *x, const void *y, void *ctx)
{
	const struct fauthor *a = x, *b = y;
	const struct tg_history *sort_ctx = ctx;

	if (a->added != b->added)
		return a->added > b->added ? -1 : 1;
	if (a->revs != b->revs)
		return a->revs > b->revs ? -1 : 1;
	return strcmp(sort_ctx->authors[a->author].name, sort_ctx->authors[b->author].name);
}

static void derive_file(struct tg_history *h, struct hfile *f, time_t inactive_before)
{
	long total_added = 0, total_revs = 0, acc = 0, at_risk = 0;
	int use_revs;
	size_t i;

	if (f->au_nr > 1)
		qsort_r(f->au, f->au_nr, sizeof(*f->au), cmp_fauthor, h);
	for (i = 0; i < f->au_nr; i++) {
		total_added += f->au[i].added;
		total_revs += f->au[i].revs;
	}
	use_revs = total_added == 0;
	f->pub.path = f->path;
	f->pub.authors = (long)f->au_nr;
	f->pub.main_author = f->au_nr ? h->authors[f->au[0].author].name : NULL;
	f->pub.bus_factor = 0;
	f->pub.ownership = 0;
	f->pub.knowledge_at_risk = 0;
	for (i = 0; i < f->au_nr; i++) {
		long v = use_revs ? f->au[i].revs : f->au[i].added;
		long tot = use_revs ? total_revs : total_added;

		if (i == 0 && tot)
			f->pub.ownership = (double)v / (double)tot;
		if (2 * acc <= tot) {
			acc += v;
			f->pub.bus_factor++;
		}
		if (h->authors[f->au[i].author].last_time < (int64_t)inactive_before)
			at_risk += v;
	}
	if (use_revs ? total_revs : total_added)
		f->pub.knowledge_at_risk =
		        (double)at_risk / (double)(use_revs ? total_revs : total_added);
	f->pub.age_months = f->pub.revisions ? whole_months(f->pub.last_time, h->opts.now) : 0;
}

static int cmp_pub(const void *x, const void *y)
{
	return strcmp(((const struct tg_history_file *)x)->path,
	              ((const struct tg_history_file *)y)->path);
}

int64_t model_inactive_before(const struct tg_history *h)
{
	time_t ref = h->opts.now;
	int64_t newest = INT64_MIN;
	size_t i;

	for (i = 0; i < h->authors_nr; i++)
		if (h->authors[i].last_time > newest)
			newest = h->authors[i].last_time;
	/* A commit dated in the future (a wrong clock) must not make everyone inactive. */
	if (newest != INT64_MIN && newest < (int64_t)ref)
		ref = (time_t)newest;
	return (int64_t)months_before(ref, h->opts.inactive_months);
}

void model_finish(struct tg_history *h)
{
	time_t inactive_before = (time_t)model_inactive_before(h);
	size_t i;

	for (i = 0; i < h->files_nr; i++)
		derive_file(h, &h->files[i], inactive_before);
	free(h->pub);
	h->pub = tg_calloc(h->files_nr + 1, sizeof(*h->pub));
	for (i = 0; i < h->files_nr; i++)
		h->pub[i] = h->files[i].pub;
	h->pub_nr = h->files_nr;
	qsort(h->pub, h->pub_nr, sizeof(*h->pub), cmp_pub);
}

static void file_release(struct hfile *f)
{
	int i;

	free(f->path);
	free(f->au);
	for (i = 0; i < f->recent_nr; i++)
		free(f->recent[i].path);
}

void model_release(struct tg_history *h)
{
	size_t i;

	for (i = 0; i < h->files_nr; i++)
		file_release(&h->files[i]);
	free(h->files);
	for (i = 0; i < h->authors_nr; i++) {
		free(h->authors[i].name);
		free(h->authors[i].email);
	}
	free(h->authors);
	tg_hashmap_release(&h->paths);
	tg_hashmap_release(&h->author_ids);
	tg_hashmap_release(&h->pairs);
	free(h->pub);
	free(h->scratch);
	free(h->root);
	free(h->cache_key);
	memset(h, 0, sizeof(*h));
}

static void merge_file(struct tg_history *h, struct hfile *to, struct hfile *from,
                       const uint32_t *amap)
{
	size_t i;

	to->pub.revisions += from->pub.revisions;
	to->pub.added += from->pub.added;
	to->pub.deleted += from->pub.deleted;
	to->pub.soc += from->pub.soc;
	to->crevs += from->crevs;
	if (from->pub.first_time < to->pub.first_time)
		to->pub.first_time = from->pub.first_time;
	if (from->pub.last_time > to->pub.last_time)
		to->pub.last_time = from->pub.last_time;
	for (i = 0; i < from->au_nr; i++) {
		const struct fauthor *a = &from->au[i];
		size_t j;

		for (j = 0; j < to->au_nr && to->au[j].author != amap[a->author]; j++)
			;
		if (j == to->au_nr) {
			TG_ALLOC_GROW(to->au, to->au_nr + 1, to->au_alloc);
			memset(&to->au[j], 0, sizeof(to->au[j]));
			to->au[j].author = amap[a->author];
			to->au_nr++;
		}
		to->au[j].revs += a->revs;
		to->au[j].added += a->added;
		to->au[j].deleted += a->deleted;
	}
	if (!to->wt_have && from->wt_have) {
		to->wt_have = 1;
		to->wt_size = from->wt_size;
		to->wt_mtime_ns = from->wt_mtime_ns;
		to->wt_ino = from->wt_ino;
		to->wt_cx = from->wt_cx;
	}
	for (i = 0; i < (size_t)from->recent_nr && to->recent_nr < TG_HOTSPOT_TREND; i++) {
		struct frev *r = &to->recent[to->recent_nr++];
		const char *p = from->recent[i].path ? from->recent[i].path : from->path;

		memcpy(r->hash, from->recent[i].hash, sizeof(r->hash));
		r->path = strcmp(p, to->path) ? tg_strdup(p) : NULL;
		r->cx = from->recent[i].cx;
		r->cx_have = from->recent[i].cx_have;
	}
	(void)h;
}

void model_merge_older(struct tg_history *h, struct tg_history *older)
{
	uint32_t *amap = tg_calloc(older->authors_nr + 1, sizeof(*amap));
	uint32_t *fmap = tg_calloc(older->files_nr + 1, sizeof(*fmap));
	const struct tg_hashmap_entry *e;
	size_t i;

	for (i = 0; i < older->authors_nr; i++) {
		const struct hauthor *a = &older->authors[i];
		amap[i] = model_author(h, a->name, a->email, a->last_time);
		h->authors[amap[i]].bot = a->bot || h->authors[amap[i]].bot;
	}
	for (i = 0; i < older->files_nr; i++) {
		/* A stored name renamed by a newer commit resolves to the new name here. */
		fmap[i] = model_file(h, older->files[i].path);
		merge_file(h, &h->files[fmap[i]], &older->files[i], amap);
	}
	/*
	 * The older part's renames: its former names now lead to where its files
	 * went, as they would had both parts been read in one stream.
	 */
	tg_hashmap_for_each(&older->paths, e) {
		if (strcmp(older->files[e->val.u64].path, e->str))
			model_path_set(h, e->str, fmap[e->val.u64]);
	}
	tg_hashmap_for_each(&older->pairs, e) {
		uint32_t a = fmap[e->key.u64 >> 32], b = fmap[(uint32_t)e->key.u64];

		if (a != b)
			model_pair_add(h, a, b, e->val.u64);
	}
	h->commits += older->commits;
	free(amap);
	free(fmap);
}

size_t tg_history_files(const struct tg_history *h, const struct tg_history_file **files)
{
	*files = h->pub;
	return h->pub_nr;
}

/*
 * The file whose current name is path, else the file that had that name
 * (renamed since), else -1. The name map leads a re-created path (flask's
 * app.py, added again after the old one was renamed away) to the file that
 * had it before; the file named so now comes first.
 */
static long current_id(const struct tg_history *h, const char *path)
{
	long id = model_path_id(h, path);
	size_t i;

	if (id < 0 || !strcmp(h->files[id].path, path))
		return id;
	for (i = 0; i < h->files_nr; i++)
		if (!strcmp(h->files[i].path, path))
			return (long)i;
	return id;
}

const struct tg_history_file *tg_history_file(const struct tg_history *h, const char *path)
{
	long id = current_id(h, path);

	return id < 0 || strcmp(h->files[id].path, path) ? NULL : &h->files[id].pub;
}

int tg_history_owners(const struct tg_history *h, const char *path,
                      struct tg_history_owner **owners, size_t *nr)
{
	long id = current_id(h, path);
	time_t inactive_before = (time_t)model_inactive_before(h);
	const struct hfile *f;
	long total = 0;
	int use_revs;
	size_t i;

	*owners = NULL;
	*nr = 0;
	if (id < 0)
		return TG_ERR_NOTFOUND;
	f = &h->files[id];
	for (i = 0; i < f->au_nr; i++)
		total += f->au[i].added;
	use_revs = total == 0;
	if (use_revs)
		for (i = 0; i < f->au_nr; i++)
			total += f->au[i].revs;
	*owners = tg_calloc(f->au_nr + 1, sizeof(**owners));
	for (i = 0; i < f->au_nr; i++) {
		struct tg_history_owner *o = &(*owners)[i];
		const struct hauthor *a = &h->authors[f->au[i].author];

		o->author = a->name;
		o->revisions = f->au[i].revs;
		o->added = f->au[i].added;
		o->deleted = f->au[i].deleted;
		o->share = total ? (double)(use_revs ? o->revisions : o->added) / (double)total : 0;
		o->last_time = a->last_time;
		o->inactive = a->last_time < (int64_t)inactive_before;
	}
	*nr = f->au_nr;
	return TG_OK;
}

static int cmp_pair(const void *x, const void *y)
{
	const struct tg_history_pair *a = x, *b = y;
	int c;

	if (a->degree != b->degree)
		return a->degree > b->degree ? -1 : 1;
	if (a->shared_revisions != b->shared_revisions)
		return a->shared_revisions > b->shared_revisions ? -1 : 1;
	c = strcmp(a->a, b->a);
	return c ? c : strcmp(a->b, b->b);
}

static int exists(const struct tg_history *h, const char *path)
{
	char *full;
	int ok;

	if (!h->root)
		return 1;
	full = tg_malloc(strlen(h->root) + strlen(path) + 2);
	sprintf(full, "%s/%s", h->root, path);
	ok = access(full, F_OK) == 0;
	free(full);
	return ok;
}

int tg_history_coupling(const struct tg_history *h, int existing_only,
                        struct tg_history_pair **pairs, size_t *nr)
{
	size_t n = 0, alloc = 0;
	struct tg_history_pair *out = NULL;
	const struct tg_hashmap_entry *e;

	tg_hashmap_for_each(&h->pairs, e) {
		const struct hfile *a = &h->files[e->key.u64 >> 32],
		                   *b = &h->files[(uint32_t)e->key.u64];
		long shared = (long)e->val.u64;
		double avg;
		int degree;

		avg = (double)(a->crevs + b->crevs) / 2.0;
		if (shared < h->opts.min_shared_revs || avg < h->opts.min_revs || avg <= 0)
			continue;
		degree = (int)(100.0 * (double)shared / avg);
		if (degree > 100)
			degree = 100;
		if (degree < h->opts.min_coupling)
			continue;
		if (existing_only && (!exists(h, a->path) || !exists(h, b->path)))
			continue;
		if (strcmp(a->path, b->path) > 0) {
			const struct hfile *t = a;
			a = b;
			b = t;
		}
		TG_ALLOC_GROW(out, n + 1, alloc);
		out[n].a = a->path;
		out[n].b = b->path;
		out[n].shared_revisions = shared;
		out[n].a_revisions = a->crevs;
		out[n].b_revisions = b->crevs;
		out[n].degree = degree;
		n++;
	}
	if (n)
		qsort(out, n, sizeof(*out), cmp_pair);
	*pairs = out;
	*nr = n;
	return TG_OK;
}

double tg_history_change_rate(const struct tg_history *h, const char *path)
{
	const struct tg_history_file *f = tg_history_file(h, path);
	double months;

	if (!f || !f->revisions)
		return 0;
	months = ((double)h->opts.now - (double)f->first_time) / TG_MONTH_SECONDS;
	if (months < 1)
		months = 1;
	return (double)f->revisions / months;
}
