/*
 * `count` over a tree: each walk worker adds its files' counts to totals of
 * its own, so the callback never locks; the totals are merged after the walk.
 * A file whose results the cache has is neither read nor counted.
 */
#include "analyze/tree.h"

#include "analyze/cache.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct worker {
	struct tg_file_counts *sum; /* per language id */
	uint64_t *files;
	struct tg_count_file *rows;
	size_t rows_nr, rows_alloc;
	uint64_t cached, analyzed;
	struct tg_file_counts apart;
	uint64_t apart_files;
};

struct run {
	struct worker *w;
	int workers;
	size_t nlang;
	int by_file;
	struct tg_count_cache *cache; /* NULL with TG_COUNT_NO_CACHE */
	int (*apart)(const char *path, void *arg);
	void *apart_arg;
};

/* Adds one file's results, fresh or from the cache, to worker k's totals. */
static void add_result(struct run *r, int k, const char *path, const struct tg_count_result *res)
{
	struct worker *w = &r->w[k];

	if (res->lang < 0)
		return;
	tg_file_counts_add(&w->sum[res->lang], &res->c);
	w->files[res->lang]++;
	if (r->apart && r->apart(path, r->apart_arg)) {
		tg_file_counts_add(&w->apart, &res->c);
		w->apart_files++;
	}
	if (r->by_file) {
		TG_ALLOC_GROW(w->rows, w->rows_nr + 1, w->rows_alloc);
		w->rows[w->rows_nr].path = tg_strdup(path);
		w->rows[w->rows_nr].lang = tg_lang_at((size_t)res->lang)->name;
		w->rows[w->rows_nr++].c = res->c;
	}
}

static int count_cached(const struct tg_walk_entry *e, void *arg)
{
	struct run *r = arg;
	struct tg_count_key k = {e->path, e->size, e->mtime_ns, e->ino,
	                         e->oid,  e->dev,  e->ctime_ns};
	struct tg_count_result res;

	if (!tg_count_cache_get(r->cache, e->worker, &k, &res))
		return 0;
	r->w[e->worker].cached++;
	add_result(r, e->worker, e->path, &res);
	return 1;
}

static int count_file(const struct tg_walk_file *f, void *arg)
{
	struct run *r = arg;
	const struct tg_lang *l = tg_lang_detect(f->path, f->data, f->len);
	struct tg_count_result res = {-1, {0, 0, 0, 0, 0}, NULL, 0};

	r->w[f->worker].analyzed++;
	if (l) {
		tg_analyze_count(l, f->data, f->len, &res.c, NULL);
		res.lang = (int32_t)l->id;
	}
	/* stat data taken before the read, so a later change is a miss next time */
	if (r->cache && f->ino) {
		struct tg_count_key k = {f->path, f->len, f->mtime_ns, f->ino,
		                         f->oid,  f->dev, f->ctime_ns};
		tg_count_cache_put(r->cache, f->worker, &k, &res);
	}
	add_result(r, f->worker, f->path, &res);
	return 0;
}

static int cmp_lang(const void *a, const void *b)
{
	const struct tg_count_lang *x = a, *y = b;

	if (x->c.code != y->c.code)
		return x->c.code < y->c.code ? 1 : -1;
	return strcmp(x->name, y->name);
}

static int cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct tg_count_file *)a)->path,
	              ((const struct tg_count_file *)b)->path);
}

/* Per-language totals over all workers, the languages with files only, sorted. */
static void merge_langs(struct run *r, struct tg_count_tree *out)
{
	out->langs = tg_malloc((r->nlang ? r->nlang : 1) * sizeof(*out->langs));
	for (size_t id = 0; id < r->nlang; id++) {
		struct tg_count_lang row = {tg_lang_at(id)->name, 0, {0, 0, 0, 0, 0}};
		for (int k = 0; k < r->workers; k++) {
			row.files += r->w[k].files[id];
			tg_file_counts_add(&row.c, &r->w[k].sum[id]);
		}
		if (row.files)
			out->langs[out->langs_nr++] = row;
	}
	for (int k = 0; k < r->workers; k++) {
		out->apart.files += r->w[k].apart_files;
		tg_file_counts_add(&out->apart.c, &r->w[k].apart);
	}
	qsort(out->langs, out->langs_nr, sizeof(*out->langs), cmp_lang);
}

