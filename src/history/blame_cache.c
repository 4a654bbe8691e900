/*
 * Blames kept in the store (table blame_cache): blame walks a file's whole
 * history and was the main cost of a rerun over an unchanged repository
 * (redis: 40 files, ~20 s). A file's blame at HEAD changes only when its
 * bytes do (its blob id) or what names the authors does (the mailmap, the
 * bots, .git-blame-ignore-revs, terragon's version): that is the key. A
 * history rewritten under an unchanged blob keeps its blame until the file
 * changes, which is the price of not walking history to check.
 *
 * The same rows keep the recent-change blames (`git blame --since`,
 * history/recent.c) under kind 2 of the copies column (0: plain, 1: -C):
 * their lines' commits, and the window's start. A stored window that
 * starts no later than the one asked serves it: the commits inside the new
 * window are the same, and the ones before it are filtered out by time
 * (recent.c's counted()), so new commits elsewhere do not blame again.
 */
#include "history/blame.h"

#include "history/gitlog.h"
#include "history/model_int.h"

#include "store/store.h"
#include "util/alloc.h"
#include "util/beneath.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/log.h"
#include "version.h"

#include <stdlib.h>
#include <string.h>

/* What a row holds, in the copies column. */
enum { KIND_PLAIN, KIND_COPIES, KIND_SINCE, KINDS };

struct memo_entry {
	char *path;
	char blob[41]; /* at the history's head; "" when unknown (not blamed from store) */
	struct tg_buf data[KINDS]; /* per kind: the stored blame (have) or the fresh one (ran) */
	int have[KINDS], ran[KINDS];
};

struct tg_blame_memo {
	struct memo_entry *v;
	size_t nr;
	char settings[17];
	const char *what; /* names the blames in --debug */
	long ran, served;
};

#define BLAME_MAGIC "TGBLAME1"
#define SINCE_MAGIC "TGBLAMS1"

static void put64(struct tg_buf *b, int64_t v)
{
	tg_buf_add(b, &v, sizeof(v));
}

static void put32(struct tg_buf *b, int32_t v)
{
	tg_buf_add(b, &v, sizeof(v));
}

void tg_blame_encode(const struct tg_blame_parser *p, struct tg_buf *out)
{
	size_t i;

	tg_buf_add(out, BLAME_MAGIC, 8);
	put64(out, (int64_t)p->commits_nr);
	for (i = 0; i < p->commits_nr; i++) {
		const struct tg_blame_commit *c = &p->commits[i];

		tg_buf_add(out, c->author ? c->author : "", strlen(c->author ? c->author : "") + 1);
		tg_buf_add(out, c->email ? c->email : "", strlen(c->email ? c->email : "") + 1);
		put64(out, c->time);
		put64(out, c->lines);
	}
}

static const char *take_str(const unsigned char **p, const unsigned char *end)
{
	const unsigned char *z = *p < end ? memchr(*p, 0, (size_t)(end - *p)) : NULL;
	const char *s = (const char *)*p;

	if (!z)
		return NULL;
	*p = z + 1;
	return s;
}

static int take64(const unsigned char **p, const unsigned char *end, int64_t *v)
{
	if (end - *p < 8)
		return -1;
	memcpy(v, *p, 8);
	*p += 8;
	return 0;
}

static int take32(const unsigned char **p, const unsigned char *end, int32_t *v)
{
	if (end - *p < 4)
		return -1;
	memcpy(v, *p, 4);
	*p += 4;
	return 0;
}

int tg_blame_decode(const void *data, size_t len, struct tg_blame_parser *p)
{
	const unsigned char *q = data, *end = q + len;
	int64_t n, i;

	tg_blame_init(p);
	if (len < 16 || memcmp(q, BLAME_MAGIC, 8))
		return tg_error_set(TG_ERR_INPUT, "stored blame: not one");
	q += 8;
	if (take64(&q, end, &n) || n < 0 || n > (int64_t)len)
		return tg_error_set(TG_ERR_INPUT, "stored blame: damaged");
	for (i = 0; i < n; i++) {
		const char *author = take_str(&q, end), *email = author ? take_str(&q, end) : NULL;
		struct tg_blame_commit *c;
		int64_t t, lines;

		if (!email || take64(&q, end, &t) || take64(&q, end, &lines) || lines < 0 ||
		    lines > ((int64_t)1 << 40)) {
			tg_blame_release(p);
			tg_blame_init(p);
			return tg_error_set(TG_ERR_INPUT, "stored blame: damaged");
		}
		TG_ALLOC_GROW(p->commits, p->commits_nr + 1, p->commits_alloc);
		c = &p->commits[p->commits_nr++];
		c->author = tg_strdup(author);
		c->email = tg_strdup(email);
		c->time = t;
		c->lines = (long)lines;
	}
	if (q != end) {
		tg_blame_release(p);
		tg_blame_init(p);
		return tg_error_set(TG_ERR_INPUT, "stored blame: damaged");
	}
	return TG_OK;
}

