// module: compliance
/*
 * A workflow's kept findings (compliance_decode_findings) on arbitrary
 * bytes: the compliance source's cache file is on disk, and may be damaged.
 * A payload that checks is handed over whole, and encodes back to the same
 * bytes; one that does not hands nothing over.
 */
#include "compliance/compliance_int.h"

#include "util/buf.h"
#include "util/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct back {
	struct tg_buf b;
	uint32_t nr;
};

static int again(const struct tg_compliance_finding *f, void *arg)
{
	struct back *bk = arg;

	compliance_encode_finding(f, &bk->b);
	bk->nr++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct back bk = {TG_BUF_INIT, 0};
	int ok = compliance_decode_findings(data, size, NULL, NULL) == TG_OK;

	tg_error_clear();
	tg_buf_add(&bk.b, &bk.nr, sizeof(bk.nr));
	if (compliance_decode_findings(data, size, again, &bk) == TG_OK) {
		memcpy(bk.b.buf, &bk.nr, sizeof(bk.nr));
		if (!ok || bk.b.len != size || memcmp(bk.b.buf, data, size))
			abort();
	} else {
		tg_error_clear();
		if (ok || bk.nr)
			abort();
	}
	tg_buf_release(&bk.b);
	return 0;
}
