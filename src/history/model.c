#include "history/model.h"

#include "history/gitlog.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/hash.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void strmap_release(struct strmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

static size_t strmap_slot(const struct strmap *m, const char *key)
{
	size_t i = (size_t)tg_hash64(key, strlen(key)) & (m->cap - 1);

	while (m->keys[i] && strcmp(m->keys[i], key))
		i = (i + 1) & (m->cap - 1);
	return i;
}

long strmap_get(const struct strmap *m, const char *key)
{
	size_t i;

	if (!m->cap)
		return -1;
	i = strmap_slot(m, key);
	return m->keys[i] ? (long)m->vals[i] : -1;
}

static void strmap_grow(struct strmap *m)
{
	struct strmap old = *m;
	size_t i;

	m->cap = old.cap ? old.cap * 2 : 64;
	m->keys = tg_calloc(m->cap, sizeof(*m->keys));
	m->vals = tg_calloc(m->cap, sizeof(*m->vals));
	for (i = 0; i < old.cap; i++) {
		if (old.keys[i]) {
			size_t j = strmap_slot(m, old.keys[i]);
			m->keys[j] = old.keys[i];
			m->vals[j] = old.vals[i];
		}
	}
	free(old.keys);
	free(old.vals);
}

void strmap_put(struct strmap *m, const char *key, uint32_t val)
{
	size_t i;

	if ((m->nr + 1) * 4 > m->cap * 3)
		strmap_grow(m);
	i = strmap_slot(m, key);
	if (!m->keys[i]) {
		m->keys[i] = tg_strdup(key);
		m->nr++;
	}
	m->vals[i] = val;
}