/*
 * A recent-change blame: the window's start, each commit with whether it is
 * a boundary or a fix, then each line's commit.
 */
void tg_blame_encode_since(const struct tg_blame_parser *p, int64_t since, struct tg_buf *out)
{
	size_t i;

	tg_buf_add(out, SINCE_MAGIC, 8);
	put64(out, since);
	put64(out, (int64_t)p->commits_nr);
	for (i = 0; i < p->commits_nr; i++) {
		const struct tg_blame_commit *c = &p->commits[i];

		tg_buf_add(out, c->author ? c->author : "", strlen(c->author ? c->author : "") + 1);
		tg_buf_add(out, c->email ? c->email : "", strlen(c->email ? c->email : "") + 1);
		put64(out, c->time);
		put64(out, c->lines);
		put64(out, (c->boundary ? 1 : 0) | (c->fix ? 2 : 0));
	}
	put64(out, p->lines);
	for (i = 0; i < (size_t)p->lines; i++)
		put32(out, (int32_t)p->line_commit[i]);
}

static int since_commits(const unsigned char **q, const unsigned char *end, int64_t n,
                         struct tg_blame_parser *p)
{
	int64_t i;

	for (i = 0; i < n; i++) {
		const char *author = take_str(q, end), *email = author ? take_str(q, end) : NULL;
		struct tg_blame_commit *c;
		int64_t t, lines, flags;

		if (!email || take64(q, end, &t) || take64(q, end, &lines) ||
		    take64(q, end, &flags) || lines < 0 || lines > ((int64_t)1 << 40) ||
		    flags < 0 || flags > 3)
			return -1;
		TG_ALLOC_GROW(p->commits, p->commits_nr + 1, p->commits_alloc);
		c = &p->commits[p->commits_nr++];
		c->author = tg_strdup(author);
		c->email = tg_strdup(email);
		c->time = t;
		c->lines = (long)lines;
		c->boundary = (int)(flags & 1);
		c->fix = (int)(flags >> 1);
	}
	return 0;
}

int tg_blame_decode_since(const void *data, size_t len, int64_t *since, struct tg_blame_parser *p)
{
	const unsigned char *q = data, *end = q + len;
	int64_t n, lines, i;
	int32_t c;

	tg_blame_init(p);
	p->want_lines = 1;
	if (len < 24 || memcmp(q, SINCE_MAGIC, 8))
		return tg_error_set(TG_ERR_INPUT, "stored blame: not a recent-change one");
	q += 8;
	if (take64(&q, end, since) || take64(&q, end, &n) || n < 0 || n > (int64_t)len ||
	    since_commits(&q, end, n, p) || take64(&q, end, &lines) || lines < 0 ||
	    lines > (int64_t)(end - q) / 4)
		goto damaged;
	p->line_commit = tg_malloc(((size_t)lines + 1) * sizeof(*p->line_commit));
	p->line_commit_alloc = (size_t)lines + 1;
	for (i = 0; i < lines; i++) {
		if (take32(&q, end, &c) || c < 0 || (int64_t)c >= n)
			goto damaged;
		p->line_commit[i] = c;
	}
	p->lines = (long)lines;
	if (q == end)
		return TG_OK;
damaged:
	tg_blame_release(p);
	tg_blame_init(p);
	return tg_error_set(TG_ERR_INPUT, "stored blame: damaged");
}

/* What names a blame's authors besides the file: hashed with the history's own key. */
static void memo_settings(const struct tg_history *h, char out[17])
{
	struct tg_hasher hs;
	struct tg_buf ignore = TG_BUF_INIT;

	tg_hasher_init(&hs);
	tg_hasher_adds(&hs, TG_VERSION);
	tg_hasher_adds(&hs, h->cache_key);
	if (tg_beneath_read_file(&ignore, h->root, ".git-blame-ignore-revs") != TG_OK)
		tg_error_clear();
	tg_hasher_add(&hs, ignore.buf, ignore.len);
	tg_hash_hex(tg_hasher_finish(&hs), out);
	tg_buf_release(&ignore);
}

