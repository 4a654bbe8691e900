// module: vulndb
/*
 * One OSV record, JSON or YAML (the first byte chooses), through the reader
 * the import uses: no crash, no leak, no hang; what it accepts has an id, a
 * parseable `modified`, compact JSON that yajl reads back, and packages of
 * known ecosystems only.
 */

#include "util/error.h"
#include "vulndb/vulndb_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_tree.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tg_vulndb_record rec;
	int yaml, rc;
	int64_t us;

	if (size < 1)
		return 0;
	yaml = data[0] & 1;
	rc = tg_vulndb_record_parse("fuzz", (const char *)data + 1, size - 1, yaml, &rec);
	if (rc == TG_OK) {
		char err[128];
		yajl_val back;

		if (!rec.id || !*rec.id || tg_vulndb_parse_time(rec.modified, &us) ||
		    us != rec.modified_us || strlen(rec.json) != rec.len)
			abort();
		for (size_t i = 0; i < rec.pkgs_nr; i++)
			if (rec.pkgs[i].eco <= TG_ECO_UNKNOWN || rec.pkgs[i].eco >= TG_ECO_COUNT)
				abort();
		back = yajl_tree_parse(rec.json, err, sizeof(err));
		if (!back || !YAJL_IS_OBJECT(back))
			abort();
		yajl_tree_free(back);
		tg_vulndb_record_release(&rec);
	} else if (rc != TG_ERR_INPUT) {
		abort();
	}
	return 0;
}
