/*
 * `rules scan` over a tree: each walk worker scans with a Vectorscan scratch
 * of its own; findings go to one list under a lock (they are few next to the
 * bytes scanned) and are sorted at the end.
 */
#include "rules/tree.h"

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct collect {
	struct tg_sink sink;
	pthread_mutex_t lock;
	struct tg_rules_findings *out;
	const struct tg_ruleset *rs;
	struct tg_rules_scratch **scratch; /* one per worker */
	size_t files, bytes;
};

static int collect_emit(struct tg_sink *s, struct tg_item *it)
{
	struct collect *c = s->data;
	struct tg_rules_findings *out = c->out;

	tg_item_redact(it); /* as the backlog does: `rules scan` prints these */
	pthread_mutex_lock(&c->lock);
	TG_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
	out->v[out->nr++] = *it;
	tg_item_init(it);
	pthread_mutex_unlock(&c->lock);
	return TG_OK;
}

static int scan_file(const struct tg_walk_file *f, void *arg)
{
	struct collect *c = arg;

	__atomic_add_fetch(&c->files, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&c->bytes, f->len, __ATOMIC_RELAXED);
	return tg_rules_scan(c->rs, c->scratch[f->worker], NULL, f->path, f->data, f->len,
	                     &c->sink);
}

/* A file named on the command line is read as is, binaries (models) too. */
static int scan_one(struct collect *c, const char *path)
{
	struct tg_buf b = TG_BUF_INIT;
	int rc = tg_buf_read_file(&b, path);

	if (!rc)
		rc = tg_rules_scan(c->rs, c->scratch[0], NULL, path, (const unsigned char *)b.buf,
		                   b.len, &c->sink);
	c->files++, c->bytes += b.len;
	tg_buf_release(&b);
	return rc;
}

int tg_rules_scan_tree(const struct tg_ruleset *rs, const struct tg_walk_opts *opts,
                       struct tg_rules_findings *out)
{
	struct collect c = {.sink = {collect_emit, NULL},
	                    .lock = PTHREAD_MUTEX_INITIALIZER,
	                    .out = out,
	                    .rs = rs};
	struct tg_walk_opts wo = *opts;
	struct tg_walk_stats st = TG_WALK_STATS_INIT;
	struct stat sb;
	int is_file = !stat(opts->root, &sb) && S_ISREG(sb.st_mode);
	int rc, n = is_file ? 1 : tg_walk_workers(opts), i;

	c.sink.data = &c;
	wo.workers = n;
	c.scratch = tg_calloc((size_t)n, sizeof(*c.scratch));
	for (i = 0; i < n; i++)
		c.scratch[i] = tg_rules_scratch_new(rs);
	if (is_file)
		rc = scan_one(&c, opts->root);
	else
		rc = tg_walk_run(&wo, scan_file, &c, &st);
	for (i = 0; i < n; i++)
		tg_rules_scratch_free(c.scratch[i]);
	free(c.scratch);
	tg_walk_stats_release(&st);
	pthread_mutex_destroy(&c.lock);
	out->files += c.files;
	out->bytes += c.bytes;
	return rc;
}

static int by_place(const void *x, const void *y)
{
	const struct tg_item *a = x, *b = y;
	int d = strcmp(a->path, b->path);

	if (d)
		return d;
	if (a->start_line != b->start_line)
		return a->start_line - b->start_line;
	if (a->start_column != b->start_column)
		return a->start_column - b->start_column;
	return strcmp(a->rule_id, b->rule_id);
}

void tg_rules_findings_sort(struct tg_rules_findings *f)
{
	if (f->nr)
		qsort(f->v, f->nr, sizeof(*f->v), by_place);
}

void tg_rules_findings_release(struct tg_rules_findings *f)
{
	for (size_t i = 0; i < f->nr; i++)
		tg_item_release(&f->v[i]);
	free(f->v);
	*f = (struct tg_rules_findings)TG_RULES_FINDINGS_INIT;
}