/* Each path's blob id at the history's head, from one `git ls-tree -z`. */
static void memo_blobs(const struct tg_history *h, struct tg_blame_memo *m)
{
	const char **args = tg_calloc(m->nr + 5, sizeof(*args));
	struct tg_buf out = TG_BUF_INIT;
	size_t i, n = 0, j;

	args[n++] = "ls-tree";
	args[n++] = "-z";
	args[n++] = h->head;
	args[n++] = "--";
	for (i = 0; i < m->nr; i++)
		args[n++] = m->v[i].path;
	if (tg_git_capture(h->root, args, &out) == 0) {
		const char *p = out.buf, *end = out.buf + out.len;

		while (p < end) {
			const char *tab = memchr(p, '\t', (size_t)(end - p)), *path, *sp;
			size_t plen = tab ? strnlen(tab + 1, (size_t)(end - tab - 1)) : 0;

			if (!tab)
				break;
			path = tab + 1;
			sp = memrchr(p, ' ', (size_t)(tab - p));
			for (j = 0; sp && tab - sp - 1 == 40 && j < m->nr; j++)
				if (strlen(m->v[j].path) == plen &&
				    !memcmp(m->v[j].path, path, plen))
					memcpy(m->v[j].blob, sp + 1, 40);
			p = path + plen + 1;
		}
	}
	tg_error_clear();
	tg_buf_release(&out);
	free(args);
}

static void memo_read(const struct tg_history *h, struct tg_blame_memo *m)
{
	sqlite3 *db = tg_store_db(h->opts.store);
	sqlite3_stmt *q = NULL;
	size_t i;

	if (sqlite3_prepare_v2(db,
	                       "SELECT copies, data FROM blame_cache"
	                       " WHERE path = ? AND blob = ? AND settings = ?",
	                       -1, &q, NULL) != SQLITE_OK)
		return; /* an older store: the migration is not there yet */
	for (i = 0; i < m->nr; i++) {
		struct memo_entry *e = &m->v[i];

		if (!e->blob[0])
			continue;
		sqlite3_reset(q);
		sqlite3_bind_text(q, 1, e->path, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, e->blob, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 3, m->settings, -1, SQLITE_STATIC);
		while (sqlite3_step(q) == SQLITE_ROW) {
			int c = sqlite3_column_int(q, 0);

			if (c < 0 || c >= KINDS)
				continue;

			tg_buf_reset(&e->data[c]);
			tg_buf_add(&e->data[c], sqlite3_column_blob(q, 1),
			           (size_t)sqlite3_column_bytes(q, 1));
			e->have[c] = 1;
		}
	}
	sqlite3_finalize(q);
}

struct tg_blame_memo *tg_blame_memo_load(const struct tg_history *h, const char *const *paths,
                                         size_t nr, const char *what)
{
	struct tg_blame_memo *m;
	size_t i;
	int c;

	if (!h->opts.store || !h->cache_key || !h->head[0])
		return NULL;
	m = tg_calloc(1, sizeof(*m));
	m->v = tg_calloc(nr + 1, sizeof(*m->v));
	m->nr = nr;
	m->what = what;
	for (i = 0; i < nr; i++) {
		m->v[i].path = tg_strdup(paths[i]);
		for (c = 0; c < KINDS; c++)
			tg_buf_init(&m->v[i].data[c], 0);
	}
	memo_settings(h, m->settings);
	if (nr) {
		memo_blobs(h, m);
		memo_read(h, m);
	}
	return m;
}

static struct memo_entry *memo_find(struct tg_blame_memo *m, const char *path)
{
	size_t i;

	for (i = 0; m && i < m->nr; i++)
		if (!strcmp(m->v[i].path, path))
			return &m->v[i];
	return NULL;
}

int tg_history_blame_memo(const struct tg_history *h, struct tg_blame_memo *m, const char *path,
                          int copies, struct tg_history_blame *out)
{
	struct memo_entry *e = memo_find(m, path);
	struct tg_blame_parser p;
	int c = copies ? KIND_COPIES : KIND_PLAIN, rc;

	if (!e)
		return tg_history_blame(h, path, copies, out);
	if (e->have[c]) {
		if (tg_blame_decode(e->data[c].buf, e->data[c].len, &p) == TG_OK) {
			history_blame_summarise(h, &p, out);
			tg_blame_release(&p);
			__atomic_fetch_add(&m->served, 1, __ATOMIC_RELAXED);
			return TG_OK;
		}
		tg_warn("%s: a stored blame of %s is damaged; blaming it again",
		        tg_store_path(h->opts.store), path);
		tg_error_clear();
	}
	__atomic_fetch_add(&m->ran, 1, __ATOMIC_RELAXED);
	memset(out, 0, sizeof(*out));
	tg_blame_init(&p);
	rc = tg_blame_run(h->root, h->head, path, copies, &p);
	if (rc == TG_OK) {
		history_blame_summarise(h, &p, out);
		if (e->blob[0]) {
			tg_buf_reset(&e->data[c]);
			tg_blame_encode(&p, &e->data[c]);
			e->ran[c] = 1;
		}
	} else {
		tg_error_prefix(rc, "%s", path);
	}
	tg_blame_release(&p);
	return rc;
}

