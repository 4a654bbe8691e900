/*
 * Knowledge risk as backlog items (README.md, "Knowledge risk"): the source
 * files whose surviving lines (blame at HEAD) are mostly an inactive
 * author's, one item per such author; and the repository's bus factor.
 * Blame walks a file's whole history, so it runs only on candidates: source
 * files of some size whose history already points at an inactive author,
 * the largest risks first, at most KNOWLEDGE_BLAME_MAX of them, in parallel.
 */
#include "history/blame.h"
#include "history/model_int.h"

#include "analyze/count.h"
#include "util/alloc.h"
#include "util/beneath.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/log.h"
#include "util/wildmatch.h"
#include "util/workers.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define KNOWLEDGE_BLAME_MAX    40  /* files blamed in one run: bounds blame's cost */
#define KNOWLEDGE_MIN_LINES    100 /* code lines, unless history.knowledge_min_lines says */
#define KNOWLEDGE_MIN_SHARE    0.5 /* the departed author's share of the surviving lines */
#define KNOWLEDGE_AUTHOR_ITEMS 10  /* departed authors reported, most lines left first */
#define BUS_FACTOR_MIN_FILES   20  /* source files a repository needs for a bus-factor item */

struct kfile {
	const struct tg_history_file *f;
	long code;     /* code lines in the working tree */
	int candidate; /* to blame */
	int blamed;    /* b holds its blame */
	struct tg_history_blame b;
};

struct kauthor {
	const char *name;
	int64_t last_time;
	long lines, files;
	size_t *idx; /* the files they left, most lines first */
	size_t idx_nr, idx_alloc;
};

int model_is_source(const char *path)
{
	return tg_lang_is_source(tg_lang_detect(path, NULL, 0));
}

static int skipped(const struct tg_history_opts *o, const char *path)
{
	size_t i, j;

	for (i = 0; i < sizeof(o->knowledge_skip) / sizeof(*o->knowledge_skip); i++)
		for (j = 0; o->knowledge_skip[i] && j < o->knowledge_skip[i]->nr; j++)
			if (tg_wildmatch(o->knowledge_skip[i]->v[j], path, TG_WM_PATHNAME))
				return 1;
	return 0;
}

/* Code lines of the working tree's file; -1 when it is gone or unreadable. */
static long code_lines(const struct tg_history *h, const char *path)
{
	struct tg_buf b = TG_BUF_INIT;
	struct tg_file_counts n;
	long code = -1;

	if (tg_beneath_read_file(&b, h->root, path) == TG_OK &&
	    tg_analyze_count(tg_lang_detect(path, (const unsigned char *)b.buf, b.len),
	                     (const unsigned char *)b.buf, b.len, &n, NULL) == TG_OK)
		code = (long)n.code;
	tg_error_clear();
	tg_buf_release(&b);
	return code;
}

static int inactive(const struct tg_history *h, const char *name, int64_t before)
{
	const struct hauthor *a = name ? model_author_find(h, name) : NULL;

	return a && a->last_time < before;
}

/* The source files that count, and which of them to blame. */
static struct kfile *select_files(const struct tg_history *h, const struct tg_history_opts *o,
                                  int64_t before, size_t *nr)
{
	long min = o->knowledge_min_lines > 0 ? o->knowledge_min_lines : KNOWLEDGE_MIN_LINES;
	struct kfile *v = NULL;
	size_t alloc = 0, i;

	*nr = 0;
	for (i = 0; i < h->pub_nr; i++) {
		const struct tg_history_file *f = &h->pub[i];
		long code;

		if (!model_is_source(f->path) || skipped(o, f->path))
			continue;
		code = code_lines(h, f->path);
		if (code < min)
			continue;
		TG_ALLOC_GROW(v, *nr + 1, alloc);
		memset(&v[*nr], 0, sizeof(*v));
		v[*nr].f = f;
		v[*nr].code = code;
		/* History points at an inactive author: the main one, or half the lines added. */
		v[*nr].candidate = inactive(h, f->main_author, before) ||
		                   f->knowledge_at_risk >= KNOWLEDGE_MIN_SHARE;
		(*nr)++;
	}
	return v;
}

