// module: supply
/*
 * The CycloneDX reader of `deps verify` on arbitrary bytes: no crash, no
 * leak; every record it makes has a known ecosystem, a name, a purl and a
 * file; and what it read, written again as an SBOM, reads back to as many
 * records. The XML and SPDX writers write it too (hostile strings in them).
 */

#include "supply/sbom.h"
#include "util/error.h"
#include "util/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT, again = TG_DEP_LIST_INIT;
	struct tg_sbom_root root = {"fuzz", NULL, NULL};
	struct tg_buf out = TG_BUF_INIT;
	size_t skipped = 0;

	if (tg_sbom_read((const char *)data, size, "bom.json", &l, &skipped) == TG_OK) {
		for (size_t i = 0; i < l.nr; i++)
			if (l.v[i].eco <= TG_ECO_UNKNOWN || l.v[i].eco >= TG_ECO_COUNT ||
			    !l.v[i].name || !l.v[i].purl || !l.v[i].file)
				abort();
		tg_sbom_cyclonedx(&l, &root, TG_SBOM_CDX_16, 0, &out);
		if (tg_sbom_read(out.buf, out.len, "again.json", &again, &skipped) != TG_OK)
			abort();
		tg_buf_reset(&out);
		tg_sbom_cyclonedx_xml(&l, &root, TG_SBOM_CDX_16, 0, &out);
		if (!tg_utf8_valid(out.buf, out.len))
			abort();
		tg_buf_reset(&out);
		tg_sbom_spdx(&l, &root, 0, &out);
	}
	tg_error_clear();
	tg_buf_release(&out);
	tg_dep_list_clear(&l);
	tg_dep_list_clear(&again);
	return 0;
}
