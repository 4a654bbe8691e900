/*
 * RubyGems' Gem::Version: a '-' reads as ".pre."; the segments are the runs
 * of digits and of letters; a letter segment makes the version a
 * prerelease. Trailing zeros are dropped from the numeric part and from the
 * part after the first letter segment; segments compare pairwise (missing ones
 * are 0), numbers by value, words as strings, a word below a number.
 */
#include <ctype.h>
#include <string.h>

#include "util/alloc.h"
#include "version/scheme.h"

struct gseg {
	const char *s;
	size_t n;
	int num;
};

struct gver {
	struct gseg seg[64];
	size_t nr;
	int overflow;
};

static const char pre_word[] = "pre";

static void add(struct gver *v, const char *s, size_t n, int num)
{
	if (v->nr == TG_ARRAY_SIZE(v->seg)) {
		v->overflow = 1;
		return;
	}
	v->seg[v->nr++] = (struct gseg){s, n, num};
}

/* Drops zeros at the end of seg[from..nr). */
static void drop_zeros(struct gseg *seg, size_t from, size_t *nr)
{
	while (*nr > from && seg[*nr - 1].num &&
	       !tg_vnum_cmp(seg[*nr - 1].s, seg[*nr - 1].n, "0", 1))
		(*nr)--;
}

static void parse(const char *p, struct gver *v)
{
	size_t first_word, nr;
	struct gseg tail[TG_ARRAY_SIZE(v->seg)];

	v->nr = 0;
	v->overflow = 0;
	while (*p) {
		const char *s = p;

		if (*p == '-') {
			add(v, pre_word, 3, 0);
			p++;
		} else if (isdigit((unsigned char)*p)) {
			while (isdigit((unsigned char)*p))
				p++;
			add(v, s, (size_t)(p - s), 1);
		} else if (isalpha((unsigned char)*p)) {
			while (isalpha((unsigned char)*p))
				p++;
			add(v, s, (size_t)(p - s), 0);
		} else {
			p++;
		}
	}
	for (first_word = 0; first_word < v->nr && v->seg[first_word].num; first_word++)
		;
	nr = v->nr - first_word;
	memcpy(tail, v->seg + first_word, nr * sizeof(*tail));
	drop_zeros(tail, 0, &nr);
	v->nr = first_word;
	drop_zeros(v->seg, 0, &v->nr);
	memcpy(v->seg + v->nr, tail, nr * sizeof(*tail));
	v->nr += nr;
}

static int seg_cmp(const struct gseg *a, const struct gseg *b)
{
	int c;

	if (a->num && b->num)
		return tg_vnum_cmp(a->s, a->n, b->s, b->n);
	if (a->num != b->num)
		return a->num ? 1 : -1;
	c = memcmp(a->s, b->s, a->n < b->n ? a->n : b->n);
	return c ? c : (a->n > b->n) - (a->n < b->n);
}

static int gem_cmp(const char *a, const char *b)
{
	static const struct gseg zero = {"0", 1, 1};
	struct gver x, y;

	parse(a, &x);
	parse(b, &y);
	for (size_t i = 0; i < x.nr || i < y.nr; i++) {
		int c = seg_cmp(i < x.nr ? &x.seg[i] : &zero, i < y.nr ? &y.seg[i] : &zero);

		if (c)
			return c;
	}
	return 0;
}

/*
 * Gem::Version's pattern, loosened as OSV's data needs ("1beta"): optional
 * spaces around digits first, then digits, letters, '.' and '-'.
 */
static int gem_valid(const char *v)
{
	const char *e;
	struct gver x;

	while (*v == ' ' || *v == '\t')
		v++;
	if (!isdigit((unsigned char)*v))
		return 0;
	e = v + strspn(v, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-");
	while (*e == ' ' || *e == '\t')
		e++;
	if (*e)
		return 0;
	parse(v, &x);
	return !x.overflow;
}

static int gem_is_prerelease(const char *v)
{
	for (; *v; v++)
		if (isalpha((unsigned char)*v) || *v == '-')
			return 1;
	return 0;
}

const struct tg_scheme tg_scheme_rubygems = {gem_valid, gem_valid, gem_cmp, gem_is_prerelease};
