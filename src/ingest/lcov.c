/*
 * lcov tracefiles (geninfo(1)): SF opens a file, DA and BRDA give lines and
 * branches, end_of_record closes it. LF/LH/BRF/BRH are ignored and
 * recomputed, since lcov 1.16 from Debian omits them; function records are
 * not needed for line and branch coverage.
 */

#include "ingest/coverage_int.h"

#include "util/alloc.h"
#include "util/error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct lcov {
	struct cov_builder *b;
	size_t lineno;
	int in_file;                /* between SF and end_of_record */
	struct tg_coverage_file *f; /* NULL when the file is not in the repository */
};

static int bad(struct lcov *l, const char *what)
{
	return tg_error_set(TG_ERR_INPUT, "%s:%zu: %s", l->b->file, l->lineno, what);
}

static int number(const char *s, const char *end, long long *out)
{
	char *stop;

	if (s == end)
		return -1;
	errno = 0;
	*out = strtoll(s, &stop, 10);
	return stop == end && !errno ? 0 : -1;
}

/* DA:<line>,<count>[,<checksum>] */
static int da(struct lcov *l, const char *v, const char *end)
{
	const char *c1 = memchr(v, ',', (size_t)(end - v)), *c2;
	long long line, hits;

	if (!c1)
		return bad(l, "DA record without a count");
	c2 = memchr(c1 + 1, ',', (size_t)(end - c1 - 1));
	if (number(v, c1, &line) || line < 1 || line > 100000000 ||
	    number(c1 + 1, c2 ? c2 : end, &hits))
		return bad(l, "malformed DA record");
	if (l->f)
		cov_line(l->f, (int)line, hits);
	return TG_OK;
}

/* BRDA:<line>,[e]<block>,<branch>,<taken|->; <branch> may contain commas in lcov 2. */
static int brda(struct lcov *l, const char *v, const char *end)
{
	const char *c1 = memchr(v, ',', (size_t)(end - v)), *last = end;
	long long line, taken = 0;

	while (last > v && last[-1] != ',')
		last--;
	if (!c1 || last <= c1 + 1)
		return bad(l, "malformed BRDA record");
	if (number(v, c1, &line) || line < 1 || line > 100000000)
		return bad(l, "malformed BRDA line number");
	if (!(end - last == 1 && *last == '-') && number(last, end, &taken))
		return bad(l, "malformed BRDA count");
	if (l->f)
		cov_branch(l->f, (int)line, c1 + 1, (size_t)(last - 1 - (c1 + 1)), taken > 0);
	return TG_OK;
}

static int record(struct lcov *l, const char *s, const char *end)
{
	const char *colon = memchr(s, ':', (size_t)(end - s));
	size_t klen = colon ? (size_t)(colon - s) : 0;

#define KEY(k) (klen == sizeof(k) - 1 && !memcmp(s, k, klen))
	if ((size_t)(end - s) == 13 && !memcmp(s, "end_of_record", 13)) {
		if (!l->in_file)
			return bad(l, "end_of_record without SF");
		l->in_file = 0;
		l->f = NULL;
		return TG_OK;
	}
	if (!colon)
		return bad(l, "not an lcov record");
	if (KEY("SF")) {
		char *path;
		int rc;
		if (colon + 1 == end)
			return bad(l, "SF without a path");
		path = tg_strndup(colon + 1, (size_t)(end - colon - 1));
		rc = cov_file(l->b, path, &l->f);
		free(path);
		(void)rc; /* a missing file is counted; its records are skipped */
		l->in_file = 1;
		return TG_OK;
	}
	if (KEY("TN") || KEY("VER"))
		return TG_OK;
	if (!l->in_file)
		return bad(l, "record outside an SF section");
	if (KEY("DA"))
		return da(l, colon + 1, end);
	if (KEY("BRDA"))
		return brda(l, colon + 1, end);
	return TG_OK; /* FN, FNDA, FNL, FNA, FNF, FNH, BRF, BRH, LF, LH, MCDC...: recomputed or
	                 unused */
#undef KEY
}

int tg_ingest_lcov(struct cov_builder *b, const char *text, size_t len)
{
	struct lcov l = {b, 0, 0, NULL};
	const char *p = text, *end = text + len;
	int records = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *e = nl ? nl : end;
		int rc;
		l.lineno++;
		while (e > p && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
			e--;
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		if (p < e) {
			if (memchr(p, '\0', (size_t)(e - p)))
				return bad(&l, "NUL byte in an lcov tracefile");
			rc = record(&l, p, e);
			if (rc)
				return rc;
			records++;
		}
		p = nl ? nl + 1 : end;
	}
	if (l.in_file)
		return bad(&l, "missing end_of_record at the end");
	if (!records)
		return tg_error_set(TG_ERR_INPUT, "%s:1: not a coverage report (empty)", b->file);
	return TG_OK;
}
