/*
 * PEP 440 (PyPI) as python-packaging's Version parses and orders it:
 * [v][N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local], with the alternate
 * spellings (alpha, beta, c, pre, preview, rev, r, "-N" for a post release),
 * optional separators, any case and surrounding whitespace. Strings that are
 * not PEP 440 order as packaging's LegacyVersion did: before every PEP 440
 * version, compared part by part (OSV's PyPI data still holds some).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "version/scheme.h"

struct span {
	const char *s;
	size_t n;
};

struct pep440 {
	struct span epoch, release, local;
	int pre;                          /* -1 none, 0 a, 1 b, 2 rc */
	int post, dev;                    /* 1 when present */
	struct span pre_n, post_n, dev_n; /* n == 0: implicit 0 */
};

static int is_sep(int c)
{
	return c == '-' || c == '_' || c == '.';
}

/* Python's \s on ASCII: space, \t \n \v \f \r and the separators 0x1c-0x1f. */
static int is_ws(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

static const char *digits(const char *p, struct span *out)
{
	out->s = p;
	while (isdigit((unsigned char)*p))
		p++;
	out->n = (size_t)(p - out->s);
	return p;
}

/* The longest of words[] at p, ignoring case: its index, or -1. */
static int keyword(const char *p, const char *const *words, size_t nr, size_t *len)
{
	int best = -1;

	*len = 0;
	for (size_t i = 0; i < nr; i++) {
		size_t n = strlen(words[i]);

		/* The first letter first: this runs for every version of every record matched. */
		if (n > *len && tolower((unsigned char)*p) == words[i][0] &&
		    !strncasecmp(p, words[i], n)) {
			best = (int)i;
			*len = n;
		}
	}
	return best;
}

/*
 * [sep] keyword [sep] [digits]. A separator before the number is taken with
 * it; one not followed by digits is taken too, as the regular expression's
 * optional group would (the next part may begin without its own).
 */
static const char *lettered(const char *p, const char *const *words, size_t nr, int *which,
                            struct span *num)
{
	const char *q = p + is_sep((unsigned char)*p);
	size_t len;

	*which = keyword(q, words, nr, &len);
	if (*which < 0)
		return p;
	q += len;
	if (is_sep((unsigned char)*q))
		q++;
	return digits(q, num);
}

static const char *local_part(const char *p, struct span *out)
{
	out->s = p;
	for (;;) {
		const char *s = p;

		while (isalnum((unsigned char)*p))
			p++;
		if (p == s)
			return NULL;
		if (!is_sep((unsigned char)*p) || !isalnum((unsigned char)p[1]))
			break;
		p++;
	}
	out->n = (size_t)(p - out->s);
	return p;
}

static const char *const pre_words[] = {"a", "alpha", "b", "beta", "c", "rc", "pre", "preview"};
static const int pre_kind[] = {0, 0, 1, 1, 2, 2, 2, 2};
static const char *const post_words[] = {"post", "rev", "r"};
static const char *const dev_words[] = {"dev"};

static int parse(const char *s, struct pep440 *v)
{
	const char *p = s;
	int w;

	memset(v, 0, sizeof(*v));
	v->pre = -1;
	while (is_ws((unsigned char)*p))
		p++;
	if (*p == 'v' || *p == 'V')
		p++;
	if (isdigit((unsigned char)*p)) {
		const char *q = digits(p, &v->epoch);

		if (*q == '!')
			p = q + 1;
		else
			v->epoch.n = 0;
	}
	v->release.s = p;
	do {
		struct span n;

		p = digits(p, &n);
		if (!n.n)
			return -1;
	} while (*p == '.' && isdigit((unsigned char)p[1]) && p++);
	v->release.n = (size_t)(p - v->release.s);

	p = lettered(p, pre_words, TG_ARRAY_SIZE(pre_words), &w, &v->pre_n);
	if (w >= 0)
		v->pre = pre_kind[w];
	if (*p == '-' && isdigit((unsigned char)p[1])) {
		v->post = 1;
		p = digits(p + 1, &v->post_n);
	} else {
		p = lettered(p, post_words, TG_ARRAY_SIZE(post_words), &w, &v->post_n);
		v->post = w >= 0;
	}
	p = lettered(p, dev_words, 1, &w, &v->dev_n);
	v->dev = w >= 0;
	if (*p == '+' && !(p = local_part(p + 1, &v->local)))
		return -1;
	while (is_ws((unsigned char)*p))
		p++;
	return *p ? -1 : 0;
}

/* Release numbers compared as if the shorter were padded with zeros. */
static int release_cmp(struct span a, struct span b)
{
	const char *p = a.s, *pe = a.s + a.n, *q = b.s, *qe = b.s + b.n;

	while (p < pe || q < qe) {
		size_t pn = p < pe ? strspn(p, "0123456789") : 0;
		size_t qn = q < qe ? strspn(q, "0123456789") : 0;
		int c = tg_vnum_cmp(p, pn, q, qn);

		if (c)
			return c;
		p += pn + (p + pn < pe);
		q += qn + (q + qn < qe);
	}
	return 0;
}

static int num_cmp(struct span a, struct span b)
{
	return tg_vnum_cmp(a.s, a.n, b.s, b.n);
}

/* packaging's key for the pre-release: a dev release with neither pre nor post sorts first. */
static int pre_key(const struct pep440 *v)
{
	if (v->pre < 0 && !v->post && v->dev)
		return -1;
	return v->pre < 0 ? 3 : v->pre;
}

static int local_seg_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	int anum = tg_vnum_is(a, an), bnum = tg_vnum_is(b, bn);

	if (anum && bnum)
		return tg_vnum_cmp(a, an, b, bn);
	if (anum != bnum)
		return anum ? 1 : -1;
	for (size_t i = 0; i < an && i < bn; i++) {
		int c = tolower((unsigned char)a[i]) - tolower((unsigned char)b[i]);

		if (c)
			return c;
	}
	return an == bn ? 0 : an < bn ? -1 : 1;
}

