// module: review
/*
 * The LLM review's answer reader on arbitrary bytes: the chat-completions
 * envelope, the model's content (fenced or not) and each finding checked
 * against the schema. The root is a temporary tree holding app/core.py, so
 * some paths are kept. No crash, no leak; every finding is counted once,
 * and every item kept is an llm architecture item on a path without "..".
 */
#include "backlog/backlog.h"
#include "review/review.h"
#include "util/error.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[] = "/tmp/fuzz_review_XXXXXX";

static void make_root(void)
{
	char path[128];
	FILE *f;

	if (!mkdtemp(root))
		abort();
	snprintf(path, sizeof(path), "%s/app", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/app/core.py", root);
	if (!(f = fopen(path, "w")))
		abort();
	fputs("x = 1\n", f);
	fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tg_review_stats st = {0};
	struct tg_backlog b;

	if (!root[sizeof(root) - 2] || root[sizeof(root) - 2] == 'X')
		make_root();
	tg_backlog_init(&b);
	if (!tg_review_parse((const char *)data, size, root, "fuzz-model", &b, &st)) {
		if (st.kept + st.invalid + st.outside != st.findings || st.kept < b.nr)
			abort();
		for (size_t i = 0; i < b.nr; i++)
			if (strcmp(b.items[i].source, "llm") || !b.items[i].path ||
			    strstr(b.items[i].path, "..") == b.items[i].path)
				abort();
	}
	tg_error_clear();
	tg_backlog_release(&b);
	return 0;
}
