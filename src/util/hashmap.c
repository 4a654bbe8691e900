#include "util/hashmap.h"

#include "util/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Inlined: a key of a few bytes costs a few multiplications, not a call. */
#define XXH_INLINE_ALL
#include <xxhash.h>

/*
 * String keys are copied into chunks that are never moved or freed before
 * release, so entry->str stays put while the entries array grows. Chunks
 * double from 256 bytes to 64 KiB: small maps stay small, big ones make few
 * allocations.
 */
struct tg_hashmap_chunk {
	struct tg_hashmap_chunk *next;
	size_t used, size;
	char data[];
};

enum { CHUNK_MIN = 256, CHUNK_MAX = 64 * 1024, SLOTS_MIN = 16 };

/* A slot's entry index is 32 bits wide; 0 marks an empty slot. */
#define MAX_ENTRIES ((size_t)UINT32_MAX - 1)

static uint32_t slot_tag(uint64_t slot)
{
	return (uint32_t)(slot >> 32);
}

static size_t slot_index(uint64_t slot)
{
	return (size_t)(uint32_t)slot - 1;
}

static uint32_t tag_of_str(const char *key, size_t len)
{
	return (uint32_t)(XXH3_64bits(key, len) >> 32);
}

static uint32_t tag_of_u64(uint64_t key)
{
	return (uint32_t)(XXH3_64bits(&key, sizeof(key)) >> 32);
}

static uint32_t tag_of_entry(const struct tg_hashmap_entry *e)
{
	return e->str ? tag_of_str(e->str, e->key.len) : tag_of_u64(e->key.u64);
}

static int entry_is(const struct tg_hashmap_entry *e, const char *str, size_t len, uint64_t u64)
{
	if (!str)
		return !e->str && e->key.u64 == u64;
	return e->str && e->key.len == len && !memcmp(e->str, str, len);
}

/*
 * The slot holding the key (str and len, or u64 when str is NULL), or the
 * empty slot where it would go. The map has slots.
 */
static size_t find(const struct tg_hashmap *m, uint32_t tag, const char *str, size_t len,
                   uint64_t u64)
{
	size_t i = tag & m->mask;
	uint64_t s;

	for (; (s = m->slots[i]); i = (i + 1) & m->mask)
		if (slot_tag(s) == tag && entry_is(&m->entries[slot_index(s)], str, len, u64))
			break;
	return i;
}

static struct tg_hashmap_entry *get(const struct tg_hashmap *m, uint32_t tag, const char *str,
                                    size_t len, uint64_t u64)
{
	uint64_t s;

	if (!m->slots)
		return NULL;
	s = m->slots[find(m, tag, str, len, u64)];
	return s ? &m->entries[slot_index(s)] : NULL;
}

struct tg_hashmap_entry *tg_hashmap_get(const struct tg_hashmap *m, const char *key, size_t len)
{
	return get(m, tag_of_str(key, len), key ? key : "", len, 0);
}

struct tg_hashmap_entry *tg_hashmap_get_u64(const struct tg_hashmap *m, uint64_t key)
{
	return get(m, tag_of_u64(key), NULL, 0, key);
}

/* Doubles the slots; a slot carries its tag, so no key is hashed again. */
static void grow_slots(struct tg_hashmap *m)
{
	size_t old = m->slots ? m->mask + 1 : 0, cap = old ? 2 * old : SLOTS_MIN;
	uint64_t *slots = tg_calloc(cap, sizeof(*slots));

	for (size_t i = 0; i < old; i++) {
		uint64_t s = m->slots[i];
		size_t j;

		if (!s)
			continue;
		for (j = slot_tag(s) & (cap - 1); slots[j]; j = (j + 1) & (cap - 1))
			;
		slots[j] = s;
	}
	free(m->slots);
	m->slots = slots;
	m->mask = cap - 1;
}

static const char *copy_key(struct tg_hashmap *m, const char *key, size_t len)
{
	struct tg_hashmap_chunk *c = m->keys;
	char *p;

	if (!c || c->size - c->used < len + 1) {
		size_t size = c && c->size < CHUNK_MAX ? 2 * c->size : c ? CHUNK_MAX : CHUNK_MIN;

		if (size < len + 1)
			size = len + 1;
		c = tg_malloc(sizeof(*c) + size);
		c->size = size;
		c->used = 0;
		c->next = m->keys;
		m->keys = c;
	}
	p = c->data + c->used;
	memcpy(p, key, len);
	p[len] = '\0';
	c->used += len + 1;
	return p;
}