static double risk(const struct kfile *k)
{
	return (double)k->code * k->f->knowledge_at_risk;
}

static int cmp_risk(const void *x, const void *y)
{
	const struct kfile *a = *(struct kfile *const *)x, *b = *(struct kfile *const *)y;

	if (risk(a) != risk(b))
		return risk(a) > risk(b) ? -1 : 1;
	return strcmp(a->f->path, b->f->path);
}

struct pool {
	const struct tg_history *h;
	struct kfile **v;
	size_t nr, next;
	struct tg_blame_memo *memo; /* blames kept in the store; NULL: none */
};

/* The main surviving author is inactive and wrote enough of the file. */
static int departs(const struct tg_history_blame *b)
{
	return b->nr && b->authors[0].inactive && b->authors[0].share >= KNOWLEDGE_MIN_SHARE;
}

/*
 * Blame without -C gives lines moved from another file to whoever moved
 * them (flask's app.py split in two: all its lines the splitter's). A file
 * that would be an item is blamed again with -C, which costs several times
 * more, so only those are.
 */
static void confirm(const struct pool *p, struct kfile *k)
{
	struct tg_history_blame c;

	if (tg_history_blame_memo(p->h, p->memo, k->f->path, 1, &c) != TG_OK) {
		tg_error_clear();
		return;
	}
	tg_history_blame_release(&k->b);
	k->b = c;
}

static void *blame_worker(void *arg)
{
	struct pool *p = arg;
	size_t i;

	while ((i = __atomic_fetch_add(&p->next, 1, __ATOMIC_RELAXED)) < p->nr) {
		struct kfile *k = p->v[i];

		if (tg_history_blame_memo(p->h, p->memo, k->f->path, 0, &k->b) == TG_OK) {
			k->blamed = 1;
			if (departs(&k->b))
				confirm(p, k);
		} else {
			/* A file blame cannot read (not in HEAD yet) just is not counted. */
			tg_debug("knowledge: %s", tg_error_message());
			tg_error_clear();
		}
	}
	return NULL;
}

/* Blames the largest candidates, at most KNOWLEDGE_BLAME_MAX, on the default workers. */
static void blame_candidates(const struct tg_history *h, struct kfile *files, size_t nr)
{
	struct pool p = {h, NULL, 0, 0, NULL};
	const char **paths;
	pthread_t th[8];
	int started[8] = {0};
	size_t i, jobs = (size_t)tg_default_workers();
	double t0 = tg_clock_mono();

	p.v = tg_calloc(nr + 1, sizeof(*p.v));
	for (i = 0; i < nr; i++)
		if (files[i].candidate)
			p.v[p.nr++] = &files[i];
	qsort(p.v, p.nr, sizeof(*p.v), cmp_risk);
	if (p.nr > KNOWLEDGE_BLAME_MAX)
		p.nr = KNOWLEDGE_BLAME_MAX;
	paths = tg_calloc(p.nr + 1, sizeof(*paths));
	for (i = 0; i < p.nr; i++)
		paths[i] = p.v[i]->f->path;
	p.memo = tg_blame_memo_load(h, paths, p.nr, "blame:");
	free(paths);
	if (jobs > 8)
		jobs = 8;
	if (jobs > p.nr)
		jobs = p.nr;
	for (i = 1; i < jobs; i++)
		started[i] = pthread_create(&th[i], NULL, blame_worker, &p) == 0;
	blame_worker(&p);
	for (i = 1; i < jobs; i++)
		if (started[i])
			pthread_join(th[i], NULL);
	tg_blame_memo_save(h, p.memo);
	tg_debug("knowledge: blamed %zu files in %.3f s", p.nr, tg_clock_mono() - t0);
	free(p.v);
}

static struct kauthor *author_slot(struct kauthor **v, size_t *nr, size_t *alloc, const char *name)
{
	size_t i;