static int local_cmp(struct span a, struct span b)
{
	const char *p, *pe, *q, *qe;

	if (!a.n || !b.n) /* no local label: a.s may be NULL */
		return a.n ? 1 : b.n ? -1 : 0;
	p = a.s, pe = a.s + a.n, q = b.s, qe = b.s + b.n;
	for (;;) {
		size_t pn = 0, qn = 0;
		int c;

		while (p + pn < pe && !is_sep((unsigned char)p[pn]))
			pn++;
		while (q + qn < qe && !is_sep((unsigned char)q[qn]))
			qn++;
		if ((c = local_seg_cmp(p, pn, q, qn)))
			return c;
		p += pn;
		q += qn;
		if (p >= pe || q >= qe)
			return p >= pe && q >= qe ? 0 : p >= pe ? -1 : 1;
		p++, q++;
	}
}

static int pep440_cmp_parsed(const struct pep440 *a, const struct pep440 *b)
{
	int c;

	if ((c = num_cmp(a->epoch, b->epoch)) || (c = release_cmp(a->release, b->release)))
		return c;
	if ((c = pre_key(a) - pre_key(b)))
		return c;
	if (a->pre >= 0 && (c = num_cmp(a->pre_n, b->pre_n)))
		return c;
	if (a->post != b->post)
		return a->post ? 1 : -1;
	if (a->post && (c = num_cmp(a->post_n, b->post_n)))
		return c;
	if (a->dev != b->dev)
		return a->dev ? -1 : 1;
	if (a->dev && (c = num_cmp(a->dev_n, b->dev_n)))
		return c;
	return local_cmp(a->local, b->local);
}

/* ---- LegacyVersion: what packaging < 22 did with any other string. ---- */

struct legacy {
	char **part;
	size_t nr, alloc;
};

/*
 * The next part of a legacy version into a new string, as packaging's
 * _parse_version_parts on the lowercased version: runs of digits zero-padded
 * to 8, words and runs of other characters prefixed with '*', "pre",
 * "preview" and "rc" as "c", "dev" as "@", "-" as "final-"; dots dropped.
 * NULL at the end.
 */
