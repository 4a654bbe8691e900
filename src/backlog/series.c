/* The backlog after each run, replayed from item_events. */
#include "backlog/series.h"

#include "backlog/persist.h"

#include "store/store.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/hashmap.h"

#include <stdlib.h>
#include <string.h>

static int opens(const char *event)
{
	return !strcmp(event, "opened") || !strcmp(event, "reopened") ||
	       !strcmp(event, "unsuppressed");
}

/* The runs that changed the backlog, oldest first, one point each. */
static int load_runs(struct tg_sql *db, struct tg_run_series *out)
{
	struct tg_sql_stmt *s;
	int rc;

	if (tg_sql_prepare(db, &s,
	                   "SELECT id, started_at FROM runs WHERE command = 'discover' AND "
	                   "status = 'ok' ORDER BY id"))
		return tg_sql_error(db, "reading the runs");
	while ((rc = tg_sql_step(s)) == TG_SQL_ROW) {
		struct tg_run_point *p;
		TG_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
		p = &out->v[out->nr++];
		memset(p, 0, sizeof(*p));
		p->run_id = tg_sql_column_int64(s, 0);
		p->at = (time_t)tg_sql_column_int64(s, 1);
	}
	tg_sql_finalize(s);
	return rc == TG_SQL_DONE ? TG_OK : tg_sql_error(db, "reading the runs");
}

/* Adds or removes one item's weight from the point. */
static void count(struct tg_run_point *p, const struct tg_item *it, double sign)
{
	p->open += sign;
	if (it) {
		p->debt_minutes += sign * it->remediation_minutes;
		p->vulnerabilities +=
		        sign * (it->category && !strcmp(it->category, "vulnerability"));
	}
}

static int replay(struct tg_sql *db, const struct tg_backlog *all, struct tg_run_series *out)
{
	struct tg_hashmap open = TG_HASHMAP_INIT, items = TG_HASHMAP_INIT;
	struct tg_run_point cur = {0};
	struct tg_sql_stmt *s;
	size_t k;
	int rc;

	for (k = 0; k < all->nr; k++)
		tg_hashmap_put(&items, all->items[k].fingerprint, 16, NULL)->val.ptr =
		        &all->items[k];
	k = 0;
	if (tg_sql_prepare(db, &s,
	                   "SELECT fingerprint, run_id, event FROM item_events "
	                   "WHERE run_id IS NOT NULL ORDER BY run_id, id"))
		return tg_sql_error(db, "reading the state changes");
	while ((rc = tg_sql_step(s)) == TG_SQL_ROW) {
		const char *fp = tg_sql_column_text(s, 0);
		int64_t run = tg_sql_column_int64(s, 1);
		const char *ev = tg_sql_column_text(s, 2);
		struct tg_hashmap_entry *e;
		const struct tg_item *it;
		int added;
		while (k < out->nr && out->v[k].run_id < run) {
			cur.run_id = out->v[k].run_id;
			cur.at = out->v[k].at;
			out->v[k++] = cur;
			cur.opened = cur.resolved = 0;
		}
		if (!fp || !ev)
			continue;
		e = tg_hashmap_get(&items, fp, strlen(fp));
		it = e ? e->val.ptr : NULL;
		if (opens(ev)) {
			tg_hashmap_put(&open, fp, strlen(fp), &added);
			if (added) {
				count(&cur, it, 1);
				cur.opened++;
			}
		} else if (tg_hashmap_remove(&open, fp, strlen(fp))) {
			count(&cur, it, -1);
			cur.resolved++;
		}
	}
	while (k < out->nr) {
		cur.run_id = out->v[k].run_id;
		cur.at = out->v[k].at;
		out->v[k++] = cur;
		cur.opened = cur.resolved = 0;
	}
	tg_sql_finalize(s);
	tg_hashmap_release(&open);
	tg_hashmap_release(&items);
	return rc == TG_SQL_DONE ? TG_OK : tg_sql_error(db, "reading the state changes");
}

int tg_run_series_load(struct tg_sql *db, const struct tg_backlog *all, struct tg_run_series *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	rc = load_runs(db, out);
	if (!rc)
		rc = replay(db, all, out);
	if (rc)
		tg_run_series_release(out);
	return rc;
}

void tg_run_series_release(struct tg_run_series *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

void tg_backlog_open_copy(const struct tg_backlog *all, struct tg_backlog *open)
{
	size_t i;

	tg_backlog_init(open);
	for (i = 0; i < all->nr; i++) {
		const struct tg_item *it = &all->items[i];
		struct tg_item copy;
		if (it->status != TG_STATUS_OPEN && it->status != TG_STATUS_IN_PROGRESS)
			continue;
		tg_item_copy(&copy, it);
		tg_backlog_add(open, &copy);
	}
	tg_backlog_sort(open);
}

int tg_run_series_load_items(struct tg_sql *db, struct tg_backlog *all, struct tg_backlog *open,
                             struct tg_run_series *runs)
{
	int rc = tg_persist_load(db, all, 0);

	if (!rc) {
		tg_backlog_release(open);
		tg_backlog_open_copy(all, open);
		rc = tg_run_series_load(db, all, runs);
	}
	return rc;
}
