/*
 * The history kept in the store (table history_cache, migration 3): the last
 * commit read and the aggregates as one blob per set of options, so a rerun
 * reads only the commits after it. One blob rather than rows per file: a
 * rerun after a few commits must cost a few percent of a full read, and
 * rewriting every file's rows would not.
 */
#include "history/model_int.h"

#include "store/store.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int tg_history_cache_load(struct tg_history *older, const struct tg_history_opts *o,
                          const char *key);
int tg_history_cache_save(const struct tg_history *h, const char *key);

#define MAGIC "TGHISTv3"

static void put64(struct tg_buf *b, int64_t v)
{
	tg_buf_add(b, &v, sizeof(v));
}

static void put32(struct tg_buf *b, uint32_t v)
{
	tg_buf_add(b, &v, sizeof(v));
}

static void puts0(struct tg_buf *b, const char *s)
{
	tg_buf_add(b, s, strlen(s) + 1);
}

void tg_history_cache_encode(const struct tg_history *h, struct tg_buf *b)
{
	const struct tg_hashmap_entry *e;
	size_t i, j;
	uint32_t probe = 1;

	tg_buf_add(b, MAGIC, 8);
	put32(b, probe); /* the byte order it was written in */
	put32(b, (uint32_t)h->authors_nr);
	for (i = 0; i < h->authors_nr; i++) {
		puts0(b, h->authors[i].name);
		puts0(b, h->authors[i].email);
		put64(b, h->authors[i].last_time);
		put32(b, (uint32_t)h->authors[i].bot);
	}
	put32(b, (uint32_t)h->files_nr);
	for (i = 0; i < h->files_nr; i++) {
		const struct hfile *f = &h->files[i];

		puts0(b, f->path);
		put64(b, f->pub.revisions);
		put64(b, f->pub.added);
		put64(b, f->pub.deleted);
		put64(b, f->crevs);
		put64(b, f->pub.soc);
		put64(b, f->pub.first_time);
		put64(b, f->pub.last_time);
		put32(b, (uint32_t)f->au_nr);
		for (j = 0; j < f->au_nr; j++) {
			put32(b, f->au[j].author);
			put64(b, f->au[j].revs);
			put64(b, f->au[j].added);
			put64(b, f->au[j].deleted);
		}
		put32(b, (uint32_t)f->wt_have);
		put64(b, f->wt_size);
		put64(b, f->wt_mtime_ns);
		put64(b, f->wt_ino);
		put64(b, f->wt_cx);
		put32(b, (uint32_t)f->recent_nr);
		for (j = 0; j < (size_t)f->recent_nr; j++) {
			puts0(b, f->recent[j].hash);
			puts0(b, f->recent[j].path ? f->recent[j].path : "");
			put32(b, (uint32_t)f->recent[j].cx_have);
			put64(b, f->recent[j].cx);
		}
	}
	/* Each pair's key stored plus one, as v3 blobs always had it. */
	put32(b, (uint32_t)h->pairs.nr);
	tg_hashmap_for_each(&h->pairs, e) {
		put64(b, (int64_t)(e->key.u64 + 1));
		put32(b, (uint32_t)e->val.u64);
	}
}

struct reader {
	const unsigned char *p, *end;
	int bad;
};

/* Counts no history reaches: a blob holding one is damaged (and its sums would overflow). */
#define COUNT_MAX ((int64_t)1 << 40)

static int64_t get64(struct reader *r)
{
	int64_t v = 0;

	if (r->end - r->p < 8) {
		r->bad = 1;
		return 0;
	}
	memcpy(&v, r->p, 8);
	r->p += 8;
	return v;
}

static uint32_t get32(struct reader *r)
{
	uint32_t v = 0;

	if (r->end - r->p < 4) {
		r->bad = 1;
		return 0;
	}
	memcpy(&v, r->p, 4);
	r->p += 4;
	return v;
}

static int64_t get_count(struct reader *r)
{
	int64_t v = get64(r);

	if (v < 0 || v > COUNT_MAX)
		r->bad = 1;
	return v;
}

static const char *gets0(struct reader *r)
{
	const unsigned char *z = r->bad ? NULL : memchr(r->p, 0, (size_t)(r->end - r->p));
	const char *s = (const char *)r->p;

	if (!z) {
		r->bad = 1;
		return "";
	}
	r->p = z + 1;
	return s;
}

