/*
 * Packagist: Composer's order, which is PHP's version_compare on the version
 * with its "v" dropped. The version is canonicalised ('-', '_' and '+' become
 * '.', and a '.' goes between digits and other characters), split at '.',
 * and compared part by part: numbers by value; words by their stability,
 * found by prefix: dev < alpha = a < beta = b < RC = rc < "#" (a number
 * compared to a word) < patch = pl = p; other words rank with dev. Where one
 * version has more parts, a number there makes it greater, a word is
 * compared with "#" (so 1.0 < 1.0pl1 but 1.0 > 1.0-dev). As in PHP, words
 * are case-sensitive (only "RC" is known in capitals) and "stable" is just
 * another word: OSV's vectors hold "v1.9.0-ALPHA.1 = v1.9.0-BETA.1" and
 * "5.1.0-stable < 5.1.0-beta2", which Composer's own normalisation would break.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "version/scheme.h"

/* The canonical form into a new string. */
static char *canonical(const char *v)
{
	struct tg_buf b;
	size_t n = strlen(v);

	if (*v == 'v' || *v == 'V')
		v++, n--;
	tg_buf_init(&b, n + 8);
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)v[i];

		if (c == '-' || c == '_' || c == '+')
			c = '.';
		if (i && c != '.' && v[i - 1] != '.' && !strchr("-_+", v[i - 1]) &&
		    !!isdigit(c) != !!isdigit((unsigned char)v[i - 1]))
			tg_buf_addch(&b, '.');
		tg_buf_addch(&b, c);
	}
	return tg_buf_detach(&b, NULL);
}

static int weight(const char *s, size_t n)
{
	static const struct {
		const char *prefix;
		int w;
	} forms[] = {{"dev", 0}, {"a", 1}, {"b", 2}, {"RC", 3}, {"rc", 3}, {"#", 4}, {"p", 5}};

	for (size_t i = 0; i < TG_ARRAY_SIZE(forms); i++) {
		size_t k = strlen(forms[i].prefix);

		if (n >= k && !strncmp(s, forms[i].prefix, k))
			return forms[i].w;
	}
	return 0;
}

static int part_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	int anum = tg_vnum_is(a, an), bnum = tg_vnum_is(b, bn);

	if (anum && bnum)
		return tg_vnum_cmp(a, an, b, bn);
	return (anum ? 4 : weight(a, an)) - (bnum ? 4 : weight(b, bn));
}

/* The rest of a longer version against nothing: a number wins, a word is compared with "#". */
static int rest_cmp(const char *p)
{
	size_t n = strcspn(p, ".");

	if (tg_vnum_is(p, n))
		return 1;
	for (;;) {
		int c = part_cmp(p, n, "#", 1);

		if (c || !p[n])
			return c ? c : 0;
		/* "#" ran out: what is left of p against nothing again */
		p += n + 1;
		n = strcspn(p, ".");
		if (tg_vnum_is(p, n))
			return 1;
	}
}

static int composer_cmp(const char *a, const char *b)
{
	char *x = canonical(a), *y = canonical(b);
	const char *p = x, *q = y;
	int c = 0;

	for (;;) {
		size_t pn = strcspn(p, "."), qn = strcspn(q, ".");

		if ((c = part_cmp(p, pn, q, qn)))
			break;
		p += pn;
		q += qn;
		if (!*p || !*q) {
			c = !*p && !*q ? 0 : *p ? rest_cmp(p + 1) : -rest_cmp(q + 1);
			break;
		}
		p++, q++;
	}
	free(x);
	free(y);
	return c;
}

/* Versions and branch names ("dev-main"): printable, without spaces. */
static int composer_valid(const char *v)
{
	if (!*v)
		return 0;
	for (; *v; v++)
		if ((unsigned char)*v <= ' ' || *v == 0x7f)
			return 0;
	return 1;
}

/* Below stable: a dev, alpha, beta or RC part, or a dev branch. */
static int composer_is_prerelease(const char *v)
{
	char *x = canonical(v);
	int pre = 0;

	for (const char *p = x; *p;) {
		size_t n = strcspn(p, ".");

		if (n && !tg_vnum_is(p, n) && weight(p, n) < 4)
			pre = 1;
		p += n + !!p[n];
	}
	free(x);
	return pre;
}

const struct tg_scheme tg_scheme_composer = {composer_valid, composer_valid, composer_cmp,
                                             composer_is_prerelease};
