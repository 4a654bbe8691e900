// module: history
/*
 * The git blame --porcelain parser on arbitrary bytes, fed whole and then in
 * small pieces whose sizes come from the input: both must agree, and
 * nothing may crash.
 */
#include "history/blame.h"
#include "util/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct tally {
	uint64_t lines, commits, counted, bytes;
};

static int run(const uint8_t *data, size_t size, size_t step, struct tally *t)
{
	struct tg_blame_parser p;
	size_t i;
	int rc = TG_OK;

	memset(t, 0, sizeof(*t));
	tg_blame_init(&p);
	p.want_lines = 1; /* history/recent.c's per-line commits */
	for (i = 0; i < size && rc == TG_OK; i += step)
		rc = tg_blame_feed(&p, (const char *)data + i, size - i < step ? size - i : step);
	if (rc == TG_OK)
		rc = tg_blame_finish(&p);
	t->lines = (uint64_t)p.lines;
	t->commits = p.commits_nr;
	for (i = 0; i < p.commits_nr; i++) {
		t->counted += (uint64_t)p.commits[i].lines;
		if (p.commits[i].author)
			t->bytes += strlen(p.commits[i].author);
		if (p.commits[i].email)
			t->bytes += strlen(p.commits[i].email);
	}
	/* Each line's commit is one of the parse's. */
	for (i = 0; rc == TG_OK && i < (size_t)p.lines; i++)
		if (p.line_commit[i] < 0 || (size_t)p.line_commit[i] >= p.commits_nr)
			abort();
	/* Every content line belongs to one commit. */
	if (rc == TG_OK && t->counted != t->lines)
		abort();
	tg_blame_release(&p);
	tg_error_clear();
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
