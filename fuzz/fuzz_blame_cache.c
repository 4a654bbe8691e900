// module: history
/*
 * Stored blames (tg_blame_decode, and tg_blame_decode_since for the
 * recent-change ones) on arbitrary bytes: the store's blame_cache rows are
 * the store's, and a store may be damaged. What decodes encodes back to the
 * same bytes.
 */
#include "history/blame.h"

#include "util/buf.h"
#include "util/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tg_blame_parser p;
	struct tg_buf back = TG_BUF_INIT;
	int64_t since;

	if (tg_blame_decode(data, size, &p) == TG_OK) {
		tg_blame_encode(&p, &back);
		if (back.len != size || memcmp(back.buf, data, size))
			abort();
	} else {
		tg_error_clear();
	}
	tg_blame_release(&p);
	tg_buf_reset(&back);
	if (tg_blame_decode_since(data, size, &since, &p) == TG_OK) {
		tg_blame_encode_since(&p, since, &back);
		if (back.len != size || memcmp(back.buf, data, size))
			abort();
	} else {
		tg_error_clear();
	}
	tg_blame_release(&p);
	tg_buf_release(&back);
	return 0;
}