void pairmap_release(struct pairmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

static size_t pair_slot(const struct pairmap *m, uint64_t key)
{
	size_t i = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20) & (m->cap - 1);

	while (m->keys[i] && m->keys[i] != key)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void pairmap_grow(struct pairmap *m)
{
	struct pairmap old = *m;
	size_t i;

	m->cap = old.cap ? old.cap * 2 : 1024;
	m->keys = tg_calloc(m->cap, sizeof(*m->keys));
	m->vals = tg_calloc(m->cap, sizeof(*m->vals));
	for (i = 0; i < old.cap; i++) {
		if (old.keys[i]) {
			size_t j = pair_slot(m, old.keys[i]);
			m->keys[j] = old.keys[i];
			m->vals[j] = old.vals[i];
		}
	}
	free(old.keys);
	free(old.vals);
}

void pairmap_add(struct pairmap *m, uint32_t a, uint32_t b, uint32_t n)
{
	uint64_t key;
	size_t i;

	if (a > b) {
		uint32_t t = a;
		a = b;
		b = t;
	}
	key = ((uint64_t)a << 32 | b) + 1;
	if ((m->nr + 1) * 4 > m->cap * 3)
		pairmap_grow(m);
	i = pair_slot(m, key);
	if (!m->keys[i]) {
		m->keys[i] = key;
		m->nr++;
	}
	m->vals[i] += n;
}

/* Case-insensitive, with '*' the only wildcard: bot names are full of brackets. */
static int bot_match(const char *pat, const char *s)
{
	if (*pat == '*') {
		while (*pat == '*')
			pat++;
		if (!*pat)
			return 1;
		for (; *s; s++)
			if (bot_match(pat, s))
				return 1;
		return 0;
	}
	if (!*pat)
		return !*s;
	return *s && tolower((unsigned char)*pat) == tolower((unsigned char)*s) &&
	       bot_match(pat + 1, s + 1);
}

static int is_bot(const struct tg_history *h, const char *name, const char *email)
{
	size_t i;

	if (!h->opts.bots)
		return 0;
	for (i = 0; i < h->opts.bots->nr; i++) {
		const char *g = h->opts.bots->v[i];
		if (bot_match(g, name) || bot_match(g, email))
			return 1;
	}
	return 0;
}

static int valid_utf8(const unsigned char *s)
{
	while (*s) {
		int n = *s < 0x80             ? 0
		        : (*s & 0xe0) == 0xc0 ? 1
		        : (*s & 0xf0) == 0xe0 ? 2
		        : (*s & 0xf8) == 0xf0 ? 3
		                              : -1;
		if (n < 0 || (n == 1 && *s < 0xc2))
			return 0;
		for (s++; n > 0; n--, s++)
			if ((*s & 0xc0) != 0x80)
				return 0;
	}
	return 1;
}

/*
 * Names from commits without an encoding header are raw bytes; the usual
 * non-UTF-8 case is Latin-1, so such a name is read as Latin-1 and kept as
 * UTF-8 (every output is UTF-8).
 */
static void author_name(const char *name, struct tg_buf *out)
{
	const unsigned char *s = (const unsigned char *)name;

	if (valid_utf8(s)) {
		tg_buf_adds(out, name);
		return;
	}
	for (; *s; s++) {
		if (*s < 0x80) {
			tg_buf_addch(out, *s);
		} else {
			tg_buf_addch(out, 0xc0 | (*s >> 6));
			tg_buf_addch(out, 0x80 | (*s & 0x3f));
		}
	}
}

uint32_t model_author(struct tg_history *h, const char *raw, const char *email, int64_t t)
{
	struct tg_buf nb = TG_BUF_INIT;
	const char *name;
	long id;
	struct hauthor *a;

	author_name(raw, &nb);
	name = nb.buf;
	id = strmap_get(&h->author_ids, name);

	if (id < 0) {
		TG_ALLOC_GROW(h->authors, h->authors_nr + 1, h->authors_alloc);
		a = &h->authors[h->authors_nr];
		a->name = tg_strdup(name);
		a->email = tg_strdup(email);
		a->last_time = t;
		a->bot = is_bot(h, name, email);
		strmap_put(&h->author_ids, name, (uint32_t)h->authors_nr);
		tg_buf_release(&nb);
		return (uint32_t)h->authors_nr++;
	}
	tg_buf_release(&nb);
	a = &h->authors[id];
	if (t > a->last_time)
		a->last_time = t;
	return (uint32_t)id;
}

uint32_t model_file(struct tg_history *h, const char *path)
{
	long id = strmap_get(&h->paths, path);
	struct hfile *f;

	if (id >= 0)
		return (uint32_t)id;
	TG_ALLOC_GROW(h->files, h->files_nr + 1, h->files_alloc);
	f = &h->files[h->files_nr];
	memset(f, 0, sizeof(*f));
	f->path = tg_strdup(path);
	f->pub.first_time = INT64_MAX;
	f->pub.last_time = INT64_MIN;
	strmap_put(&h->paths, path, (uint32_t)h->files_nr);
	return (uint32_t)h->files_nr++;
}

static void file_author(struct hfile *f, uint32_t author, long revs, long added, long deleted)
{
	size_t i;

	for (i = 0; i < f->au_nr; i++)
		if (f->au[i].author == author)
			break;
	if (i == f->au_nr) {
		TG_ALLOC_GROW(f->au, f->au_nr + 1, f->au_alloc);
		memset(&f->au[i], 0, sizeof(f->au[i]));
		f->au[i].author = author;
		f->au_nr++;
	}
	f->au[i].revs += revs;
	f->au[i].added += added;
	f->au[i].deleted += deleted;
}

static void file_touch(struct hfile *f, int64_t t)
{
	f->pub.revisions++;
	if (t < f->pub.first_time)
		f->pub.first_time = t;
	if (t > f->pub.last_time)
		f->pub.last_time = t;
}

int model_add_commit(struct tg_history *h, const struct tg_gitlog_commit *c)
{
	uint32_t aid = model_author(h, c->author, c->email, c->time);
	int bot = h->authors[aid].bot;
	uint64_t stamp = (uint64_t)++h->commits;
	size_t i, n = 0, j;

	h->commits_read++;
	for (i = 0; i < c->changes_nr; i++) {
		const struct tg_gitlog_change *ch = &c->changes[i];
		uint32_t id = model_file(h, ch->path);
		long a = ch->added > 0 ? ch->added : 0, d = ch->deleted > 0 ? ch->deleted : 0;
		struct hfile *f = &h->files[id];

		if (ch->old_path)
			strmap_put(&h->paths, ch->old_path, id);
		f->pub.added += a;
		f->pub.deleted += d;
		if (f->stamp != stamp) {
			f->stamp = stamp;
			file_touch(f, c->time);
			if (f->recent_nr < TG_HOTSPOT_TREND) {
				struct frev *r = &f->recent[f->recent_nr++];
				snprintf(r->hash, sizeof(r->hash), "%s", c->hash);
				r->path = strcmp(ch->path, f->path) ? tg_strdup(ch->path) : NULL;
			}
			TG_ALLOC_GROW(h->scratch, n + 1, h->scratch_alloc);
			h->scratch[n++] = id;
		}
		if (!bot)
			file_author(f, aid, 0, a, d);
	}
	/* One revision per author per commit, counted once the files are known. */
	for (i = 0; i < n && !bot; i++)
		file_author(&h->files[h->scratch[i]], aid, 1, 0, 0);
	if (n == 0 || n > (size_t)h->opts.max_changeset)
		return 0;
	for (i = 0; i < n; i++) {
		h->files[h->scratch[i]].crevs++;
		h->files[h->scratch[i]].pub.soc += (long)n - 1;
		for (j = i + 1; j < n; j++)
			pairmap_add(&h->pairs, h->scratch[i], h->scratch[j], 1);
	}
	return 0;
}
