// module: util
/*
 * JSON that carries bytes (util/json.h): whatever tg_json_loadb accepts,
 * tg_json_dumps writes as UTF-8, and reading that back gives the same tree,
 * byte for byte.
 */
#include "util/json.h"
#include "util/utf8.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *a = tg_json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL), *b;
	char *text;

	if (!a)
		return 0;
	text = tg_json_dumps(a, JSON_COMPACT | JSON_ENCODE_ANY);
	if (!text || !tg_utf8_valid(text, strlen(text)))
		abort();
	b = tg_json_loads(text, JSON_DECODE_ANY, NULL);
	if (!b || !json_equal(a, b))
		abort();
	json_decref(b);
	free(text);
	json_decref(a);
	return 0;
}
