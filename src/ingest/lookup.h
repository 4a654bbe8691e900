#ifndef TG_INGEST_LOOKUP_H
#define TG_INGEST_LOOKUP_H

/*
 * The two hash tables ingestion needs: strings to positions (rule ids,
 * coverage paths) and a set of 64-bit fingerprints (deduplication of a
 * million results without keeping the results). Open addressing, linear
 * probing, load at most 1/2.
 */

#include <stddef.h>
#include <stdint.h>

struct tg_strmap {
	char **keys;
	size_t *vals;
	size_t cap, nr;
};

/* The value stored for key, or NULL. */
size_t *tg_strmap_get(const struct tg_strmap *m, const char *key, size_t len);
/* Sets key to val (replacing an earlier value). */
void tg_strmap_put(struct tg_strmap *m, const char *key, size_t len, size_t val);
void tg_strmap_release(struct tg_strmap *m);

struct tg_u64set {
	uint64_t *slots; /* 0 marks an empty slot; the value 0 is kept in has_zero */
	size_t cap, nr;
	int has_zero;
};

/* Adds v; returns 1 when it was already present. */
int tg_u64set_add(struct tg_u64set *s, uint64_t v);
void tg_u64set_release(struct tg_u64set *s);

/* Counts per 64-bit key. */
struct tg_u64count {
	uint64_t *keys; /* 0 marks an empty slot; the key 0 counts in zero */
	uint32_t *counts;
	size_t cap, nr;
	uint32_t zero;
};

/* Adds one to key's count and returns the new count. */
uint32_t tg_u64count_incr(struct tg_u64count *c, uint64_t key);
void tg_u64count_release(struct tg_u64count *c);

#endif
