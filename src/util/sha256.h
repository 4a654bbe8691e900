#ifndef TG_UTIL_SHA256_H
#define TG_UTIL_SHA256_H

/*
 * SHA-256 through libcrypto, opened on first use (util/dl.h says why). The
 * audit trail's chain hashes with it.
 */

#include <stddef.h>

/* 64 lowercase hex digits and a NUL. */
#define TG_SHA256_HEX 65

struct tg_sha256;

/* A new digest; NULL (the error says why) when libcrypto cannot be opened. */
struct tg_sha256 *tg_sha256_new(void);
void tg_sha256_update(struct tg_sha256 *h, const void *data, size_t len);
/* Writes the digest as hex into out and frees h. */
void tg_sha256_final(struct tg_sha256 *h, char out[TG_SHA256_HEX]);

/* The digest of one buffer: TG_OK, or a status when libcrypto is missing. */
int tg_sha256_hex(const void *data, size_t len, char out[TG_SHA256_HEX]);

#endif
