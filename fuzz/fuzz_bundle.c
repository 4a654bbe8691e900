// module: supply
/*
 * The Sigstore bundle reader of `terragon verify --bundle` on arbitrary
 * bytes: no crash, no leak; what it accepts has a 32-byte digest and a
 * signature of at least one byte.
 */

#include "supply/sign.h"
#include "util/error.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tg_bundle b;

	if (tg_bundle_read((const char *)data, size, "bundle.json", &b) == TG_OK) {
		if (!b.sig.len)
			abort();
		tg_bundle_release(&b);
	}
	tg_error_clear();
	return 0;
}