/* Every worker's rows into one list sorted by path; the list takes the paths. */
static void merge_files(struct run *r, struct tg_count_tree *out)
{
	size_t n = 0, k = 0;

	for (int i = 0; i < r->workers; i++)
		n += r->w[i].rows_nr;
	out->files = tg_malloc((n ? n : 1) * sizeof(*out->files));
	for (int i = 0; i < r->workers; i++) {
		if (r->w[i].rows_nr)
			memcpy(out->files + k, r->w[i].rows, r->w[i].rows_nr * sizeof(*out->files));
		k += r->w[i].rows_nr;
		r->w[i].rows_nr = 0;
	}
	if (n)
		qsort(out->files, n, sizeof(*out->files), cmp_file);
	out->files_nr = n;
}

static void run_release(struct run *r)
{
	for (int k = 0; k < r->workers; k++) {
		for (size_t i = 0; i < r->w[k].rows_nr; i++)
			free(r->w[k].rows[i].path);
		free(r->w[k].rows);
		free(r->w[k].sum);
		free(r->w[k].files);
	}
	free(r->w);
	tg_count_cache_free(r->cache);
}

/* The cache for this walk: its settings are whatever changes a file's results. */
static void open_cache(struct run *r, struct tg_walk_opts *wo, const char *repo_root)
{
	char *file = tg_count_cache_file(wo->root, repo_root);
	struct tg_hasher h;
	char num[64];

	if (!file) {
		tg_debug("count: no place for a cache (no HOME)");
		return;
	}
	tg_hasher_init(&h);
	snprintf(num, sizeof(num), "%ld %d %zu", wo->max_file_bytes, wo->skip_generated, r->nlang);
	tg_hasher_adds(&h, num);
	r->cache = tg_count_cache_open(file, tg_hasher_finish(&h), r->workers);
	wo->cached = count_cached;
	free(file);
}

static void save_cache(struct run *r, struct tg_count_tree *out)
{
	for (int k = 0; k < r->workers; k++) {
		out->cached += r->w[k].cached;
		out->analyzed += r->w[k].analyzed;
	}
	tg_debug("count: %llu files cached, %llu analyzed", (unsigned long long)out->cached,
	         (unsigned long long)out->analyzed);
	if (r->cache && tg_count_cache_save(r->cache)) {
		tg_debug("count: cache not saved: %s", tg_error_message());
		tg_error_clear();
	}
}

int tg_count_tree_run(struct tg_count_tree *out, const struct tg_walk_opts *opts,
                      const char *repo_root, unsigned flags)
{
	return tg_count_tree_split(out, opts, repo_root, flags, NULL, NULL);
}

int tg_count_tree_split(struct tg_count_tree *out, const struct tg_walk_opts *opts,
                        const char *repo_root, unsigned flags,
                        int (*apart)(const char *path, void *arg), void *arg)
{
	struct tg_walk_opts wo = *opts;
	struct run r = {
	        NULL, tg_walk_workers(opts), tg_lang_count(), flags & TG_COUNT_BY_FILE, NULL, apart,
	        arg};
	int rc;

	*out = (struct tg_count_tree)TG_COUNT_TREE_INIT;
	r.w = tg_calloc((size_t)r.workers, sizeof(*r.w));
	for (int k = 0; k < r.workers; k++) {
		r.w[k].sum = tg_calloc(r.nlang, sizeof(*r.w[k].sum));
		r.w[k].files = tg_calloc(r.nlang, sizeof(*r.w[k].files));
	}
	wo.workers = r.workers;
	if (!(flags & TG_COUNT_NO_CACHE))
		open_cache(&r, &wo, repo_root);
	rc = tg_walk_run(&wo, count_file, &r, &out->stats);
	if (!rc) {
		save_cache(&r, out);
		merge_langs(&r, out);
		if (r.by_file)
			merge_files(&r, out);
	}
	run_release(&r);
	if (rc)
		tg_count_tree_release(out);
	return rc;
}

void tg_count_tree_release(struct tg_count_tree *t)
{
	for (size_t i = 0; i < t->files_nr; i++)
		free(t->files[i].path);
	free(t->files);
	free(t->langs);
	tg_walk_stats_release(&t->stats);
	*t = (struct tg_count_tree)TG_COUNT_TREE_INIT;
}
