/*
 * Maven's version order (ComparableVersion, as the POM reference's "version
 * order specification" states it): the version splits into tokens at '.',
 * '-' and each change between digits and other characters (which counts as
 * '-'); empty tokens are 0; trailing null tokens (0, "", ga, final, release)
 * are trimmed, again before each remaining '-'; the shorter version is padded
 * with nulls of the other's separator. Tokens order ".qualifier" <
 * "-qualifier" < "-number" < ".number"; qualifiers alpha < beta < milestone <
 * rc = cr < snapshot < "" = ga = final = release < sp < any other, and others
 * lexically; a, b and m right before a number mean alpha, beta, milestone.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "version/scheme.h"

struct mtok {
	char sep; /* '.' or '-' (the first token counts as '.') */
	int num;  /* all digits, leading zeros dropped */
	int null; /* padding */
	const char *s;
	size_t n;
};

struct mver {
	char *lower;
	struct mtok *t;
	size_t nr, alloc;
};

static const char *const qualifiers[] = {"alpha", "beta", "milestone", "rc", "snapshot", "", "sp"};

static int qualifier_rank(const struct mtok *t)
{
	for (size_t i = 0; i < TG_ARRAY_SIZE(qualifiers); i++)
		if (strlen(qualifiers[i]) == t->n && !strncmp(qualifiers[i], t->s, t->n))
			return (int)i;
	return (int)TG_ARRAY_SIZE(qualifiers);
}

static int is_word(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && !strncmp(s, w, n);
}

static void add_token(struct mver *v, char sep, const char *s, size_t n, int before_digit)
{
	struct mtok t = {sep, 0, 0, s, n};

	if (!n)
		t.s = "0", t.n = 1;
	if (is_word(t.s, t.n, "cr"))
		t.s = "rc", t.n = 2;
	else if (is_word(t.s, t.n, "ga") || is_word(t.s, t.n, "final") ||
	         is_word(t.s, t.n, "release"))
		t.s = "", t.n = 0;
	else if (before_digit && t.n == 1 && (*t.s == 'a' || *t.s == 'b' || *t.s == 'm'))
		t.s = *t.s == 'a' ? "alpha" : *t.s == 'b' ? "beta" : "milestone", t.n = strlen(t.s);
	if (tg_vnum_is(t.s, t.n)) {
		t.num = 1;
		while (t.n > 1 && *t.s == '0')
			t.s++, t.n--;
	}
	TG_ALLOC_GROW(v->t, v->nr + 1, v->alloc);
	v->t[v->nr++] = t;
}

static int is_null(const struct mtok *t)
{
	return (t->num && is_word(t->s, t->n, "0")) || !t->n;
}

static void trim(struct mver *v)
{
	size_t i = v->nr - 1;

	while (i > 0) {
		if (is_null(&v->t[i])) {
			memmove(&v->t[i], &v->t[i + 1], (v->nr - i - 1) * sizeof(*v->t));
			v->nr--;
			i--;
			continue;
		}
		/* on to the token before the previous '-', and trim from there */
		while (i > 0 && v->t[i].sep != '-')
			i--;
		if (!i)
			break;
		i--;
	}
}

static void parse(const char *s, struct mver *v)
{
	char *p;

	memset(v, 0, sizeof(*v));
	v->lower = tg_strdup(s);
	for (p = v->lower; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	p = v->lower;
	for (char sep = '.';;) {
		size_t n = strcspn(p, ".-");
		char *end = p + n, *q = p;

		/* the token's runs of digits and of other characters */
		do {
			char *r = q;
			int digit = isdigit((unsigned char)*q);

			while (r < end && !!isdigit((unsigned char)*r) == !!digit)
				r++;
			add_token(v, q == p ? sep : '-', q, (size_t)(r - q), r < end);
			q = r;
		} while (q < end);
		if (!*end)
			break;
		sep = *end;
		p = end + 1;
	}
	trim(v);
}

static int tok_cmp(const struct mtok *a, const struct mtok *b)
{
	int ra, rb;

	if (a->sep != b->sep) {
		/* .qualifier < -qualifier < -number < .number */
		ra = a->num ? (a->sep == '.' ? 3 : 2) : (a->sep == '.' ? 0 : 1);
		rb = b->num ? (b->sep == '.' ? 3 : 2) : (b->sep == '.' ? 0 : 1);
		return ra - rb;
	}
	if (a->num && b->num)
		return tg_vnum_cmp(a->s, a->n, b->s, b->n);
	/* numbers after qualifiers, unless the number is padding */
	if (a->num && !a->null)
		return 1;
	if (b->num && !b->null)
		return -1;
	ra = qualifier_rank(a);
	rb = qualifier_rank(b);
	if (ra == rb && ra == (int)TG_ARRAY_SIZE(qualifiers)) {
		int c = memcmp(a->s, b->s, a->n < b->n ? a->n : b->n);

		return c ? c : (a->n > b->n) - (a->n < b->n);
	}
	return ra - rb;
}

/* The null that pads the other version where it has t. */
static struct mtok pad(const struct mtok *t)
{
	struct mtok z = {t->sep, 0, 1, "", 0};

	if (t->sep == '.' && !is_word(t->s, t->n, "sp"))
		z.s = "0", z.n = 1, z.num = 1;
	return z;
}

static void release(struct mver *v)
{
	free(v->lower);
	free(v->t);
}

static int maven_cmp(const char *a, const char *b)
{
	struct mver x, y;
	int c = 0;

	parse(a, &x);
	parse(b, &y);
	for (size_t i = 0; !c && (i < x.nr || i < y.nr); i++) {
		struct mtok l = i < x.nr ? x.t[i] : pad(&y.t[i]);
		struct mtok r = i < y.nr ? y.t[i] : pad(&x.t[i]);

		if (l.sep == r.sep && l.n == r.n && !memcmp(l.s, r.s, l.n))
			continue;
		c = tok_cmp(&l, &r);
	}
	release(&x);
	release(&y);
	return c;
}

/* Anything printable without spaces: Maven itself orders any string. */
static int maven_valid(const char *v)
{
	if (!*v)
		return 0;
	for (; *v; v++)
		if ((unsigned char)*v <= ' ' || *v == 0x7f)
			return 0;
	return 1;
}

static int maven_is_prerelease(const char *v)
{
	struct mver x;
	int pre = 0;

	parse(v, &x);
	for (size_t i = 0; i < x.nr; i++)
		if (!x.t[i].num && qualifier_rank(&x.t[i]) < 5)
			pre = 1;
	release(&x);
	return pre;
}

const struct tg_scheme tg_scheme_maven = {maven_valid, maven_valid, maven_cmp, maven_is_prerelease};
