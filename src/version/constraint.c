/*
 * Constraints as unions of intervals (version.h): the set operations every
 * syntax builds with, tg_constraint_parse's dispatch and
 * tg_constraint_allows.
 */
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "version/constraint_int.h"

static char *dup_or_null(const char *s)
{
	return s ? tg_strdup(s) : NULL;
}

void cset_release(struct cset *s)
{
	for (size_t i = 0; i < s->nr; i++) {
		free(s->v[i].lo.version);
		free(s->v[i].hi.version);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}

void cset_add(struct cset *s, const char *lo, int lo_inc, const char *hi, int hi_inc)
{
	TG_ALLOC_GROW(s->v, s->nr + 1, s->alloc);
	s->v[s->nr].lo.version = dup_or_null(lo);
	s->v[s->nr].lo.inclusive = lo ? lo_inc : 0;
	s->v[s->nr].hi.version = dup_or_null(hi);
	s->v[s->nr].hi.inclusive = hi ? hi_inc : 0;
	s->nr++;
}

void cset_all(struct cset *s)
{
	cset_add(s, NULL, 0, NULL, 0);
}

void cset_op(struct cset *s, const char *op, const char *v)
{
	if (!strcmp(op, ">="))
		cset_add(s, v, 1, NULL, 0);
	else if (!strcmp(op, ">"))
		cset_add(s, v, 0, NULL, 0);
	else if (!strcmp(op, "<="))
		cset_add(s, NULL, 0, v, 1);
	else if (!strcmp(op, "<"))
		cset_add(s, NULL, 0, v, 0);
	else if (!strcmp(op, "!=")) {
		cset_add(s, NULL, 0, v, 0);
		cset_add(s, v, 0, NULL, 0);
	} else
		cset_add(s, v, 1, v, 1);
}

static int vcmp(enum tg_eco eco, const char *a, const char *b)
{
	int c = 0;

	tg_version_cmp(eco, a, b, &c);
	return c;
}

/* The intersection of x and y into out; 0 when it is empty. */
static int intersect(enum tg_eco eco, const struct tg_version_interval *x,
                     const struct tg_version_interval *y, struct tg_version_interval *out)
{
	const struct tg_version_bound *lo = &x->lo, *hi = &x->hi;
	int c;

	if (!lo->version || (y->lo.version && (c = vcmp(eco, y->lo.version, lo->version)) > 0))
		lo = &y->lo;
	else if (y->lo.version && !c && !y->lo.inclusive)
		lo = &y->lo;
	if (!hi->version || (y->hi.version && (c = vcmp(eco, y->hi.version, hi->version)) < 0))
		hi = &y->hi;
	else if (y->hi.version && !c && !y->hi.inclusive)
		hi = &y->hi;
	if (lo->version && hi->version) {
		c = vcmp(eco, lo->version, hi->version);
		if (c > 0 || (!c && !(lo->inclusive && hi->inclusive)))
			return 0;
	}
	out->lo = *lo;
	out->hi = *hi;
	return 1;
}

void cset_and(enum tg_eco eco, struct cset *a, const struct cset *b)
{
	struct cset r = {0};

	for (size_t i = 0; i < a->nr; i++)
		for (size_t j = 0; j < b->nr; j++) {
			struct tg_version_interval v;

			if (intersect(eco, &a->v[i], &b->v[j], &v))
				cset_add(&r, v.lo.version, v.lo.inclusive, v.hi.version,
				         v.hi.inclusive);
		}
	cset_release(a);
	*a = r;
}

void cset_or(struct cset *a, struct cset *b)
{
	for (size_t i = 0; i < b->nr; i++) {
		TG_ALLOC_GROW(a->v, a->nr + 1, a->alloc);
		a->v[a->nr++] = b->v[i];
	}
	free(b->v);
	memset(b, 0, sizeof(*b));
}

struct cterm *cparse_term(struct cparse *p, enum term_kind kind, size_t op_at, size_t op_len,
                          size_t ver_at, size_t ver_len, size_t end)
{
	struct cterm *t;

	TG_ALLOC_GROW(p->term, p->nterm + 1, p->aterm);
	t = &p->term[p->nterm++];
	/* the alternative is recorded before its terms */
	*t = (struct cterm){
	        p->nalt ? p->nalt - 1 : 0, kind, op_at, op_len, ver_at, ver_len, end, 0};
	return t;
}

void cparse_alt(struct cparse *p, size_t start, size_t end)
{
	/* spaces around an alternative belong to the separators */
	while (start < end && (p->text[start] == ' ' || p->text[start] == '\t'))
		start++;
	while (end > start && (p->text[end - 1] == ' ' || p->text[end - 1] == '\t'))
		end--;
	TG_ALLOC_GROW(p->alt, p->nalt + 1, p->aalt);
	p->alt[p->nalt++] = (struct calt){start, end};
}

int cparse_version(const struct cparse *p, const char *v, size_t n)
{
	char *s = tg_strndup(v, n);
	int ok = tg_version_valid(p->eco, s);

	if (!ok)
		tg_error_set(TG_ERR_INPUT, "\"%s\" in \"%s\" is not a %s version", s, p->text,
		             tg_eco_name(p->eco));
	free(s);
	return ok;
}

void tg_vnum_inc(const char *s, size_t n, struct tg_buf *out)
{
	size_t start = out->len;
	int carry = 1;

	tg_buf_add(out, s, n);
	for (size_t i = out->len; i-- > start && carry;) {
		if (out->buf[i] == '9') {
			out->buf[i] = '0';
		} else {
			out->buf[i]++;
			carry = 0;
		}
	}
	if (carry) {
		tg_buf_addch(out, '0');
		memmove(out->buf + start + 1, out->buf + start, out->len - start - 1);
		out->buf[start] = '1';
	}
}

int partial_parse(const char *v, size_t n, int maxnum, struct partial *out)
{
	const char *p = v, *e = v + n;

	memset(out, 0, sizeof(*out));
	while (p < e && (*p == 'v' || *p == 'V' || *p == '='))
		p++;
	for (;;) {
		const char *s = p;

		if (p < e && (*p == 'x' || *p == 'X' || *p == '*')) {
			out->wild = 1;
			p++;
		} else {
			while (p < e && *p >= '0' && *p <= '9')
				p++;
			if (p == s || out->wild || out->nr == maxnum)
				return -1;
			out->num[out->nr] = s;
			out->len[out->nr++] = (size_t)(p - s);
		}
		if (p < e && *p == '.' && p + 1 < e && (p[1] != '-' && p[1] != '+'))
			p++;
		else
			break;
	}
	/* after a wildcard only more wildcards, which the loop took */
	out->rest = p;
	out->rest_len = (size_t)(e - p);
	if (out->wild && p != e)
		return -1;
	return 0;
}

void partial_fmt(const struct partial *pv, int k, int bump_last, int width, const char *suffix,
                 struct tg_buf *out)
{
	for (int i = 0; i < width; i++) {
		if (i)
			tg_buf_addch(out, '.');
		if (i >= k)
			tg_buf_addch(out, '0');
		else if (i == k - 1 && bump_last)
			tg_vnum_inc(pv->num[i], pv->len[i], out);
		else
			tg_buf_add(out, pv->num[i], pv->len[i]);
	}
	if (suffix)
		tg_buf_adds(out, suffix);
}

void cparse_release(struct cparse *p)
{
	cset_release(&p->set);
	free(p->term);
	free(p->alt);
	free(p->exact);
	memset(p, 0, sizeof(*p));
}

int cparse_run(enum tg_eco eco, const char *text, struct cparse *p)
{
	static int (*const parsers[TG_ECO_COUNT])(struct cparse *) = {
	        [TG_ECO_PYPI] = constraint_parse_pep440,
	        [TG_ECO_NPM] = constraint_parse_npm,
	        [TG_ECO_CRATES] = constraint_parse_cargo,
	        [TG_ECO_GO] = constraint_parse_go,
	        [TG_ECO_MAVEN] = constraint_parse_maven,
	        [TG_ECO_NUGET] = constraint_parse_nuget,
	        [TG_ECO_RUBYGEMS] = constraint_parse_rubygems,
	        [TG_ECO_PACKAGIST] = constraint_parse_composer,
	};
	int r;

	memset(p, 0, sizeof(*p));
	p->eco = eco;
	p->text = text;
	if (eco >= TG_ECO_COUNT || !parsers[eco])
		return tg_error_set(TG_ERR_INPUT, "no constraints for ecosystem %s",
		                    tg_eco_name(eco));
	/* "", "*" and "latest" are any version, in every syntax */
	{
		size_t b = strspn(text, " \t"), e = strlen(text);

		while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t'))
			e--;
		if (e == b || (e - b == 1 && text[b] == '*') ||
		    (e - b == 6 && !strncmp(text + b, "latest", 6))) {
			cset_all(&p->set);
			cparse_alt(p, 0, strlen(text));
			cparse_term(p, TERM_ALL, b, e - b, b, e - b, e);
			return TG_OK;
		}
	}
	r = parsers[eco](p);
	if (r)
		cparse_release(p);
	return r;
}

int tg_constraint_parse(enum tg_eco eco, const char *text, struct tg_constraint *out)
{
	struct cparse p;
	int r;

	memset(out, 0, sizeof(*out));
	if ((r = cparse_run(eco, text, &p)))
		return r;
	out->eco = eco;
	out->text = tg_strdup(text);
	out->v = p.set.v;
	out->nr = p.set.nr;
	out->exact = p.exact;
	p.set.v = NULL;
	p.set.nr = 0;
	p.exact = NULL;
	cparse_release(&p);
	return TG_OK;
}

void tg_constraint_release(struct tg_constraint *c)
{
	struct cset s = {c->v, c->nr, c->nr};

	cset_release(&s);
	free(c->text);
	free(c->exact);
	memset(c, 0, sizeof(*c));
}

static int in_interval(enum tg_eco eco, const struct tg_version_interval *iv, const char *v)
{
	int c;

	if (iv->lo.version) {
		c = vcmp(eco, v, iv->lo.version);
		if (c < 0 || (!c && !iv->lo.inclusive))
			return 0;
	}
	if (iv->hi.version) {
		c = vcmp(eco, v, iv->hi.version);
		if (c > 0 || (!c && !iv->hi.inclusive))
			return 0;
	}
	return 1;
}

int tg_constraint_allows(const struct tg_constraint *c, const char *v, int *allows)
{
	char *pub = NULL;
	int dummy;

	*allows = 0;
	if (tg_version_cmp(c->eco, v, v, &dummy))
		return TG_ERR_INPUT;
	/* PEP 440: a local label (+ubuntu1) does not count against a public specifier */
	if (c->eco == TG_ECO_PYPI && strchr(v, '+')) {
		pub = tg_strndup(v, strcspn(v, "+"));
		if (tg_version_valid(c->eco, pub))
			v = pub;
	}
	for (size_t i = 0; i < c->nr && !*allows; i++)
		*allows = in_interval(c->eco, &c->v[i], v);
	free(pub);
	return TG_OK;
}
