// module: analyze
/*
 * The counter on arbitrary bytes in every language: the first byte picks the
 * language, the rest is the file. No crash, no hang, lines that add up, and
 * the same counts with and without marker collection.
 */

#include "analyze/count.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tg_file_counts a, b;
	struct tg_marker_list m = TG_MARKER_LIST_INIT;

	if (size == 0)
		return 0;
	const struct tg_lang *l = tg_lang_at(data[0] % tg_lang_count());
	/* a copy of exactly the file's bytes, so reading past the end is caught */
	unsigned char *p = malloc(size - 1 ? size - 1 : 1);
	memcpy(p, data + 1, size - 1);
	tg_analyze_count(l, p, size - 1, &a, &m);
	tg_analyze_count(l, p, size - 1, &b, NULL);
	if (memcmp(&a, &b, sizeof(a)) || a.lines != a.blank + a.comment + a.code)
		abort();
	for (size_t i = 0; i < m.nr; i++)
		if (m.v[i].line == 0 || m.v[i].line > a.lines || !m.v[i].text)
			abort();
	tg_marker_list_clear(&m);
	free(p);
	return 0;
}
