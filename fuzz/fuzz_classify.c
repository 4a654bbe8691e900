// module: compliance
/*
 * Data classification (compliance/classify.h) on arbitrary bytes: no crash,
 * no read past the end, and a count never above the bytes that could hold it
 * (every class needs at least 8 bytes a match).
 */
#include "compliance/classify.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tg_classification k;
	unsigned char *copy = malloc(size ? size : 1);

	/* an exact-size copy, so a read past the end is caught */
	memcpy(copy, data, size);
	tg_classify(copy, size, &k);
	for (int c = 0; c < TG_DATA_CLASSES; c++)
		if (k.count[c] > size / 8 + 1)
			abort();
	if (size >= 11 && tg_ssn_valid((const char *)copy, 11) &&
	    (copy[3] != '-' || copy[6] != '-'))
		abort();
	tg_iban_valid((const char *)copy, size);
	free(copy);
	return 0;
}
