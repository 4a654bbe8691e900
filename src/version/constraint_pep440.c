/*
 * PEP 440 specifiers: comma-separated (AND) clauses ~= == != <= >= < > ===,
 * with == and != taking a trailing ".*". As intervals:
 *  - "==1.2.*" is [1.2.dev0, 1.3.dev0), the versions whose release starts 1.2;
 *  - "~=1.4.5" is >=1.4.5 with ==1.4.*;
 *  - "<2.0" stops below 2.0's pre-releases (<2.0.dev0), as PEP 440 says;
 *  - simplified: ">1.0" still admits 1.0's post-releases, pre-releases are not
 *    excluded by default, and "===" is "==".
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "version/constraint_int.h"

static const char *const ops[] = {"===", "~=", "==", "!=", "<=", ">=", "<", ">"};

/* The release numbers of version text v: where they start (after any epoch) and end. */
static void release_span(const char *v, const char **start, const char **end)
{
	const char *p = v;

	while (isspace((unsigned char)*p))
		p++;
	if (*p == 'v' || *p == 'V')
		p++;
	*start = p;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '!')
		*start = ++p;
	while (isdigit((unsigned char)*p) || (*p == '.' && isdigit((unsigned char)p[1])))
		p++;
	*end = p;
}

/* The prefix v[0..upto) with its last number (ending at upto) plus one, then ".dev0". */
static void bumped_dev0(const char *v, const char *rel, const char *upto, struct tg_buf *out)
{
	const char *last = upto;

	while (last > rel && last[-1] != '.')
		last--;
	tg_buf_add(out, v, (size_t)(last - v));
	tg_vnum_inc(last, (size_t)(upto - last), out);
	tg_buf_adds(out, ".dev0");
}

static int is_plain_release(const char *v)
{
	const char *s, *e;

	release_span(v, &s, &e);
	while (isspace((unsigned char)*e))
		e++;
	return !*e;
}

static int clause(struct cparse *p, const char *op, const char *v, struct cset *s, struct cterm *t)
{
	size_t n = strlen(v);
	struct tg_buf lo, hi;
	const char *rs, *re;

	tg_buf_init(&lo, n + 8);
	tg_buf_init(&hi, n + 8);
	if (n > 2 && !strcmp(v + n - 2, ".*") && (!strcmp(op, "==") || !strcmp(op, "!="))) {
		tg_buf_add(&lo, v, n - 2);
		if (!tg_version_valid(TG_ECO_PYPI, lo.buf) || !is_plain_release(lo.buf))
			goto bad;
		release_span(lo.buf, &rs, &re);
		bumped_dev0(lo.buf, rs, re, &hi);
		tg_buf_adds(&lo, ".dev0");
		if (*op == '=') {
			cset_add(s, lo.buf, 1, hi.buf, 0);
			t->kind = TERM_LOWER;
			t->carries_upper = 1;
		} else {
			cset_add(s, NULL, 0, lo.buf, 0);
			cset_add(s, hi.buf, 1, NULL, 0);
		}
	} else if (!tg_version_valid(TG_ECO_PYPI, v)) {
		goto bad;
	} else if (!strcmp(op, "~=")) {
		release_span(v, &rs, &re);
		if (!memchr(rs, '.', (size_t)(re - rs)))
			goto bad;
		while (re[-1] != '.')
			re--;
		bumped_dev0(v, rs, re - 1, &hi);
		cset_add(s, v, 1, hi.buf, 0);
	} else if (!strcmp(op, "<") && is_plain_release(v)) {
		tg_buf_adds(&hi, v);
		tg_buf_adds(&hi, ".dev0");
		cset_add(s, NULL, 0, hi.buf, 0);
	} else {
		cset_op(s, !strcmp(op, "===") || !strcmp(op, "==") ? "=" : op, v);
	}
	tg_buf_release(&lo);
	tg_buf_release(&hi);
	return TG_OK;
bad:
	tg_buf_release(&lo);
	tg_buf_release(&hi);
	return tg_error_set(TG_ERR_INPUT, "\"%s%s\" in \"%s\" is not a PEP 440 specifier", op, v,
	                    p->text);
}

static enum term_kind kind_of(const char *op)
{
	if (!strcmp(op, "==") || !strcmp(op, "==="))
		return TERM_EXACT;
	if (*op == '<')
		return TERM_UPPER;
	if (*op == '!')
		return TERM_NE;
	return TERM_LOWER;
}

int constraint_parse_pep440(struct cparse *p)
{
	const char *t = p->text, *q = t;
	size_t nexact = 0;

	cset_all(&p->set);
	cparse_alt(p, 0, strlen(t));
	for (;;) {
		const char *op = NULL, *vs, *ve;
		struct cset s = {0};
		struct cterm *term;
		char *v;
		int r;

		while (isspace((unsigned char)*q))
			q++;
		for (size_t i = 0; i < TG_ARRAY_SIZE(ops) && !op; i++)
			if (!strncmp(q, ops[i], strlen(ops[i])))
				op = ops[i];
		if (!op)
			return tg_error_set(TG_ERR_INPUT, "\"%s\": expected a comparison at \"%s\"",
			                    p->text, q);
		vs = q + strlen(op);
		while (isspace((unsigned char)*vs))
			vs++;
		ve = vs + strcspn(vs, ",");
		while (ve > vs && isspace((unsigned char)ve[-1]))
			ve--;
		v = tg_strndup(vs, (size_t)(ve - vs));
		term = cparse_term(p, kind_of(op), (size_t)(q - t), strlen(op), (size_t)(vs - t),
		                   (size_t)(ve - vs), (size_t)(ve - t));
		term->carries_upper = !strcmp(op, "~=");
		r = clause(p, op, v, &s, term);
		if (!r && term->kind == TERM_EXACT && !nexact++)
			p->exact = tg_strdup(v);
		free(v);
		if (r) {
			cset_release(&s);
			return r;
		}
		cset_and(p->eco, &p->set, &s);
		cset_release(&s);
		q = ve + strspn(ve, " \t\r\n");
		if (!*q)
			break;
		if (*q != ',')
			return tg_error_set(TG_ERR_INPUT, "\"%s\": expected ',' at \"%s\"", p->text,
			                    q);
		q++;
	}
	if (nexact != 1 || p->nterm != 1) {
		free(p->exact);
		p->exact = NULL;
	}
	return TG_OK;
}
