#ifndef TG_HASH_H
#define TG_HASH_H

#include <stddef.h>
#include <stdint.h>

/* 64-bit XXH3: fingerprints, content hashes and cache keys. */
uint64_t tg_hash64(const void *data, size_t len);
/* Incremental form over several parts, each followed by a NUL separator so
 * that ("ab","c") and ("a","bc") hash differently. */
struct tg_hasher {
	void *state;
};
void tg_hasher_init(struct tg_hasher *h);
void tg_hasher_add(struct tg_hasher *h, const void *data, size_t len);
void tg_hasher_adds(struct tg_hasher *h, const char *s); /* s and its separator */
uint64_t tg_hasher_finish(struct tg_hasher *h);          /* also frees the state */
/* 16 lowercase hex digits and a NUL into out[17]. */
void tg_hash_hex(uint64_t h, char out[17]);

#endif
