#include "history/model_int.h"

#include "history/gitlog.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/hash.h"
#include "util/utf8.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long model_path_id(const struct tg_history *h, const char *path)
{
	const struct tg_hashmap_entry *e = tg_hashmap_get(&h->paths, path, strlen(path));

	return e ? (long)e->val.u64 : -1;
}

void model_path_set(struct tg_history *h, const char *path, uint32_t id)
{
	tg_hashmap_put(&h->paths, path, strlen(path), NULL)->val.u64 = id;
}

static uint64_t pair_key(uint32_t a, uint32_t b)
{
	return a < b ? (uint64_t)a << 32 | b : (uint64_t)b << 32 | a;
}

void model_pair_add(struct tg_history *h, uint32_t a, uint32_t b, uint64_t n)
{
	tg_hashmap_put_u64(&h->pairs, pair_key(a, b), NULL)->val.u64 += n;
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

int model_is_bot(const struct tg_history *h, const char *name, const char *email)
{
	return is_bot(h, name, email);
}

const struct hauthor *model_author_find(const struct tg_history *h, const char *name)
{
	const struct tg_hashmap_entry *e = tg_hashmap_get(&h->author_ids, name, strlen(name));

	return e ? &h->authors[e->val.u64] : NULL;
}

static int valid_utf8(const unsigned char *s)
{
	return tg_utf8_valid((const char *)s, strlen((const char *)s));
}

/*
 * Names from commits without an encoding header are raw bytes; the usual
 * non-UTF-8 case is Latin-1, so such a name is read as Latin-1 and kept as
 * UTF-8 (every output is UTF-8).
 */
void model_author_name(const char *name, struct tg_buf *out)
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
	struct tg_hashmap_entry *e;
	struct hauthor *a;
	int added;

	model_author_name(raw, &nb);
	e = tg_hashmap_put(&h->author_ids, nb.buf, nb.len, &added);
	if (added) {
		TG_ALLOC_GROW(h->authors, h->authors_nr + 1, h->authors_alloc);
		a = &h->authors[h->authors_nr];
		a->name = tg_strdup(nb.buf);
		a->email = tg_strdup(email);
		a->last_time = t;
		a->bot = is_bot(h, nb.buf, email);
		e->val.u64 = h->authors_nr;
		tg_buf_release(&nb);
		return (uint32_t)h->authors_nr++;
	}
	tg_buf_release(&nb);
	a = &h->authors[e->val.u64];
	if (t > a->last_time)
		a->last_time = t;
	return (uint32_t)e->val.u64;
}

uint32_t model_file(struct tg_history *h, const char *path)
{
	int added;
	struct tg_hashmap_entry *e = tg_hashmap_put(&h->paths, path, strlen(path), &added);
	struct hfile *f;

	if (!added)
		return (uint32_t)e->val.u64;
	e->val.u64 = h->files_nr;
	TG_ALLOC_GROW(h->files, h->files_nr + 1, h->files_alloc);
	f = &h->files[h->files_nr];
	memset(f, 0, sizeof(*f));
	f->path = tg_strdup(path);
	f->pub.first_time = INT64_MAX;
	f->pub.last_time = INT64_MIN;
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
			model_path_set(h, ch->old_path, id);
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
			model_pair_add(h, h->scratch[i], h->scratch[j], 1);
	}
	return 0;
}
