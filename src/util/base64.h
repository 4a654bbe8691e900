#ifndef TG_UTIL_BASE64_H
#define TG_UTIL_BASE64_H

/*
 * Base64 (RFC 4648): written in the standard alphabet with padding; read in
 * the standard or the URL-safe alphabet, padded or not (as DSSE asks of a
 * verifier). Whitespace is not skipped: callers strip it where a format
 * allows it (PEM).
 */

#include <stddef.h>

#include "util/buf.h"

void tg_base64_encode(struct tg_buf *out, const void *data, size_t len);
/* Appends the decoded bytes of s[0..len) to out: 0, or -1 when s is not base64
 * (out then holds what came before the bad character). */
int tg_base64_decode(struct tg_buf *out, const char *s, size_t len);

#endif
