// module: history
/*
 * The git log parser on arbitrary bytes, fed whole and then in small pieces
 * whose sizes come from the input: both must agree, and nothing may crash.
 */
#include "history/gitlog.h"
#include "util/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct tally {
	uint64_t commits, changes, bytes;
};

static int count(const struct tg_gitlog_commit *c, void *data)
{
	struct tally *t = data;
	size_t i;

	t->commits++;
	t->bytes += strlen(c->hash) + strlen(c->author) + strlen(c->email);
	for (i = 0; i < c->changes_nr; i++) {
		t->changes++;
		t->bytes += strlen(c->changes[i].path);
		if (c->changes[i].old_path)
			t->bytes += strlen(c->changes[i].old_path);
	}
	return 0;
}

static int run(const uint8_t *data, size_t size, size_t step, struct tally *t)
{
	struct tg_gitlog_parser p;
	size_t i;
	int rc = TG_OK;

	memset(t, 0, sizeof(*t));
	tg_gitlog_init(&p, count, t);
	for (i = 0; i < size && rc == TG_OK; i += step)
		rc = tg_gitlog_feed(&p, (const char *)data + i, size - i < step ? size - i : step);
	if (rc == TG_OK)
		rc = tg_gitlog_finish(&p);
	tg_gitlog_release(&p);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tally a, b;
	size_t step = size ? (size_t)data[0] % 7 + 1 : 1;
	int ra = run(data, size, size ? size : 1, &a);
	int rb = run(data, size, step, &b);

	if (ra != rb || (ra == TG_OK && memcmp(&a, &b, sizeof(a))))
		abort();
	return 0;
}
