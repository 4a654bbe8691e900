// module: github
/*
 * The branch-protection answer (github.h) on arbitrary bytes: no crash, no
 * read past the end, and the review count kept within 0-6.
 */
#include "github/github.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tg_github_protection p;
	char *copy = malloc(size ? size : 1);

	memcpy(copy, data, size);
	if (!tg_github_protection_parse(copy, size, &p) &&
	    (!p.protected_ || p.reviews < 0 || p.reviews > 6))
		abort();
	free(copy);
	return 0;
}
