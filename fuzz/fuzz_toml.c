// module: util
/*
 * The TOML reader (util/toml.h) on any bytes: it accepts or refuses with
 * "name:line:column: what", never crashes, and what it accepts reads back
 * through the accessors consistently: every key found by tg_toml_get is the
 * entry tg_toml_at gives, every string is UTF-8, every line is in the input.
 */
#include "util/error.h"
#include "util/toml.h"
#include "util/utf8.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check(const struct tg_toml *n, int lines, int depth)
{
	const struct tg_toml *v;
	const char *key;
	size_t i;

	if (depth > 200 || tg_toml_line(n) < 1 || tg_toml_line(n) > lines)
		abort();
	if (tg_toml_str(n) && !tg_utf8_valid(tg_toml_str(n), tg_toml_strlen(n)))
		abort();
	for (i = 0; i < tg_toml_len(n); i++) {
		v = tg_toml_at(n, i, &key);
		if (!v)
			abort();
		if (tg_toml_type(n) == TG_TOML_TABLE) {
			if (!tg_utf8_valid(key, tg_toml_keylen(n, i)))
				abort();
			if (strlen(key) == tg_toml_keylen(n, i) && tg_toml_get(n, key) != v)
				abort();
		}
		check(v, lines, depth + 1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tg_toml *root;
	int lines = 1;
	size_t i;

	for (i = 0; i < size; i++)
		lines += data[i] == '\n';
	if (tg_toml_parse((const char *)data, size, "f.toml", &root)) {
		if (root || strncmp(tg_error_message(), "f.toml:", 7))
			abort();
		return 0;
	}
	check(root, lines, 0);
	tg_toml_free(root);
	return 0;
}