static void decode_file(struct tg_history *h, struct reader *r)
{
	size_t known = h->files_nr;
	uint32_t id = model_file(h, gets0(r)), n, j;
	struct hfile *f = &h->files[id]; /* after model_file, which may move h->files */

	if (id < known) { /* a path twice: its trend would overflow f->recent */
		r->bad = 1;
		return;
	}
	f->pub.revisions = get_count(r);
	f->pub.added = get_count(r);
	f->pub.deleted = get_count(r);
	f->crevs = get_count(r);
	f->pub.soc = get_count(r);
	f->pub.first_time = get64(r);
	f->pub.last_time = get64(r);
	n = get32(r);
	for (j = 0; j < n && !r->bad; j++) {
		uint32_t a = get32(r);
		long revs = (long)get_count(r), added = (long)get_count(r),
		     deleted = (long)get_count(r);

		if (a >= h->authors_nr) {
			r->bad = 1;
			return;
		}
		TG_ALLOC_GROW(f->au, f->au_nr + 1, f->au_alloc);
		f->au[f->au_nr].author = a;
		f->au[f->au_nr].revs = revs;
		f->au[f->au_nr].added = added;
		f->au[f->au_nr].deleted = deleted;
		f->au_nr++;
	}
	f->wt_have = (int)get32(r);
	f->wt_size = get64(r);
	f->wt_mtime_ns = get64(r);
	f->wt_ino = get64(r);
	f->wt_cx = (long)get64(r);
	n = get32(r);
	for (j = 0; j < n && j < TG_HOTSPOT_TREND && !r->bad; j++) {
		const char *hash = gets0(r), *path = gets0(r);

		snprintf(f->recent[j].hash, sizeof(f->recent[j].hash), "%s", hash);
		f->recent[j].path = *path ? tg_strdup(path) : NULL;
		f->recent[j].cx_have = (int)get32(r);
		f->recent[j].cx = (long)get64(r);
		f->recent_nr++;
	}
}

int tg_history_cache_decode(struct tg_history *h, const void *data, size_t len)
{
	struct reader r = {data, (const unsigned char *)data + len, 0};
	uint32_t n, i;

	if (len < 12 || memcmp(data, "TGHIST", 6))
		return -1;
	if (memcmp(data, MAGIC, 8))
		return -2; /* written by another version: not damaged, just not ours */
	r.p += 8;
	if (get32(&r) != 1)
		return -1;
	n = get32(&r);
	for (i = 0; i < n && !r.bad; i++) {
		const char *name = gets0(&r), *email = gets0(&r);
		int64_t t = get64(&r);
		uint32_t id = model_author(h, name, email, t);

		h->authors[id].bot = (int)get32(&r);
	}
	n = get32(&r);
	for (i = 0; i < n && !r.bad; i++)
		decode_file(h, &r);
	n = get32(&r);
	for (i = 0; i < n && !r.bad; i++) {
		uint64_t k = (uint64_t)get64(&r) - 1;
		uint32_t v = get32(&r), a = (uint32_t)(k >> 32), b = (uint32_t)k;

		if (a >= b || b >= h->files_nr) /* the model keeps pairs as a < b */
			r.bad = 1;
		else
			model_pair_add(h, a, b, v);
	}
	return r.bad || r.p != r.end ? -1 : 0;
}

int tg_history_cache_load(struct tg_history *older, const struct tg_history_opts *o,
                          const char *key)
{
	struct tg_store *st = o->store;
	sqlite3_stmt *q = NULL;
	int rc = TG_ERR_NOTFOUND;

	memset(older, 0, sizeof(*older));
	older->opts = *o;
	if (sqlite3_prepare_v2(
	            tg_store_db(st),
	            "SELECT head, partial, commits, data FROM history_cache WHERE key = ?", -1, &q,
	            NULL) != SQLITE_OK)
		return tg_store_sql_error(st, "reading the stored history");
	sqlite3_bind_text(q, 1, key, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(q) == SQLITE_ROW) {
		snprintf(older->head, sizeof(older->head), "%s",
		         (const char *)sqlite3_column_text(q, 0));
		older->partial = sqlite3_column_int(q, 1);
		int d = tg_history_cache_decode(older, sqlite3_column_blob(q, 3),
		                                (size_t)sqlite3_column_bytes(q, 3));

		if (d == -2) {
			model_release(older);
		} else if (d) {
			tg_warn("%s: the stored history is damaged; reading it again from git",
			        tg_store_path(st));
			model_release(older);
		} else {
			older->commits = sqlite3_column_int64(q, 2);
			rc = TG_OK;
		}
	}
	sqlite3_finalize(q);
	return rc;
}

int tg_history_cache_save(const struct tg_history *h, const char *key)
{
	struct tg_store *st = h->opts.store;
	struct tg_buf b = TG_BUF_INIT;
	sqlite3_stmt *q = NULL;
	int rc;

	tg_history_cache_encode(h, &b);
	rc = tg_store_begin(st);
	if (rc)
		goto out;
	if (sqlite3_prepare_v2(tg_store_db(st),
	                       "INSERT OR REPLACE INTO history_cache"
	                       " (key, head, partial, commits, updated_at, data)"
	                       " VALUES (?, ?, ?, ?, ?, ?)",
	                       -1, &q, NULL) != SQLITE_OK) {
		rc = tg_store_sql_error(st, "saving the history");
		tg_store_rollback(st);
		goto out;
	}
	sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, h->head, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 3, h->partial);
	sqlite3_bind_int64(q, 4, h->commits);
	sqlite3_bind_int64(q, 5, (sqlite3_int64)h->opts.now);
	sqlite3_bind_blob64(q, 6, b.buf, b.len, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_DONE) {
		rc = tg_store_sql_error(st, "saving the history");
		tg_store_rollback(st);
	} else {
		rc = tg_store_commit(st);
	}
	sqlite3_finalize(q);
out:
	tg_buf_release(&b);
	return rc;
}
