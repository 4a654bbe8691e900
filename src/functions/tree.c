/*
 * `functions` over a tree: each walk worker keeps the rows of its files, so
 * the callback never locks; the rows are merged after the walk.
 */
#include "functions/tree.h"

#include "analyze/lang.h"
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

struct worker {
	struct tg_function_row *rows;
	size_t nr, alloc;
	char **paths;
	size_t paths_nr, paths_alloc;
	struct tg_function_list scratch;
};

struct run {
	struct worker *w;
	int workers;
	const struct tg_strlist *langs;
};

static int scan_file(const struct tg_walk_file *f, void *arg)
{
	struct run *r = arg;
	struct worker *w = &r->w[f->worker];
	const struct tg_lang *l = tg_lang_detect(f->path, f->data, f->len);
	char *path;

	if (!l || !tg_functions_supported(l->name))
		return 0;
	if (r->langs && r->langs->nr && tg_strlist_find(r->langs, l->name) < 0)
		return 0;
	w->scratch.nr = 0;
	tg_functions_scan(l, f->data, f->len, &w->scratch);
	if (!w->scratch.nr)
		return 0;
	path = tg_strdup(f->path);
	TG_ALLOC_GROW(w->paths, w->paths_nr + 1, w->paths_alloc);
	w->paths[w->paths_nr++] = path;
	TG_ALLOC_GROW(w->rows, w->nr + w->scratch.nr, w->alloc);
	for (size_t i = 0; i < w->scratch.nr; i++) {
		w->rows[w->nr].path = path;
		w->rows[w->nr++].f = w->scratch.v[i]; /* the row takes the name */
	}
	w->scratch.nr = 0;
	return 0;
}

/* Every worker's rows and paths into out; the workers keep nothing. */
static void merge(struct run *r, struct tg_function_table *out)
{
	size_t rows = 0, paths = 0;

	for (int i = 0; i < r->workers; i++) {
		rows += r->w[i].nr;
		paths += r->w[i].paths_nr;
	}
	out->v = tg_malloc((rows ? rows : 1) * sizeof(*out->v));
	out->paths = tg_malloc((paths ? paths : 1) * sizeof(*out->paths));
	for (int i = 0; i < r->workers; i++) {
		struct worker *w = &r->w[i];

		if (w->nr)
			memcpy(out->v + out->nr, w->rows, w->nr * sizeof(*out->v));
		if (w->paths_nr)
			memcpy(out->paths + out->paths_nr, w->paths, w->paths_nr * sizeof(char *));
		out->nr += w->nr;
		out->paths_nr += w->paths_nr;
		w->nr = w->paths_nr = 0;
	}
}

static void run_release(struct run *r)
{
	for (int k = 0; k < r->workers; k++) {
		struct worker *w = &r->w[k];

		for (size_t i = 0; i < w->nr; i++)
			free(w->rows[i].f.name);
		for (size_t i = 0; i < w->paths_nr; i++)
			free(w->paths[i]);
		free(w->rows);
		free(w->paths);
		tg_function_list_clear(&w->scratch);
	}
	free(r->w);
}

int tg_functions_tree(struct tg_function_table *out, const struct tg_walk_opts *opts,
                      const struct tg_strlist *langs)
{
	struct tg_walk_opts wo = *opts;
	struct run r = {NULL, tg_walk_workers(opts), langs};
	int rc;

	*out = (struct tg_function_table)TG_FUNCTION_TABLE_INIT;
	r.w = tg_calloc((size_t)r.workers, sizeof(*r.w));
	wo.workers = r.workers;
	rc = tg_walk_run(&wo, scan_file, &r, &out->stats);
	if (!rc)
		merge(&r, out);
	run_release(&r);
	if (rc)
		tg_function_table_release(out);
	return rc;
}

void tg_function_table_release(struct tg_function_table *t)
{
	for (size_t i = 0; i < t->nr; i++)
		free(t->v[i].f.name);
	for (size_t i = 0; i < t->paths_nr; i++)
		free(t->paths[i]);
	free(t->v);
	free(t->paths);
	tg_walk_stats_release(&t->stats);
	*t = (struct tg_function_table)TG_FUNCTION_TABLE_INIT;
}

int tg_function_over(const struct tg_function *f, const struct tg_function_limits *lim)
{
	return (lim->ccn >= 0 && f->ccn > lim->ccn) || (lim->nloc >= 0 && f->nloc > lim->nloc) ||
	       (lim->params >= 0 && f->params > lim->params) ||
	       (lim->tokens >= 0 && f->tokens > lim->tokens);
}

void tg_function_table_keep_over(struct tg_function_table *t, const struct tg_function_limits *lim)
{
	size_t k = 0;

	for (size_t i = 0; i < t->nr; i++) {
		if (tg_function_over(&t->v[i].f, lim))
			t->v[k++] = t->v[i];
		else
			free(t->v[i].f.name);
	}
	t->nr = k;
}

static int cmp_place(const struct tg_function_row *x, const struct tg_function_row *y)
{
	int c = strcmp(x->path, y->path);

	if (c)
		return c;
	if (x->f.start_line != y->f.start_line)
		return x->f.start_line < y->f.start_line ? -1 : 1;
	return x->f.order < y->f.order ? -1 : x->f.order > y->f.order;
}

static int by_path(const void *a, const void *b)
{
	return cmp_place(a, b);
}

static int by_ccn(const void *a, const void *b)
{
	const struct tg_function_row *x = a, *y = b;

	if (x->f.ccn != y->f.ccn)
		return x->f.ccn < y->f.ccn ? 1 : -1;
	return cmp_place(x, y);
}

static int by_nloc(const void *a, const void *b)
{
	const struct tg_function_row *x = a, *y = b;

	if (x->f.nloc != y->f.nloc)
		return x->f.nloc < y->f.nloc ? 1 : -1;
	return cmp_place(x, y);
}

static int by_name(const void *a, const void *b)
{
	const struct tg_function_row *x = a, *y = b;
	int c = strcmp(x->f.name, y->f.name);

	return c ? c : cmp_place(x, y);
}

void tg_function_table_sort(struct tg_function_table *t, enum tg_function_order by)
{
	static int (*const cmp[])(const void *, const void *) = {
	        [TG_FUNCTIONS_BY_PATH] = by_path,
	        [TG_FUNCTIONS_BY_CCN] = by_ccn,
	        [TG_FUNCTIONS_BY_NLOC] = by_nloc,
	        [TG_FUNCTIONS_BY_NAME] = by_name,
	};

	if (t->nr)
		qsort(t->v, t->nr, sizeof(*t->v), cmp[by]);
}
