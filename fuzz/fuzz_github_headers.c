// module: github
/*
 * GitHub's response headers on arbitrary bytes: each line is handed over as
 * libcurl does, in a buffer of exactly its length with no NUL after it, so a
 * read past the line is caught. Retry-After, the rate limit and the Link
 * header's next page must come out sane or not at all.
 */
#include "github/github.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tg_buf next = TG_BUF_INIT;
	struct tg_github_headers h = {&next, -1, 0, 0};
	size_t at = 0;

	while (at < size) {
		const uint8_t *nl = memchr(data + at, '\n', size - at);
		size_t n = nl ? (size_t)(nl - (data + at)) + 1 : size - at;
		char *line = malloc(n ? n : 1);

		memcpy(line, data + at, n);
		tg_buf_reset(&next);
		tg_github_header_parse(&h, line, n);
		free(line);
		if (next.len > n || h.retry_after < -1)
			abort(); /* the URL comes from the line; a wait is never negative */
		at += n;
	}
	tg_buf_release(&next);
	tg_error_clear();
	return 0;
}