static struct tg_hashmap_entry *put(struct tg_hashmap *m, uint32_t tag, const char *str, size_t len,
                                    uint64_t u64, int *added)
{
	struct tg_hashmap_entry *e;
	size_t i;

	if ((m->nr + 1) * 2 > (m->slots ? m->mask + 1 : 0))
		grow_slots(m);
	i = find(m, tag, str, len, u64);
	if (added)
		*added = !m->slots[i];
	if (m->slots[i])
		return &m->entries[slot_index(m->slots[i])];
	if (m->nr >= MAX_ENTRIES) {
		fprintf(stderr, "terragon: a hash map of over %zu entries\n", MAX_ENTRIES);
		abort();
	}
	TG_ALLOC_GROW(m->entries, m->nr + 1, m->alloc);
	e = &m->entries[m->nr];
	memset(e, 0, sizeof(*e));
	if (str) {
		e->str = copy_key(m, str, len);
		e->key.len = len;
	} else {
		e->key.u64 = u64;
	}
	m->slots[i] = (uint64_t)tag << 32 | (uint32_t)(m->nr + 1);
	m->nr++;
	return e;
}

struct tg_hashmap_entry *tg_hashmap_put(struct tg_hashmap *m, const char *key, size_t len,
                                        int *added)
{
	/* A NULL key of length 0 is the empty string, not an integer key. */
	return put(m, tag_of_str(key, len), key ? key : "", len, 0, added);
}

struct tg_hashmap_entry *tg_hashmap_put_u64(struct tg_hashmap *m, uint64_t key, int *added)
{
	return put(m, tag_of_u64(key), NULL, 0, key, added);
}

/*
 * Empties slot i and moves later slots of its probe run back into the gap,
 * so that lookups never need tombstones.
 */
static void clear_slot(struct tg_hashmap *m, size_t i)
{
	size_t j = i;

	for (;;) {
		size_t home;

		m->slots[i] = 0;
		do {
			j = (j + 1) & m->mask;
			if (!m->slots[j])
				return;
			home = slot_tag(m->slots[j]) & m->mask;
			/* The slot stays when its home lies cyclically in (i, j]. */
		} while (i <= j ? (i < home && home <= j) : (i < home || home <= j));
		m->slots[i] = m->slots[j];
		i = j;
	}
}

/* Moves the last entry to position to, and points its slot there. */
static void move_last(struct tg_hashmap *m, size_t to)
{
	const struct tg_hashmap_entry *last = &m->entries[m->nr - 1];
	size_t i = tag_of_entry(last) & m->mask;

	while (slot_index(m->slots[i]) != m->nr - 1)
		i = (i + 1) & m->mask;
	m->slots[i] = (m->slots[i] & ~(uint64_t)UINT32_MAX) | (uint32_t)(to + 1);
	m->entries[to] = *last;
}

static int remove_key(struct tg_hashmap *m, uint32_t tag, const char *str, size_t len, uint64_t u64)
{
	size_t i, at;

	if (!m->slots)
		return 0;
	i = find(m, tag, str, len, u64);
	if (!m->slots[i])
		return 0;
	at = slot_index(m->slots[i]);
	clear_slot(m, i);
	if (at != m->nr - 1)
		move_last(m, at);
	m->nr--;
	return 1;
}

int tg_hashmap_remove(struct tg_hashmap *m, const char *key, size_t len)
{
	return remove_key(m, tag_of_str(key, len), key ? key : "", len, 0);
}

int tg_hashmap_remove_u64(struct tg_hashmap *m, uint64_t key)
{
	return remove_key(m, tag_of_u64(key), NULL, 0, key);
}

void tg_hashmap_release(struct tg_hashmap *m)
{
	while (m->keys) {
		struct tg_hashmap_chunk *c = m->keys;
		m->keys = c->next;
		free(c);
	}
	free(m->entries);
	free(m->slots);
	memset(m, 0, sizeof(*m));
}
