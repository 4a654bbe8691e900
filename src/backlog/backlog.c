#include "backlog/backlog.h"

#include "util/alloc.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

static void index_add(struct tg_backlog *b, size_t pos)
{
	const char *fp = b->items[pos].fingerprint;

	tg_hashmap_put(&b->index, fp, strlen(fp), NULL)->val.u64 = pos;
}

/* After the items moved (sorted, filtered): each fingerprint's new position. */
static void index_rebuild(struct tg_backlog *b)
{
	size_t i;

	tg_hashmap_release(&b->index);
	for (i = 0; i < b->nr; i++)
		index_add(b, i);
}

void tg_backlog_init(struct tg_backlog *b)
{
	memset(b, 0, sizeof(*b));
	pthread_mutex_init(&b->lock, NULL);
}

void tg_backlog_release(struct tg_backlog *b)
{
	size_t i;

	for (i = 0; i < b->nr; i++)
		tg_item_release(&b->items[i]);
	free(b->items);
	tg_hashmap_release(&b->index);
	pthread_mutex_destroy(&b->lock);
	memset(b, 0, sizeof(*b));
}

/* Every item enters the backlog here, from a source or from the store: redacted once. */
void tg_backlog_add(struct tg_backlog *b, struct tg_item *it)
{
	tg_item_redact(it);
	pthread_mutex_lock(&b->lock);
	if (tg_hashmap_get(&b->index, it->fingerprint, strlen(it->fingerprint))) {
		b->duplicates++;
		tg_item_release(it);
		pthread_mutex_unlock(&b->lock);
		return;
	}
	TG_ALLOC_GROW(b->items, b->nr + 1, b->alloc);
	b->items[b->nr] = *it;
	tg_item_init(it);
	index_add(b, b->nr);
	b->nr++;
	pthread_mutex_unlock(&b->lock);
}

static int sink_emit(struct tg_sink *sink, struct tg_item *it)
{
	tg_backlog_add(sink->data, it);
	return TG_OK;
}

struct tg_sink tg_backlog_sink(struct tg_backlog *b)
{
	struct tg_sink s = {sink_emit, b};
	return s;
}

void tg_backlog_score(struct tg_backlog *b, const struct tg_score_model *m,
                      double (*change_rate)(const char *path, void *arg), void *arg)
{
	size_t i;

	for (i = 0; i < b->nr; i++) {
		struct tg_item *it = &b->items[i];
		/* A function's own rate, when discover knows it, is kept (discover/recent.c). */
		if (change_rate && it->path && it->change_rate < 0)
			it->change_rate = change_rate(it->path, arg);
		tg_score_defaults(m, it);
		tg_score_item(m, it, it->change_rate, NULL);
	}
	tg_backlog_sort(b);
}

void tg_backlog_sort(struct tg_backlog *b)
{
	tg_backlog_order(b);
	index_rebuild(b);
}

void tg_backlog_retain(struct tg_backlog *b, int (*keep)(const struct tg_item *it, void *arg),
                       void *arg)
{
	size_t i, n = 0;

	for (i = 0; i < b->nr; i++) {
		if (keep(&b->items[i], arg))
			b->items[n++] = b->items[i];
		else
			tg_item_release(&b->items[i]);
	}
	b->nr = n;
	index_rebuild(b);
}

struct tg_item *tg_backlog_find(struct tg_backlog *b, const char *prefix, int *status)
{
	size_t i, len = strlen(prefix);
	struct tg_item *found = NULL;

	*status = TG_OK;
	if (len < 6 || len > 16 || strspn(prefix, "0123456789abcdef") != len) {
		*status = tg_error_set(
		        TG_ERR_USAGE, "\"%s\": an item id is 6 to 16 lowercase hex digits", prefix);
		return NULL;
	}
	for (i = 0; i < b->nr; i++) {
		if (strncmp(b->items[i].fingerprint, prefix, len))
			continue;
		if (found) {
			*status = tg_error_set(TG_ERR_USAGE, "\"%s\" names more than one item",
			                       prefix);
			return NULL;
		}
		found = &b->items[i];
	}
	if (!found)
		*status = tg_error_set(TG_ERR_NOTFOUND, "no item %s", prefix);
	return found;
}

struct tg_source_run *tg_run_summary_add_source(struct tg_run_summary *s, const char *name)
{
	struct tg_source_run *r;

	TG_ALLOC_GROW(s->sources, s->sources_nr + 1, s->sources_alloc);
	r = &s->sources[s->sources_nr++];
	memset(r, 0, sizeof(*r));
	r->name = tg_strdup(name);
	r->coverage_pct = -1;
	return r;
}

void tg_source_run_not_read(struct tg_source_run *r, const char *path, const char *why)
{
	TG_ALLOC_GROW(r->not_read, r->not_read_nr + 1, r->not_read_alloc);
	r->not_read[r->not_read_nr].path = tg_strdup(path);
	r->not_read[r->not_read_nr++].why = tg_strdup(why);
}

void tg_run_summary_release(struct tg_run_summary *s)
{
	size_t i, j;

	for (i = 0; i < s->sources_nr; i++) {
		for (j = 0; j < s->sources[i].not_read_nr; j++) {
			free(s->sources[i].not_read[j].path);
			free(s->sources[i].not_read[j].why);
		}
		free(s->sources[i].not_read);
		free(s->sources[i].name);
		free(s->sources[i].error);
		tg_strlist_clear(&s->sources[i].covered);
		tg_strlist_clear(&s->sources[i].speaks_for);
	}
	for (i = 0; i < s->resolved_nr; i++)
		tg_item_release(&s->resolved[i]);
	free(s->resolved);
	tg_strlist_clear(&s->left_out);
	free(s->sources);
	free(s->repo_root);
	free(s->repo_name);
	free(s->head);
	tg_strlist_clear(&s->skipped);
	tg_strlist_clear(&s->not_rescanned);
	memset(s, 0, sizeof(*s));
}
