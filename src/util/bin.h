#ifndef TG_UTIL_BIN_H
#define TG_UTIL_BIN_H

/*
 * The compact binary form of what caches keep between runs (the scanner's
 * items, dependencies, workflow findings, imports): 32-bit integers in the
 * machine's order, and strings as a length plus one (0: NULL) and their
 * bytes. Not a stable format: a cache holding it is keyed by terragon's
 * version. Reading never trusts the bytes: a short or damaged input sets
 * `bad` and every later read returns 0 or NULL.
 */

#include "util/buf.h"

#include <stddef.h>
#include <stdint.h>

void tg_bin_put_u32(struct tg_buf *out, uint32_t v);
void tg_bin_put_str(struct tg_buf *out, const char *s);

struct tg_bin_reader {
	const unsigned char *p, *end;
	int bad;
};

void tg_bin_reader_init(struct tg_bin_reader *r, const void *data, size_t len);
uint32_t tg_bin_take_u32(struct tg_bin_reader *r);
/* A copy to free, or NULL: a NULL string, or damage (r->bad; a NUL inside is damage too). */
char *tg_bin_take_str(struct tg_bin_reader *r);

#endif
