/*
 * serve's compact backlog index (index.h). Items are read one at a time and
 * cut down to what ranking needs before the next is read, so a reload of
 * 100,000 items never holds their text; they are then ordered exactly as the
 * `backlog` command orders them (tg_backlog_sort), and cut down again.
 */
#include "serve/index.h"

#include "backlog/backlog.h"
#include "backlog/persist.h"
#include "store/sql.h"
#include "util/alloc.h"
#include "util/error.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>

/* The page JSON kept per index; beyond it, pages are made from the store each time. */
#define JSON_CACHE_MAX ((size_t)32 << 20)

struct load {
	struct tg_backlog b;
	const atomic_int *stop;
};

/* Drops what neither the order nor the filters read: the text, the places, the links. */
static int keep_slim(struct tg_item *it, void *arg)
{
	struct load *l = arg;
	char **text[] = {&it->title,          &it->message,
	                 &it->evidence,       &it->fix,
	                 &it->not_rescanned,  &it->controls,
	                 &it->links.cwe,      &it->links.cve,
	                 &it->links.ghsa,     &it->links.fixed_version,
	                 &it->links.rule_doc, &it->links.commit};

	for (size_t i = 0; i < sizeof(text) / sizeof(*text); i++) {
		free(*text[i]);
		*text[i] = NULL;
	}
	tg_item_clear_occurrences(it);
	tg_backlog_add(&l->b, it);
	if (atomic_load(l->stop))
		return tg_error_set(TG_ERR_RUN, "serve: reading the backlog stopped");
	return TG_OK;
}

static const char *intern(struct tg_api_index *ix, const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < ix->categories_nr; i++)
		if (!strcmp(ix->categories[i], name))
			return ix->categories[i];
	ix->categories = tg_realloc(ix->categories, (ix->categories_nr + 1) * sizeof(char *));
	return ix->categories[ix->categories_nr++] = tg_strdup(name);
}

int tg_api_index_load(sqlite3 *db, int version, const atomic_int *stop, struct tg_api_index **out)
{
	struct load l = {.stop = stop};
	struct tg_api_index *ix = tg_calloc(1, sizeof(*ix));
	struct tg_sql *q;
	int rc;

	*out = NULL;
	atomic_init(&ix->refs, 1);
	atomic_init(&ix->json_bytes, 0);
	ix->version = version;
	tg_backlog_init(&l.b);
	q = tg_sql_wrap_sqlite(db, NULL); /* the readers' SQL layer */
	rc = tg_persist_each_open(q, keep_slim, &l);
	if (!rc)
		rc = tg_persist_fingerprints(q, &ix->fps, &ix->fps_nr);
	tg_sql_close(q);
	if (!rc) {
		tg_backlog_sort(&l.b);
		ix->open = tg_calloc(l.b.nr + 1, sizeof(*ix->open));
		ix->json = tg_calloc(l.b.nr + 1, sizeof(*ix->json));
		for (size_t i = 0; i < l.b.nr; i++) {
			struct tg_item *it = &l.b.items[i];
			struct tg_api_entry *e = &ix->open[i];
			memcpy(e->fingerprint, it->fingerprint, sizeof(e->fingerprint));
			e->severity = (unsigned char)it->severity;
			e->tier = (unsigned char)tg_item_tier(it);
			e->composite = it->scores.composite;
			e->category = intern(ix, it->category);
			e->path = it->path ? tg_strdup(it->path) : NULL;
		}
		ix->open_nr = l.b.nr;
	}
	tg_backlog_release(&l.b);
	malloc_trim(0); /* the items read are gone: give their pages back */
	if (rc) {
		tg_api_index_unref(ix);
		return rc;
	}
	*out = ix;
	return TG_OK;
}

struct tg_api_index *tg_api_index_ref(struct tg_api_index *ix)
{
	if (ix)
		atomic_fetch_add(&ix->refs, 1);
	return ix;
}

void tg_api_index_unref(struct tg_api_index *ix)
{
	if (!ix || atomic_fetch_sub(&ix->refs, 1) != 1)
		return;
	for (size_t i = 0; i < ix->open_nr; i++) {
		free(ix->open[i].path);
		free(atomic_load(&ix->json[i]));
	}
	for (size_t i = 0; i < ix->categories_nr; i++)
		free(ix->categories[i]);
	free(ix->categories);
	free(ix->open);
	free((void *)ix->json);
	free(ix->fps);
	free(ix);
	malloc_trim(0);
}

const char *tg_api_index_keep_json(struct tg_api_index *ix, size_t i, char *json, int *owned)
{
	size_t len = strlen(json) + 1;
	char *none = NULL;

	*owned = 0;
	if (atomic_fetch_add(&ix->json_bytes, len) + len > JSON_CACHE_MAX) {
		atomic_fetch_sub(&ix->json_bytes, len);
		*owned = 1;
		return json;
	}
	if (atomic_compare_exchange_strong(&ix->json[i], &none, json))
		return json;
	/* another request made it first: use that one */
	atomic_fetch_sub(&ix->json_bytes, len);
	free(json);
	return none;
}
