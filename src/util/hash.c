#include "util/hash.h"

#include "util/alloc.h"

#include <string.h>
#include <xxhash.h>

uint64_t tg_hash64(const void *data, size_t len)
{
	return XXH3_64bits(data, len);
}

void tg_hasher_init(struct tg_hasher *h)
{
	h->state = XXH3_createState();
	if (!h->state)
		h->state = tg_malloc(1); /* unreachable in practice; keeps the contract */
	XXH3_64bits_reset(h->state);
}

void tg_hasher_add(struct tg_hasher *h, const void *data, size_t len)
{
	XXH3_64bits_update(h->state, data, len);
}

void tg_hasher_adds(struct tg_hasher *h, const char *s)
{
	XXH3_64bits_update(h->state, s ? s : "", s ? strlen(s) + 1 : 1);
}

uint64_t tg_hasher_finish(struct tg_hasher *h)
{
	uint64_t v = XXH3_64bits_digest(h->state);

	XXH3_freeState(h->state);
	h->state = NULL;
	return v;
}

void tg_hash_hex(uint64_t h, char out[17])
{
	static const char hex[] = "0123456789abcdef";
	int i;

	for (i = 15; i >= 0; i--, h >>= 4)
		out[i] = hex[h & 15];
	out[16] = '\0';
}