int tg_history_blame_since_memo(const struct tg_history *h, struct tg_blame_memo *m,
                                const char *path, int64_t since, struct tg_blame_parser *p)
{
	struct memo_entry *e = memo_find(m, path);
	const char *rev = h->head[0] ? h->head : "HEAD";
	int64_t stored;
	int rc;

	if (e && e->have[KIND_SINCE]) {
		rc = tg_blame_decode_since(e->data[KIND_SINCE].buf, e->data[KIND_SINCE].len,
		                           &stored, p);
		if (rc == TG_OK && stored <= since) {
			__atomic_fetch_add(&m->served, 1, __ATOMIC_RELAXED);
			return TG_OK;
		}
		/* A window that starts later than this one's (a history gone back) lacks commits.
		 */
		if (rc)
			tg_warn("%s: a stored blame of %s is damaged; blaming it again",
			        tg_store_path(h->opts.store), path);
		tg_error_clear();
		tg_blame_release(p);
	}
	if (m)
		__atomic_fetch_add(&m->ran, 1, __ATOMIC_RELAXED);
	tg_blame_init(p);
	p->want_lines = 1;
	rc = tg_blame_run_since(h->root, rev, path, since, p);
	if (rc == TG_OK && e && e->blob[0]) {
		tg_buf_reset(&e->data[KIND_SINCE]);
		tg_blame_encode_since(p, since, &e->data[KIND_SINCE]);
		e->ran[KIND_SINCE] = 1;
	}
	return rc;
}

static int memo_write(const struct tg_history *h, struct tg_blame_memo *m)
{
	struct tg_store *st = h->opts.store;
	sqlite3_stmt *q = NULL;
	size_t i;
	int c, rc = tg_store_begin(st);

	if (rc)
		return rc;
	if (sqlite3_prepare_v2(
	            tg_store_db(st),
	            "INSERT OR REPLACE INTO blame_cache (path, copies, blob, settings, data)"
	            " VALUES (?, ?, ?, ?, ?)",
	            -1, &q, NULL) != SQLITE_OK) {
		rc = tg_store_sql_error(st, "saving blames");
		tg_store_rollback(st);
		return rc;
	}
	for (i = 0; i < m->nr && !rc; i++)
		for (c = 0; c < KINDS && !rc; c++) {
			struct memo_entry *e = &m->v[i];

			if (!e->ran[c])
				continue;
			sqlite3_reset(q);
			sqlite3_bind_text(q, 1, e->path, -1, SQLITE_STATIC);
			sqlite3_bind_int(q, 2, c);
			sqlite3_bind_text(q, 3, e->blob, -1, SQLITE_STATIC);
			sqlite3_bind_text(q, 4, m->settings, -1, SQLITE_STATIC);
			sqlite3_bind_blob64(q, 5, e->data[c].buf, e->data[c].len, SQLITE_STATIC);
			if (sqlite3_step(q) != SQLITE_DONE)
				rc = tg_store_sql_error(st, "saving blames");
		}
	sqlite3_finalize(q);
	if (rc)
		tg_store_rollback(st);
	else
		rc = tg_store_commit(st);
	return rc;
}

void tg_blame_memo_save(const struct tg_history *h, struct tg_blame_memo *m)
{
	size_t i;
	int c;

	if (!m) {
		tg_debug("blame: ran (every time, no store)");
		return;
	}
	tg_debug("%s ran %ld, reused %ld from the store", m->what, m->ran, m->served);
	if (m->ran && memo_write(h, m) != TG_OK) {
		tg_warn("%s not saved in the store: %s", m->what, tg_error_message());
		tg_error_clear();
	}
	for (i = 0; i < m->nr; i++) {
		free(m->v[i].path);
		for (c = 0; c < KINDS; c++)
			tg_buf_release(&m->v[i].data[c]);
	}
	free(m->v);
	free(m);
}
