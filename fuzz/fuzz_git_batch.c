// module: history
/*
 * The readers of git's object listings on arbitrary bytes: `git rev-list
 * --objects` lines, and a `git cat-file --batch` stream walked as its
 * readers walk it (a header line, then size bytes and a newline, again).
 * A size is never taken past the stream, nor past what fits in memory.
 */
#include "history/gitlog.h"
#include "util/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void rev_list(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *line, *save = NULL;

	memcpy(text, data, size);
	text[size] = '\0';
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *path = tg_git_rev_object(line);
		if (path && (strlen(line) != 40 || path != line + 41 || !*path))
			abort();
	}
	free(text);
}

static void batch(const uint8_t *data, size_t size)
{
	size_t at = 0;

	while (at < size) {
		const uint8_t *nl = memchr(data + at, '\n', size - at);
		size_t n = nl ? (size_t)(nl - (data + at)) : size - at;
		char *line = malloc(n + 1), type[16];
		uint64_t len;
		int rc;

		memcpy(line, data + at, n);
		line[n] = '\0';
		at += n + (nl != NULL);
		rc = tg_git_batch_header(line, type, (uint64_t)(size - at), &len);
		free(line);
		if (rc == TG_ERR_NOTFOUND)
			continue;
		if (rc)
			break;
		if (strlen(type) == 0 || strlen(type) > 15 || len > size - at)
			abort();
		at += (size_t)len;
		if (at < size && data[at] == '\n')
			at++;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	rev_list(data, size);
	batch(data, size);
	tg_error_clear();
	return 0;
}
