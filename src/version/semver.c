/*
 * SemVer 2.0 and its relatives: npm and crates.io (SemVer, with npm's leading
 * "v" and "=" tolerated), Go (SemVer with a "v", pseudo-versions being
 * prereleases and "+incompatible" build metadata) and NuGet (up to four
 * numbers, prereleases compared without regard to case).
 */
#include <ctype.h>
#include <string.h>

#include "version/scheme.h"

#define SV_MAXNUM 4

struct semver {
	const char *num[SV_MAXNUM];
	size_t numlen[SV_MAXNUM];
	int nnum;
	const char *pre; /* after '-', up to '+' or the end; NULL when none */
	size_t prelen;
};

struct flavour {
	int maxnum;   /* numbers compared; more are ignored (npm) or refused */
	int extra_ok; /* numbers past maxnum are build metadata (osv's npm) */
	int prefix;   /* 1: "v" and "=" allowed (npm); 2: "v" optional (Go) */
	int strict;   /* Go: three numbers, no leading zeros */
	int nocase;   /* NuGet: prerelease identifiers compared ignoring case */
};

static const struct flavour npm = {3, 1, 1, 0, 0}, cargo = {3, 1, 1, 0, 0}, go = {3, 0, 2, 1, 0},
                            nuget = {4, 0, 0, 0, 1};

static int ident_char(int c)
{
	return isalnum(c) || c == '-';
}

/* Dot-separated identifiers, none empty; numeric ones without leading zeros when strict. */
static const char *idents(const char *p, int strict)
{
	for (;;) {
		const char *s = p;

		while (ident_char((unsigned char)*p))
			p++;
		if (p == s)
			return NULL;
		if (strict && p - s > 1 && *s == '0' && tg_vnum_is(s, (size_t)(p - s)))
			return NULL;
		if (*p != '.')
			return p;
		p++;
	}
}

static int parse(const struct flavour *f, const char *s, struct semver *v)
{
	const char *p = s;

	memset(v, 0, sizeof(*v));
	if (f->prefix == 1) {
		while (*p == '=' || *p == 'v' || *p == 'V')
			p++;
	} else if (f->prefix == 2 && *p == 'v') {
		p++;
	}
	for (;;) {
		const char *n = p;

		while (isdigit((unsigned char)*p))
			p++;
		if (p == n)
			return -1;
		if (f->strict && p - n > 1 && *n == '0')
			return -1;
		if (v->nnum < f->maxnum) {
			v->num[v->nnum] = n;
			v->numlen[v->nnum] = (size_t)(p - n);
		} else if (!f->extra_ok) {
			return -1;
		}
		v->nnum++;
		if (*p != '.')
			break;
		p++;
	}
	/* Go allows the shorthands v1 and v1.2, but only without a suffix. */
	if (f->strict && v->nnum != 3 && *p)
		return -1;
	if (*p == '-') {
		v->pre = ++p;
		if (!(p = idents(p, f->strict)))
			return -1;
		v->prelen = (size_t)(p - v->pre);
	}
	if (*p == '+' && !(p = idents(p + 1, 0)))
		return -1;
	return *p ? -1 : 0;
}

static int ident_cmp(const char *a, size_t an, const char *b, size_t bn, int nocase)
{
	int anum = tg_vnum_is(a, an), bnum = tg_vnum_is(b, bn);

	if (anum && bnum)
		return tg_vnum_cmp(a, an, b, bn);
	if (anum != bnum)
		return anum ? -1 : 1;
	for (size_t i = 0; i < an && i < bn; i++) {
		int ca = (unsigned char)a[i], cb = (unsigned char)b[i];

		if (nocase)
			ca = tolower(ca), cb = tolower(cb);
		if (ca != cb)
			return ca < cb ? -1 : 1;
	}
	return an == bn ? 0 : an < bn ? -1 : 1;
}

static int pre_cmp(const struct semver *a, const struct semver *b, int nocase)
{
	const char *p = a->pre, *q = b->pre, *pe, *qe;

	if (!p || !q)
		return !p && !q ? 0 : p ? -1 : 1;
	pe = p + a->prelen;
	qe = q + b->prelen;
	for (;;) {
		size_t pn = strcspn(p, ".+"), qn = strcspn(q, ".+");
		int c;

		if (p + pn > pe)
			pn = (size_t)(pe - p);
		if (q + qn > qe)
			qn = (size_t)(qe - q);
		if ((c = ident_cmp(p, pn, q, qn, nocase)))
			return c;
		p += pn;
		q += qn;
		if (p >= pe || q >= qe)
			return p >= pe && q >= qe ? 0 : p >= pe ? -1 : 1;
		p++, q++;
	}
}

static int cmp_flavour(const struct flavour *f, const char *a, const char *b)
{
	struct semver x, y;

	if (parse(f, a, &x) || parse(f, b, &y))
		return 0;
	for (int i = 0; i < f->maxnum; i++) {
		const char *zero = "0";
		int c = tg_vnum_cmp(i < x.nnum ? x.num[i] : zero, i < x.nnum ? x.numlen[i] : 1,
		                    i < y.nnum ? y.num[i] : zero, i < y.nnum ? y.numlen[i] : 1);

		if (c)
			return c;
	}
	return pre_cmp(&x, &y, f->nocase);
}

static int pre_flavour(const struct flavour *f, const char *v)
{
	struct semver x;

	return !parse(f, v, &x) && x.pre;
}

#define FLAVOUR(name)                                                                              \
	static int name##_valid(const char *v)                                                     \
	{                                                                                          \
		struct semver x;                                                                   \
		return !parse(&name, v, &x);                                                       \
	}                                                                                          \
	static int name##_cmp(const char *a, const char *b)                                        \
	{                                                                                          \
		return cmp_flavour(&name, a, b);                                                   \
	}                                                                                          \
	static int name##_pre(const char *v)                                                       \
	{                                                                                          \
		return pre_flavour(&name, v);                                                      \
	}                                                                                          \
	const struct tg_scheme tg_scheme_##name = {name##_valid, name##_valid, name##_cmp,         \
	                                           name##_pre};

FLAVOUR(npm)
FLAVOUR(cargo)
FLAVOUR(go)
FLAVOUR(nuget)
