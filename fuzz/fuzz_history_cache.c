// module: history
/*
 * The history blob kept in the store (a store can be committed to the
 * repository, so it is input like any other) on arbitrary bytes. A blob that
 * decodes is encoded again, and that encoding must decode and encode to the
 * same bytes; then it is folded into a newer history and derived (owners,
 * ages, coupling) as a rerun does. Any other blob must be refused cleanly.
 */
#include "history/model_int.h"

#include "util/buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void fresh(struct tg_history *h)
{
	memset(h, 0, sizeof(*h));
	tg_history_opts_init(&h->opts);
	h->opts.now = 1767225600; /* 2026-01-01 */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tg_history a, b, newer;
	struct tg_buf once = TG_BUF_INIT, twice = TG_BUF_INIT;

	fresh(&a);
	if (tg_history_cache_decode(&a, data, size)) {
		model_release(&a);
		return 0;
	}
	tg_history_cache_encode(&a, &once);
	fresh(&b);
	if (tg_history_cache_decode(&b, once.buf, once.len))
		abort(); /* what we write, we must read */
	tg_history_cache_encode(&b, &twice);
	if (once.len != twice.len || memcmp(once.buf, twice.buf, once.len))
		abort();
	fresh(&newer);
	model_merge_older(&newer, &b);
	model_finish(&newer);
	model_release(&newer);
	model_release(&a);
	model_release(&b);
	tg_buf_release(&once);
	tg_buf_release(&twice);
	return 0;
}
