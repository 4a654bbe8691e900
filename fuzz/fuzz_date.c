// module: util
/*
 * The date parser (--now, ignore rules' expires, dates in stored items) on
 * arbitrary bytes. A date it accepts is formatted back as RFC 3339 and must
 * parse to the same instant; it must never be after year 9999's end nor
 * before year 0.
 */
#include "util/clock.h"
#include "util/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), out[64];
	time_t t, again;

	memcpy(s, data, size);
	s[size] = '\0';
	if (!tg_time_parse(s, &t)) {
		if (t < -62167219200 - 86400 || t > 253402300799 + 86400)
			abort();
		tg_time_format(t, out, sizeof(out));
		if (t >= 0 && t <= 253402300799 && (tg_time_parse(out, &again) || again != t))
			abort();
	}
	tg_error_clear();
	free(s);
	return 0;
}
