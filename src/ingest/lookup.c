#include "ingest/lookup.h"

#include "util/alloc.h"
#include "util/hash.h"

#include <stdlib.h>
#include <string.h>

static size_t slot_of(const struct tg_strmap *m, const char *key, size_t len)
{
	size_t i = (size_t)tg_hash64(key, len) & (m->cap - 1);

	while (m->keys[i] && (strlen(m->keys[i]) != len || memcmp(m->keys[i], key, len)))
		i = (i + 1) & (m->cap - 1);
	return i;
}

size_t *tg_strmap_get(const struct tg_strmap *m, const char *key, size_t len)
{
	size_t i;

	if (!m->cap)
		return NULL;
	i = slot_of(m, key, len);
	return m->keys[i] ? &m->vals[i] : NULL;
}

static void strmap_grow(struct tg_strmap *m)
{
	struct tg_strmap n = {NULL, NULL, m->cap ? m->cap * 2 : 16, 0};

	n.keys = tg_calloc(n.cap, sizeof(*n.keys));
	n.vals = tg_calloc(n.cap, sizeof(*n.vals));
	for (size_t i = 0; i < m->cap; i++) {
		if (m->keys[i]) {
			size_t j = slot_of(&n, m->keys[i], strlen(m->keys[i]));
			n.keys[j] = m->keys[i];
			n.vals[j] = m->vals[i];
			n.nr++;
		}
	}
	free(m->keys);
	free(m->vals);
	*m = n;
}

void tg_strmap_put(struct tg_strmap *m, const char *key, size_t len, size_t val)
{
	size_t i;

	if ((m->nr + 1) * 2 > m->cap)
		strmap_grow(m);
	i = slot_of(m, key, len);
	if (!m->keys[i]) {
		m->keys[i] = tg_strndup(key, len);
		m->nr++;
	}
	m->vals[i] = val;
}

void tg_strmap_release(struct tg_strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

static size_t u64_slot(const struct tg_u64set *s, uint64_t v)
{
	size_t i = (size_t)((v * 0x9E3779B97F4A7C15ull) >> 17) & (s->cap - 1);

	while (s->slots[i] && s->slots[i] != v)
		i = (i + 1) & (s->cap - 1);
	return i;
}

int tg_u64set_add(struct tg_u64set *s, uint64_t v)
{
	size_t i;

	if (!v) {
		int had = s->has_zero;
		s->has_zero = 1;
		return had;
	}
	if ((s->nr + 1) * 2 > s->cap) {
		struct tg_u64set n = {NULL, s->cap ? s->cap * 2 : 1024, 0, s->has_zero};
		n.slots = tg_calloc(n.cap, sizeof(*n.slots));
		for (size_t j = 0; j < s->cap; j++)
			if (s->slots[j]) {
				n.slots[u64_slot(&n, s->slots[j])] = s->slots[j];
				n.nr++;
			}
		free(s->slots);
		*s = n;
	}
	i = u64_slot(s, v);
	if (s->slots[i])
		return 1;
	s->slots[i] = v;
	s->nr++;
	return 0;
}

void tg_u64set_release(struct tg_u64set *s)
{
	free(s->slots);
	memset(s, 0, sizeof(*s));
}

static size_t count_slot(const uint64_t *keys, size_t cap, uint64_t v)
{
	size_t i = (size_t)((v * 0x9E3779B97F4A7C15ull) >> 17) & (cap - 1);

	while (keys[i] && keys[i] != v)
		i = (i + 1) & (cap - 1);
	return i;
}

uint32_t tg_u64count_incr(struct tg_u64count *c, uint64_t key)
{
	size_t i;

	if (!key)
		return ++c->zero;
	if ((c->nr + 1) * 2 > c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 1024;
		uint64_t *keys = tg_calloc(cap, sizeof(*keys));
		uint32_t *counts = tg_calloc(cap, sizeof(*counts));
		for (size_t j = 0; j < c->cap; j++)
			if (c->keys[j]) {
				size_t k = count_slot(keys, cap, c->keys[j]);
				keys[k] = c->keys[j];
				counts[k] = c->counts[j];
			}
		free(c->keys);
		free(c->counts);
		c->keys = keys;
		c->counts = counts;
		c->cap = cap;
	}
	i = count_slot(c->keys, c->cap, key);
	if (!c->keys[i]) {
		c->keys[i] = key;
		c->nr++;
	}
	return ++c->counts[i];
}

void tg_u64count_release(struct tg_u64count *c)
{
	free(c->keys);
	free(c->counts);
	memset(c, 0, sizeof(*c));
}