static char *legacy_part(const char **pp)
{
	const char *p = *pp, *s;
	struct tg_buf b;
	size_t n;

	while (*p == '.')
		p++;
	if (!*p)
		return NULL;
	tg_buf_init(&b, 16);
	s = p;
	if (isdigit((unsigned char)*p)) {
		while (isdigit((unsigned char)*p))
			p++;
		for (n = (size_t)(p - s); n < 8; n++)
			tg_buf_addch(&b, '0');
	} else {
		tg_buf_addch(&b, '*');
		if (*p == '-')
			p++;
		else if (isalpha((unsigned char)*p))
			while (isalpha((unsigned char)*p))
				p++;
		else
			while (*p && !isalnum((unsigned char)*p) && *p != '.' && *p != '-')
				p++;
	}
	n = (size_t)(p - s);
	if ((n == 3 && !strncasecmp(s, "pre", 3)) || (n == 7 && !strncasecmp(s, "preview", 7)) ||
	    (n == 2 && !strncasecmp(s, "rc", 2)))
		s = "c", n = 1;
	else if (n == 3 && !strncasecmp(s, "dev", 3))
		s = "@", n = 1;
	else if (n == 1 && *s == '-')
		s = "final-", n = 6;
	for (size_t i = 0; i < n; i++)
		tg_buf_addch(&b, tolower((unsigned char)s[i]));
	*pp = p;
	return tg_buf_detach(&b, NULL);
}

static void legacy_pop(struct legacy *l)
{
	free(l->part[--l->nr]);
}

static void legacy_parse(const char *v, struct legacy *l)
{
	char *part;
	int done = 0;

	memset(l, 0, sizeof(*l));
	while (!done) {
		if (!(part = legacy_part(&v))) {
			part = tg_strdup("*final");
			done = 1;
		}
		if (part[0] == '*') {
			/* a "-" before a pre-release tag goes, and each run's trailing zeros */
			if (strcmp(part, "*final") < 0)
				while (l->nr && !strcmp(l->part[l->nr - 1], "*final-"))
					legacy_pop(l);
			while (l->nr && !strcmp(l->part[l->nr - 1], "00000000"))
				legacy_pop(l);
		}
		TG_ALLOC_GROW(l->part, l->nr + 1, l->alloc);
		l->part[l->nr++] = part;
	}
}

static void legacy_release(struct legacy *l)
{
	while (l->nr)
		legacy_pop(l);
	free(l->part);
}

/* Python's tuple order over the parts. */
static int legacy_cmp(const char *a, const char *b)
{
	struct legacy x, y;
	size_t i;
	int c = 0;

	legacy_parse(a, &x);
	legacy_parse(b, &y);
	for (i = 0; !c && i < x.nr && i < y.nr; i++)
		c = strcmp(x.part[i], y.part[i]);
	if (!c)
		c = x.nr == y.nr ? 0 : i == x.nr ? -1 : 1;
	legacy_release(&x);
	legacy_release(&y);
	return c;
}

static int pep440_valid(const char *v)
{
	struct pep440 x;

	return !parse(v, &x);
}

/* Any string packaging's LegacyVersion took that a version list can hold: no control characters. */
static int pep440_comparable(const char *v)
{
	if (pep440_valid(v))
		return 1;
	if (!*v)
		return 0;
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

static int pep440_cmp(const char *a, const char *b)
{
	struct pep440 x, y;
	int xl = parse(a, &x) != 0, yl = parse(b, &y) != 0;

	if (xl || yl)
		return xl && yl ? legacy_cmp(a, b) : xl ? -1 : 1;
	return pep440_cmp_parsed(&x, &y);
}

static int pep440_is_prerelease(const char *v)
{
	struct pep440 x;

	return !parse(v, &x) && (x.pre >= 0 || x.dev);
}

const struct tg_scheme tg_scheme_pep440 = {pep440_comparable, pep440_valid, pep440_cmp,
                                           pep440_is_prerelease};
