// module: walk
/*
 * The git index reader on arbitrary bytes: it must return a status (never
 * read past the buffer, crash or leak) and what it kept must be well formed.
 */
#include "walk/index_int.h"

#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tg_walk_index *ix = tg_walk_index_new();
	struct stat ist;

	memset(&ist, 0, sizeof(ist));
	ist.st_mtim.tv_sec = INT32_MAX; /* every entry older than the index: all kept */
	(void)tg_walk_index_parse(ix, data, size, "", &ist);
	tg_walk_index_free(ix);
	ix = tg_walk_index_new();
	(void)tg_walk_index_parse(ix, data, size, "src/", &ist);
	tg_walk_index_free(ix);
	return 0;
}
