#ifndef TG_JSON_H
#define TG_JSON_H

/*
 * JSON that carries bytes. tg_buf_add_json (util/buf.h) writes a byte that is
 * not UTF-8 as the escape "\udcXY"; jansson rejects such a lone surrogate, and
 * any raw byte that is not UTF-8. These read and write jansson trees whose
 * strings hold the bytes themselves, so a path read back is the path written:
 * every JSON terragon reads back (the store's rows, store import, stored fixes)
 * goes through them.
 */

#include <jansson.h>
#include <stddef.h>

/*
 * json_loadb, but "\udcXY" (0x80 <= XY, not after a high surrogate) and raw
 * bytes that are not UTF-8 become those bytes in the string values (made
 * with json_string_setn_nocheck; json_string_length counts them, and a
 * "\u0000" too). Object keys are left as jansson reads them.
 */
json_t *tg_json_loadb(const char *text, size_t len, size_t flags, json_error_t *err);
json_t *tg_json_loads(const char *text, size_t flags, json_error_t *err);

/* json_dumps, with each byte that is not UTF-8 written as "\udcXY"; the caller frees. */
char *tg_json_dumps(const json_t *v, size_t flags);

#endif
