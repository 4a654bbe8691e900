// module: ingest
/*
 * A SARIF fix's region turned into a byte span of arbitrary text: the first
 * 16 bytes give the region (lines, columns, offsets, unit), the rest is the
 * file. No crash, and a span it returns lies inside the text.
 */

#include "ingest/ingest.h"
#include "util/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tg_fix_replacement r;
	size_t from = 0, to = 0;
	const char *text;
	size_t len;

	if (size < 16)
		return 0;
	memset(&r, 0, sizeof(r));
	r.start_line = data[0] % 8, r.start_column = data[1] % 40;
	r.end_line = data[2] % 8, r.end_column = data[3] % 40;
	r.char_offset = data[4] & 0x80 ? data[5] % 64 : -1;
	r.char_length = data[6] & 0x80 ? data[7] % 64 : -1;
	r.byte_offset = data[8] & 0x80 ? data[9] % 64 : -1;
	r.byte_length = data[10] & 0x80 ? data[11] % 64 : -1;
	text = (const char *)data + 16;
	len = size - 16;
	if (!tg_fix_region_span(text, len, &r, data[12] & 1, &from, &to) && (from > to || to > len))
		abort();
	tg_utf8_valid(text, len);
	tg_error_clear();
	return 0;
}
