// module: walk
/*
 * A work tree's `.git` file ("gitdir: <path>") and its git directory's
 * `commondir` on arbitrary bytes, as the walk reads them to find
 * info/exclude and the index. The input is the .git file, then a NUL, then
 * the commondir file. No crash; a git directory found is the named path
 * (under the top when relative), and a common directory is never empty.
 */
#include "walk/walk_int.h"

#include "util/buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *top = "/work/tree";
	const uint8_t *nul = memchr(data, 0, size);
	size_t dot_len = nul ? (size_t)(nul - data) : size;
	const char *common = nul ? (const char *)nul + 1 : "";
	size_t common_len = nul ? size - dot_len - 1 : 0;
	struct tg_buf gd = TG_BUF_INIT, cd = TG_BUF_INIT;
	char *dot = malloc(dot_len ? dot_len : 1); /* exactly the file's bytes: no NUL after */

	memcpy(dot, data, dot_len);
	tg_walk_gitdir_parse(top, dot, dot_len, &gd);
	if (gd.len && (gd.len > strlen(top) + 1 + dot_len || strlen(gd.buf) != gd.len))
		abort();
	if (gd.len) {
		tg_walk_commondir_parse(gd.buf, common, common_len, &cd);
		if (!cd.len)
			abort();
	}
	free(dot);
	tg_buf_release(&gd);
	tg_buf_release(&cd);
	return 0;
}