	for (i = 0; i < *nr; i++)
		if (!strcmp((*v)[i].name, name))
			return &(*v)[i];
	TG_ALLOC_GROW(*v, *nr + 1, *alloc);
	memset(&(*v)[*nr], 0, sizeof(**v));
	(*v)[*nr].name = name;
	return &(*v)[(*nr)++];
}

static int cmp_kauthor(const void *x, const void *y)
{
	const struct kauthor *a = x, *b = y;

	if (a->lines != b->lines)
		return a->lines > b->lines ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* Departed authors: each blamed file whose main surviving author is inactive and holds enough. */
static struct kauthor *departed(const struct kfile *files, size_t nr, size_t *out_nr)
{
	struct kauthor *v = NULL;
	size_t alloc = 0, i;

	*out_nr = 0;
	for (i = 0; i < nr; i++) {
		const struct tg_history_blame_author *m = files[i].b.authors;
		struct kauthor *a;

		if (!files[i].blamed || !departs(&files[i].b))
			continue;
		a = author_slot(&v, out_nr, &alloc, m->author);
		a->last_time = m->last_time;
		a->lines += m->lines;
		a->files++;
		TG_ALLOC_GROW(a->idx, a->idx_nr + 1, a->idx_alloc);
		a->idx[a->idx_nr++] = i;
	}
	if (*out_nr > 1)
		qsort(v, *out_nr, sizeof(*v), cmp_kauthor);
	return v;
}

/* Their files, most of their lines first (insertion sort: an author's list is short). */
static void sort_files(const struct kfile *files, struct kauthor *a)
{
	size_t i, j;

	for (i = 1; i < a->idx_nr; i++) {
		size_t x = a->idx[i];
		long lx = files[x].b.authors[0].lines;

		for (j = i; j > 0 && files[a->idx[j - 1]].b.authors[0].lines < lx; j--)
			a->idx[j] = a->idx[j - 1];
		a->idx[j] = x;
	}
}

/*
 * The author as items name them: a name that is an address (git allows any
 * text) is cut at its '@', so no item carries an email address.
 */
static char *display_name(const char *name)
{
	const char *at = strchr(name, '@');

	return at && at > name ? tg_strndup(name, (size_t)(at - name)) : tg_strdup(name);
}

static void item_common(struct tg_item *it, const char *rule)
{
	tg_item_init(it);
	it->source = tg_strdup("history");
	it->rule_id = tg_strdup(rule);
	it->category = tg_strdup("architecture");
	/* One item is one author's (or the repository's) files: never regrouped by path. */
	it->grouping = TG_GROUP_NONE;
	it->inputs.business_value = 3;
	it->inputs.time_criticality = 2;
	it->inputs.impact = 4;
	it->inputs.ease = 6;
}

static int author_item(const struct tg_history *h, const struct kfile *files, struct kauthor *a,
                       int64_t newest, struct tg_sink *sink)
{
	struct tg_item it;
	struct tg_buf b = TG_BUF_INIT;
	char last[32], top[32];
	size_t i;
	int rc;

	char *who = display_name(a->name);

	sort_files(files, a);
	item_common(&it, "history/knowledge-risk");
	tg_fingerprint_file(it.fingerprint, "history/knowledge-risk", who);
	it.severity = a->lines >= 1000 ? TG_SEV_MEDIUM : TG_SEV_LOW;
	tg_buf_addf(&b,
	            "Knowledge at risk: %s left %ld file%s (%ld lines) they mainly own: ", a->name,
	            a->files, a->files == 1 ? "" : "s", a->lines);
	for (i = 0; i < a->idx_nr && i < 3; i++)
		tg_buf_addf(&b, "%s%s", i ? ", " : "", files[a->idx[i]].f->path);
	if (a->idx_nr > 3)
		tg_buf_adds(&b, "...");
	it.title = tg_buf_detach(&b, NULL);
	tg_time_format((time_t)a->last_time, last, sizeof(last));
	tg_time_format((time_t)newest, top, sizeof(top));
	tg_buf_addf(&b,
	            "%s's last commit was %s, more than %d months before the newest commit (%s), "
	            "and they still wrote at least %.0f%% of the lines at HEAD in these files: "
	            "pair a current maintainer with them, document them, or review them before "
	            "they need to change",
	            who, last, h->opts.inactive_months, top, 100 * KNOWLEDGE_MIN_SHARE);
	it.message = tg_buf_detach(&b, NULL);
	tg_buf_addf(&b, "author=%s last_commit=%s files=%ld lines=%ld", who, last, a->files,
	            a->lines);
	for (i = 0; i < a->idx_nr; i++) {
		const struct kfile *k = &files[a->idx[i]];

		tg_item_add_occurrence(&it, k->f->path, 0, 0, "history", "history/knowledge-risk");
		if (i < 20)
			tg_buf_addf(&b, "%s%s %.0f%% (%ld of %ld lines)",
			            i ? "; " : " shares: ", k->f->path, 100 * k->b.authors[0].share,
			            k->b.authors[0].lines, k->b.lines);
	}
	if (a->idx_nr > 20)
		tg_buf_addf(&b, "; and %zu more", a->idx_nr - 20);
	it.evidence = tg_buf_detach(&b, NULL);
	it.metric = (double)a->lines;
	it.job_size = a->files <= 2 ? 3 : a->files <= 10 ? 5 : 8;
	it.remediation_minutes = 60.0 + 30.0 * (double)a->files;
	it.inputs.risk_reduction = a->lines >= 1000 ? 6 : 4;
	it.inputs.confidence = 7;
	rc = sink->emit(sink, &it);
	tg_item_release(&it);
	free(who);
	return rc;
}

struct owner {
	const char *name;
	double lines;
	int inactive;
};

static void own_add(struct tg_hashmap *ids, struct owner **v, size_t *nr, size_t *alloc,
                    const char *name, double lines)
{
	int added;
	struct tg_hashmap_entry *e = tg_hashmap_put(ids, name, strlen(name), &added);

	if (added) {
		TG_ALLOC_GROW(*v, *nr + 1, *alloc);
		(*v)[*nr].name = e->str;
		(*v)[*nr].lines = 0;
		e->val.u64 = (*nr)++;
	}
	(*v)[e->val.u64].lines += lines;
}

static int cmp_owner(const void *x, const void *y)
{
	const struct owner *a = x, *b = y;

	if (a->lines != b->lines)
		return a->lines > b->lines ? -1 : 1;
	return strcmp(a->name, b->name);
}

/*
 * Each author's share of the code lines of the files that count: the blame's
 * shares where blame ran, the shares of added lines elsewhere (an estimate:
 * blaming every file would cost minutes on a large repository).
 */
static struct owner *code_owners(const struct tg_history *h, const struct kfile *files, size_t nr,
                                 double *total, size_t *out_nr)
{
	struct tg_hashmap ids = TG_HASHMAP_INIT;
	struct owner *v = NULL;
	size_t alloc = 0, i, j, n;

	*total = 0;
	*out_nr = 0;
	for (i = 0; i < nr; i++) {
		const struct kfile *k = &files[i];
		struct tg_history_owner *ov = NULL;

		if (k->blamed && k->b.lines) {
			for (j = 0; j < k->b.nr; j++)
				own_add(&ids, &v, out_nr, &alloc, k->b.authors[j].author,
				        (double)k->code * k->b.authors[j].share);
			*total += (double)k->code;
			continue;
		}
		if (tg_history_owners(h, k->f->path, &ov, &n) == TG_OK && n) {
			for (j = 0; j < n; j++)
				own_add(&ids, &v, out_nr, &alloc, ov[j].author,
				        (double)k->code * ov[j].share);
			*total += (double)k->code;
		}
		tg_error_clear();
		free(ov);
	}
	/* The names are the map's copies: kept past its release by moving them out. */
	for (i = 0; i < *out_nr; i++)
		v[i].name = tg_strdup(v[i].name);
	tg_hashmap_release(&ids);
	if (*out_nr > 1)
		qsort(v, *out_nr, sizeof(*v), cmp_owner);
	return v;
}

static int bus_factor_item(const struct tg_history *h, const struct kfile *files, size_t nr,
                           int64_t before, struct tg_sink *sink)
{
	struct tg_item it;
	struct tg_buf b = TG_BUF_INIT;
	double total, acc = 0;
	size_t n = 0, k = 0, i;
	struct owner *v = code_owners(h, files, nr, &total, &n);
	int rc = TG_OK;

	while (k < n && 2 * acc < total)
		acc += v[k++].lines;
	tg_debug("knowledge: bus factor %zu over %zu source files", k, nr);
	for (i = 0; i < n; i++) {
		const struct hauthor *a = model_author_find(h, v[i].name);
		char *d = display_name(v[i].name);

		v[i].inactive = a && a->last_time < before;
		free((char *)v[i].name);
		v[i].name = d;
	}
	if (k == 0 || k > 2 || total <= 0)
		goto done;
	item_common(&it, "history/bus-factor");
	tg_fingerprint_file(it.fingerprint, "history/bus-factor", ".");
	it.severity = k == 1 ? TG_SEV_MEDIUM : TG_SEV_LOW;
	if (k == 1)
		tg_buf_addf(&b, "Bus factor 1: %s owns %.0f%% of the source code", v[0].name,
		            100 * v[0].lines / total);
	else
		tg_buf_addf(&b, "Bus factor 2: %s and %s own %.0f%% of the source code", v[0].name,
		            v[1].name, 100 * acc / total);
	it.title = tg_buf_detach(&b, NULL);
	tg_buf_addf(&b,
	            "Of the %.0f code lines in %zu source files, %s at least half of the lines "
	            "that survive: if they leave, nobody else knows most of the code. Spread it: "
	            "reviews by others, pairing, documentation of the main modules",
	            total, nr, k == 1 ? "one author wrote" : "two authors wrote");
	it.message = tg_buf_detach(&b, NULL);
	tg_buf_addf(&b, "bus_factor=%zu files=%zu code_lines=%.0f top=", k, nr, total);
	for (i = 0; i < n && i < 5; i++)
		tg_buf_addf(&b, "%s%s:%.0f%%%s", i ? "," : "", v[i].name, 100 * v[i].lines / total,
		            v[i].inactive ? "(inactive)" : "");
	it.evidence = tg_buf_detach(&b, NULL);
	it.metric = (double)k;
	it.job_size = 13;
	it.remediation_minutes = 60.0 * 40;
	it.inputs.risk_reduction = k == 1 ? 6 : 4;
	it.inputs.confidence = 6;
	rc = sink->emit(sink, &it);
	tg_item_release(&it);
done:
	for (i = 0; i < n; i++)
		free((char *)v[i].name);
	free(v);
	return rc;
}

int model_knowledge_items(const struct tg_history *h, const struct tg_history_opts *o,
                          struct tg_sink *sink)
{
	int64_t before = model_inactive_before(h), newest = INT64_MIN;
	size_t nr = 0, anr = 0, i;
	struct kfile *files = select_files(h, o, before, &nr);
	struct kauthor *authors;
	int rc = TG_OK;

	for (i = 0; i < h->authors_nr; i++)
		if (h->authors[i].last_time > newest)
			newest = h->authors[i].last_time;
	blame_candidates(h, files, nr);
	authors = departed(files, nr, &anr);
	tg_debug("knowledge: %zu source files, %zu departed owners", nr, anr);
	for (i = 0; rc == TG_OK && i < anr && i < KNOWLEDGE_AUTHOR_ITEMS; i++)
		rc = author_item(h, files, &authors[i], newest, sink);
	if (rc == TG_OK && nr > BUS_FACTOR_MIN_FILES)
		rc = bus_factor_item(h, files, nr, before, sink);
	for (i = 0; i < anr; i++)
		free(authors[i].idx);
	free(authors);
	for (i = 0; i < nr; i++)
		tg_history_blame_release(&files[i].b);
	free(files);
	return rc;
}
