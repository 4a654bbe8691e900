// module: walk
/*
 * The gitignore parser and matcher on arbitrary bytes: the input up to the
 * first NUL is an ignore file (for the root and for "a/"), each line after it
 * a path to match, as a file and as a directory. It must return, whatever
 * the patterns (unterminated classes, dangling escapes, runs of stars).
 */
#include "walk/ignore_int.h"
#include "walk/walk.h"

#include "util/wildmatch.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	const char *nul = memchr(p, '\0', size);
	struct tg_ignore *ig = tg_ignore_new();
	char path[512];

	tg_ignore_add(ig, "", p, nul ? (size_t)(nul - p) : size);
	tg_ignore_add(ig, "a", p, nul ? (size_t)(nul - p) : size);
	for (p = nul ? nul + 1 : end; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (nl ? (size_t)(nl - p) : (size_t)(end - p));

		if (n < sizeof(path)) {
			memcpy(path, p, n);
			path[n] = '\0';
			tg_ignore_match(ig, path, 0);
			tg_ignore_match(ig, path, 1);
			tg_wildmatch_mem(path, strlen(path), "a/b/c.d", 7, TG_WM_PATHNAME);
			tg_wildmatch(path, "a/b/c.d", 0);
		}
		p += n + 1;
	}
	tg_ignore_free(ig);
	return 0;
}
