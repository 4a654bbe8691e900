// module: compliance
/*
 * The absence checks (compliance/absence.h) on arbitrary bytes, as a
 * Dockerfile and as a manifest: no crash, no read past the end, and only
 * the bits of the file's kind.
 */
#include "compliance/absence.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *copy = malloc(size ? size : 1);

	/* an exact-size copy, so a read past the end is caught */
	memcpy(copy, data, size);
	if (tg_config_absent("a/Dockerfile", copy, size) & ~3u)
		abort();
	if (tg_config_absent("k8s/deploy.yaml", copy, size) & ~12u)
		abort();
	if (tg_config_absent("src/main.c", copy, size))
		abort();
	free(copy);
	return 0;
}
