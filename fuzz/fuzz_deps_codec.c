// module: deps
/*
 * A lockfile's kept entries (tg_dep_list_decode) on arbitrary bytes: the
 * dependencies source's cache file is on disk, and may be damaged. What
 * decodes encodes back to the same bytes.
 */
#include "deps/deps.h"

#include "util/buf.h"
#include "util/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	struct tg_buf back = TG_BUF_INIT;

	if (tg_dep_list_decode(data, size, &l) == TG_OK) {
		tg_dep_list_encode(&l, &back);
		if (back.len != size || memcmp(back.buf, data, size))
			abort();
	} else {
		tg_error_clear();
	}
	tg_dep_list_clear(&l);
	tg_buf_release(&back);
	return 0;
}
