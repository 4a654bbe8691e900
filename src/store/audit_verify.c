/*
 * The audit trail's check, and the move of the old execution log into it.
 *
 * verify reads the rows in id order and stops at the first that breaks the
 * chain: an entry whose hash is not its content's was altered; one whose
 * previous hash is a later entry's was moved; one whose previous hash is no
 * entry's follows a gap, where entries were removed. Removed entries at the
 * end leave no gap, but AUTOINCREMENT's sqlite_sequence remembers the
 * highest id ever given.
 */
#include "store/audit.h"

#include "util/alloc.h"
#include "util/beneath.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/json.h"
#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct link {
	int64_t id;
	int altered;
	char action[48];
	char prev[TG_SHA256_HEX], hash[TG_SHA256_HEX];
};

struct walk {
	struct tg_audit_check *c;
	struct link *links;
	size_t nr, alloc;
};

static void copy_hash(char out[TG_SHA256_HEX], const char *h)
{
	snprintf(out, TG_SHA256_HEX, "%s", h ? h : "");
}

static void broken(struct tg_audit_check *c, int64_t id, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static void broken(struct tg_audit_check *c, int64_t id, const char *fmt, ...)
{
	va_list ap;

	c->broken_id = id;
	va_start(ap, fmt);
	tg_buf_vaddf(&c->problem, fmt, ap);
	va_end(ap);
}

/* Where the previous hash h is found among the entries read, or -1. */
static long find_hash(const struct walk *w, const char *h)
{
	for (size_t i = 0; i < w->nr; i++)
		if (!strcmp(w->links[i].hash, h))
			return (long)i;
	return -1;
}

/* Reads one entry's link and whether its content still matches its hash. */
static int read_link(const struct tg_audit_entry *e, void *arg)
{
	struct walk *w = arg;
	struct link *l;
	char want[TG_SHA256_HEX];
	int rc = tg_audit_entry_hash(e, want);

	if (rc)
		return rc;
	TG_ALLOC_GROW(w->links, w->nr + 1, w->alloc);
	l = &w->links[w->nr++];
	l->id = e->id;
	l->altered = !e->hash || strcmp(want, e->hash);
	snprintf(l->action, sizeof(l->action), "%s", e->action ? e->action : "no action");
	copy_hash(l->prev, e->prev_hash);
	copy_hash(l->hash, e->hash);
	return 0;
}

/* Why entry i's previous hash is not entry i-1's hash. */
static void explain_link(struct walk *w, size_t i)
{
	struct link *l = &w->links[i];
	long at = find_hash(w, l->prev);

	if (at > (long)i)
		broken(w->c, l->id, "entry %lld is out of order: it was written after entry %lld",
		       (long long)l->id, (long long)w->links[at].id);
	else if (!strcmp(l->prev, tg_audit_genesis))
		broken(w->c, l->id, "entry %lld is out of order: it was written first",
		       (long long)l->id);
	else if (i && l->id != w->links[i - 1].id + 1)
		broken(w->c, l->id, "entries were removed between entry %lld and entry %lld",
		       (long long)w->links[i - 1].id, (long long)l->id);
	else if (i)
		broken(w->c, w->links[i - 1].id,
		       "entry %lld was altered and given a new hash: entry %lld does not follow it",
		       (long long)w->links[i - 1].id, (long long)l->id);
	else
		broken(w->c, l->id, "entries were removed before entry %lld", (long long)l->id);
}

static int64_t highest_id_given(sqlite3 *db)
{
	sqlite3_stmt *s = NULL;
	int64_t seq = 0;

	if (sqlite3_prepare_v2(db, "SELECT seq FROM sqlite_sequence WHERE name = 'audit'", -1, &s,
	                       NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		seq = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return seq;
}

/* The first entry that breaks the chain, into c. */
static void walk_chain(struct walk *w)
{
	for (size_t i = 0; i < w->nr && !w->c->broken_id; i++) {
		const struct link *l = &w->links[i];
		const char *expect = i ? w->links[i - 1].hash : tg_audit_genesis;
		if (l->altered)
			broken(w->c, l->id,
			       "entry %lld (%s) was altered: its content does not match its hash",
			       (long long)l->id, l->action);
		else if (strcmp(l->prev, expect))
			explain_link(w, i);
	}
}

int tg_audit_verify(struct tg_store *st, struct tg_audit_check *c)
{
	struct walk w = {c, NULL, 0, 0};
	int64_t last, seq;
	int rc;

	memset(c, 0, sizeof(*c));
	tg_buf_init(&c->problem, 0);
	rc = tg_audit_each(st, read_link, &w);
	c->entries = w.nr;
	if (!rc)
		walk_chain(&w);
	last = w.nr ? w.links[w.nr - 1].id : 0;
	copy_hash(c->head, w.nr ? w.links[w.nr - 1].hash : tg_audit_genesis);
	if (!rc && !c->broken_id && (seq = highest_id_given(tg_store_db(st))) > last) {
		if (last)
			broken(c, last,
			       "entries after entry %lld were removed (ids up to %lld were given)",
			       (long long)last, (long long)seq);
		else
			broken(c, seq, "every entry was removed (ids up to %lld were given)",
			       (long long)seq);
	}
	free(w.links);
	return rc;
}

void tg_audit_check_release(struct tg_audit_check *c)
{
	tg_buf_release(&c->problem);
}
