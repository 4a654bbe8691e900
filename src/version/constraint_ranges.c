/*
 * The interval syntaxes and the simple ones:
 *  - Maven: ranges [1,2) (,1.0] [1.5,) [1.0], unions "[1,2),[3,4)", and a
 *    soft requirement "1.0", exact for matching;
 *  - NuGet: the same intervals, a bare "1.0" meaning >=1.0, "1.*" floating;
 *  - RubyGems: comma-separated requirements = != > < >= <= ~> (default =),
 *    "~> 5.1.2" being >=5.1.2 and below 5.2's pre-releases;
 *  - Go: one exact version.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "version/constraint_int.h"

static const char *skip_ws(const char *q)
{
	while (*q == ' ' || *q == '\t')
		q++;
	return q;
}

/* [s, e) trimmed of spaces, as a new string. */
static char *trimmed(const char *s, const char *e, size_t *at, const char *base)
{
	s = skip_ws(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (at)
		*at = (size_t)(s - base);
	return tg_strndup(s, (size_t)(e - s));
}

/* One interval at q ('[' or '('): its end, or NULL with the error set. */
static const char *interval(struct cparse *p, const char *q)
{
	const char *t = p->text, *close = q + strcspn(q, "])"), *comma;
	size_t lo_at, hi_at;
	char *lo, *hi;
	int lo_inc = *q == '[', hi_inc = *close == ']', bad = 0;
	struct cset s = {0};

	if (!*close) {
		tg_error_set(TG_ERR_INPUT, "\"%s\": an interval without its ']' or ')'", t);
		return NULL;
	}
	cparse_alt(p, (size_t)(q - t), (size_t)(close + 1 - t));
	comma = memchr(q, ',', (size_t)(close - q));
	lo = trimmed(q + 1, comma ? comma : close, &lo_at, t);
	hi = comma ? trimmed(comma + 1, close, &hi_at, t) : tg_strdup(lo);
	if (!comma)
		hi_at = lo_at;
	if ((*lo && !cparse_version(p, lo, strlen(lo))) ||
	    (*hi && !cparse_version(p, hi, strlen(hi))))
		bad = 1;
	else if (!comma && (!lo_inc || !hi_inc || !*lo))
		bad = tg_error_set(TG_ERR_INPUT, "\"%s\": one version needs [v]", t) != 0;
	if (!bad) {
		cset_add(&s, *lo ? lo : NULL, lo_inc, *hi ? hi : NULL, hi_inc);
		cset_or(&p->set, &s);
		if (!comma) {
			cparse_term(p, TERM_EXACT, (size_t)(q - t), 1, lo_at, strlen(lo),
			            (size_t)(close + 1 - t));
			if (!p->exact)
				p->exact = tg_strdup(lo);
		} else {
			cparse_term(p, TERM_RANGE, (size_t)(q - t), 1, lo_at, strlen(lo),
			            (size_t)(comma - t));
			cparse_term(p, TERM_UPPER, (size_t)(close - t), 1, hi_at, strlen(hi),
			            (size_t)(close + 1 - t));
		}
	}
	free(lo);
	free(hi);
	return bad ? NULL : close + 1;
}

/* NuGet's floating "1.2.*": from 1.2 to below 1.3. */
static int floating(struct cparse *p, const char *v)
{
	struct partial pv;
	struct tg_buf lo, hi;

	if (partial_parse(v, strlen(v), 4, &pv) || !pv.wild || !pv.nr)
		return tg_error_set(TG_ERR_INPUT, "\"%s\" is not a NuGet version range", p->text);
	tg_buf_init(&lo, 16);
	tg_buf_init(&hi, 16);
	partial_fmt(&pv, pv.nr, 0, pv.nr, NULL, &lo);
	partial_fmt(&pv, pv.nr, 1, pv.nr, "-0", &hi);
	cset_add(&p->set, lo.buf, 1, hi.buf, 0);
	tg_buf_release(&lo);
	tg_buf_release(&hi);
	return TG_OK;
}

static int ranges(struct cparse *p, int nuget)
{
	const char *q = skip_ws(p->text), *t = p->text;

	if (*q != '[' && *q != '(') {
		size_t at;
		char *v = trimmed(q, q + strlen(q), &at, t);
		int r = TG_OK;

		cparse_alt(p, 0, strlen(t));
		if (nuget && strchr(v, '*')) {
			r = floating(p, v);
			if (!r)
				cparse_term(p, TERM_LOWER, at, 0, at, strlen(v), strlen(t))
				        ->carries_upper = 1;
		} else if (!cparse_version(p, v, strlen(v))) {
			r = TG_ERR_INPUT;
		} else if (nuget) {
			cset_op(&p->set, ">=", v);
			cparse_term(p, TERM_LOWER, at, 0, at, strlen(v), strlen(t));
		} else {
			cset_op(&p->set, "=", v);
			cparse_term(p, TERM_EXACT, at, 0, at, strlen(v), strlen(t));
			p->exact = tg_strdup(v);
		}
		free(v);
		return r;
	}
	for (;;) {
		if (!(q = interval(p, q)))
			return TG_ERR_INPUT;
		q = skip_ws(q);
		if (!*q)
			break;
		if (*q != ',' || nuget)
			return tg_error_set(TG_ERR_INPUT, "\"%s\": unexpected \"%s\"", t, q);
		q = skip_ws(q + 1);
		if (*q != '[' && *q != '(')
			return tg_error_set(TG_ERR_INPUT, "\"%s\": expected an interval at \"%s\"",
			                    t, q);
	}
	if (p->nalt != 1 || p->nterm != 1) {
		free(p->exact);
		p->exact = NULL;
	}
	return TG_OK;
}

int constraint_parse_maven(struct cparse *p)
{
	return ranges(p, 0);
}

int constraint_parse_nuget(struct cparse *p)
{
	return ranges(p, 1);
}

int constraint_parse_go(struct cparse *p)
{
	size_t at;
	char *v = trimmed(p->text, p->text + strlen(p->text), &at, p->text);
	int r = TG_OK;

	cparse_alt(p, 0, strlen(p->text));
	if (cparse_version(p, v, strlen(v))) {
		cset_op(&p->set, "=", v);
		cparse_term(p, TERM_EXACT, at, 0, at, strlen(v), strlen(p->text));
		p->exact = tg_strdup(v);
	} else {
		r = tg_error_set(TG_ERR_INPUT, "\"%s\": Go requires one exact version", p->text);
	}
	free(v);
	return r;
}

/* The upper end of "~> v": v's numbers without the last (unless alone), the new last plus one. */
static void pessimistic_upper(const char *v, struct tg_buf *out)
{
	size_t n = strspn(v, "0123456789."), last;

	while (n && v[n - 1] == '.')
		n--;
	/* drop the last number when there are two or more */
	if (memchr(v, '.', n))
		while (n && v[n - 1] != '.')
			n--, last = n;
	while (n && v[n - 1] == '.')
		n--;
	last = n;
	while (last && v[last - 1] != '.')
		last--;
	tg_buf_add(out, v, last);
	tg_vnum_inc(v + last, n - last, out);
	/* below every pre-release of that version ("A" is the least word) */
	tg_buf_adds(out, ".A");
}

int constraint_parse_rubygems(struct cparse *p)
{
	static const char *const ops[] = {"~>", ">=", "<=", "!=", "=", ">", "<"};
	const char *q = p->text, *t = p->text;
	size_t nexact = 0;

	cset_all(&p->set);
	cparse_alt(p, 0, strlen(t));
	for (;;) {
		const char *op = "", *vs, *ve = q + strcspn(q, ",");
		struct cset s = {0};
		struct cterm *term;
		size_t at;
		char *v;

		q = skip_ws(q);
		for (size_t i = 0; i < TG_ARRAY_SIZE(ops) && !*op; i++)
			if (!strncmp(q, ops[i], strlen(ops[i])))
				op = ops[i];
		vs = q + strlen(op);
		v = trimmed(vs, ve, &at, t);
		if (!cparse_version(p, v, strlen(v))) {
			free(v);
			return TG_ERR_INPUT;
		}
		term = cparse_term(p, TERM_LOWER, (size_t)(q - t), strlen(op), at, strlen(v),
		                   (size_t)(ve - t));
		if (!strcmp(op, "~>")) {
			struct tg_buf hi;

			tg_buf_init(&hi, 16);
			pessimistic_upper(v + strspn(v, " \t"), &hi);
			cset_add(&s, v, 1, hi.buf, 0);
			tg_buf_release(&hi);
			term->carries_upper = 1;
		} else {
			cset_op(&s, *op ? op : "=", v);
			term->kind = *op == '<'   ? TERM_UPPER
			             : *op == '!' ? TERM_NE
			             : *op == '>' ? TERM_LOWER
			                          : TERM_EXACT;
			if (term->kind == TERM_EXACT && !nexact++)
				p->exact = tg_strdup(v);
		}
		free(v);
		cset_and(p->eco, &p->set, &s);
		cset_release(&s);
		if (!*ve)
			break;
		q = ve + 1;
	}
	if (nexact != 1 || p->nterm != 1) {
		free(p->exact);
		p->exact = NULL;
	}
	return TG_OK;
}
