/*
 * npm ranges, Cargo requirements and Composer constraints, which share
 * caret, tilde, x-ranges and partial versions:
 *  - npm: "||" alternatives of space-separated comparators, hyphen ranges
 *    "1.2 - 2.3", ^ ~ x-ranges; a bare full version is exact;
 *  - Cargo: comma-separated comparators, a bare version meaning ^;
 *  - Composer: "||" or "|" alternatives of comparators separated by spaces or
 *    commas, ^ ~ (~1.2 is up to 2.0) wildcards, hyphens, @stability flags
 *    dropped; upper bounds end in "-dev" as Composer's do (lower ones admit
 *    stable versions only, as Composer's default minimum-stability).
 * Upper bounds made from ^ ~ and x-ranges stop below the next version's
 * pre-releases (<2.0.0-0; Composer <2.0.0-dev). Simplified: npm's rule that
 * a pre-release matches only a comparator with the same major.minor.patch is
 * not applied; intervals admit pre-releases between their bounds.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "version/constraint_int.h"
#include "version/scheme.h"

struct flavour {
	enum tg_eco eco;
	int width;         /* numbers in a full version */
	const char *below; /* the suffix of an upper bound below pre-releases */
	int bare_caret;    /* Cargo: "1.2" means ^1.2 */
	int composer;      /* Composer's tilde, partial comparators and -dev bounds */
};

static const struct flavour npm = {TG_ECO_NPM, 3, "-0", 0, 0},
                            cargo = {TG_ECO_CRATES, 3, "-0", 1, 0},
                            composer = {TG_ECO_PACKAGIST, 3, "-dev", 0, 1};

static const char *const ops[] = {"<=", ">=", "==", "!=", "<>", "<", ">", "=", "^", "~"};

/* One comparator (op may be "") on version text v into s; its term kind into *kind. */
static int simple(const struct cparse *p, const struct flavour *f, const char *op, const char *v,
                  size_t n, struct cset *s, enum term_kind *kind, int *carries)
{
	struct partial pv;
	struct tg_buf lo, hi;
	int width, k, full, bump;
	const char *rest_suffix;

	*carries = 0;
	if (f->bare_caret && !*op)
		op = "^";
	if (partial_parse(v, n, f->composer ? 4 : 3, &pv)) {
		/* Composer's branches ("dev-main") are exact versions */
		if (f->composer && (!*op || !strcmp(op, "=") || !strcmp(op, "==")) &&
		    cparse_version(p, v, n)) {
			char *x = tg_strndup(v, n);
			cset_op(s, "=", x);
			free(x);
			*kind = TERM_EXACT;
			return TG_OK;
		}
		return tg_error_set(TG_ERR_INPUT, "\"%.*s\" in \"%s\" is not a version", (int)n, v,
		                    p->text);
	}
	k = pv.nr;
	/* Composer's order (PHP's) has 1.5 < 1.5.0: its versions stay as written */
	width = f->composer ? (k ? k : 1) : k > f->width ? k : f->width;
	full = (k >= f->width || (f->composer && pv.rest_len)) && !pv.wild;
	if (pv.rest_len && !full)
		return tg_error_set(TG_ERR_INPUT, "\"%.*s\" in \"%s\": a suffix needs %d numbers",
		                    (int)n, v, p->text, f->width);
	if (full && !cparse_version(p, pv.num[0], (size_t)(v + n - pv.num[0])))
		return TG_ERR_INPUT;
	rest_suffix = full && pv.rest_len ? NULL : f->below;
	tg_buf_init(&lo, n + 8);
	tg_buf_init(&hi, n + 8);
	partial_fmt(&pv, k, 0, width, NULL, &lo);
	if (full)
		tg_buf_add(&lo, pv.rest, pv.rest_len);
	*kind = TERM_LOWER;
	if (!strcmp(op, "^") || !strcmp(op, "~") ||
	    ((!*op || *op == '=') && !full && (!f->composer || pv.wild || !k))) {
		*carries = 1;
		if (!*op || *op == '=') {
			*kind = k ? TERM_EXACT : TERM_ALL;
			bump = k - 1;
		} else if (*op == '~') {
			bump = f->composer ? (k <= 2 ? 0 : k - 2) : (k <= 1 ? 0 : 1);
		} else {
			for (bump = 0; bump < k - 1; bump++)
				if (tg_vnum_cmp(pv.num[bump], pv.len[bump], "0", 1))
					break;
		}
		if (!k) {
			cset_all(s);
		} else {
			partial_fmt(&pv, bump + 1, 1, width, f->below, &hi);
			cset_add(s, lo.buf, 1, hi.buf, 0);
		}
	} else if (!*op || *op == '=') {
		*kind = TERM_EXACT;
		cset_op(s, "=", lo.buf);
	} else if (!strcmp(op, "!=") || !strcmp(op, "<>")) {
		*kind = TERM_NE;
		cset_op(s, "!=", lo.buf);
	} else if (!k) {
		/* ">*" and "<*" admit nothing; ">=*" and "<=*" anything */
		if (strlen(op) == 2)
			cset_all(s);
		*kind = *op == '<' ? TERM_UPPER : TERM_LOWER;
	} else if (full || f->composer) {
		if (f->composer && !pv.rest_len && !strcmp(op, "<"))
			tg_buf_adds(&lo, rest_suffix);
		cset_op(s, op, lo.buf);
		*kind = *op == '<' ? TERM_UPPER : TERM_LOWER;
	} else {
		/* npm and Cargo partials: >1.2 is >=1.3.0, <=1.2 is <1.3.0-0, <1.2 is <1.2.0-0 */
		partial_fmt(&pv, k, 1, width, NULL, &hi);
		if (*op == '>') {
			cset_op(s, ">=", op[1] ? lo.buf : hi.buf);
		} else {
			struct tg_buf *b = op[1] ? &hi : &lo;
			tg_buf_adds(b, f->below);
			cset_op(s, "<", b->buf);
		}
		*kind = *op == '<' ? TERM_UPPER : TERM_LOWER;
	}
	tg_buf_release(&lo);
	tg_buf_release(&hi);
	return TG_OK;
}

static const char *skip_ws(const char *q)
{
	while (*q == ' ' || *q == '\t')
		q++;
	return q;
}

/* Applies one comparator at q (operator, optional spaces, version) to set; returns its end. */
static const char *comparator(struct cparse *p, const struct flavour *f, const char *q,
                              const char *end, const char *stops, struct cset *set, int *err)
{
	const char *op = "", *vs, *ve, *t = p->text;
	struct cset s = {0};
	enum term_kind kind;
	struct cterm *term;
	int carries;
	char opbuf[3] = "";

	for (size_t i = 0; i < TG_ARRAY_SIZE(ops); i++)
		if (!strncmp(q, ops[i], strlen(ops[i]))) {
			op = ops[i];
			break;
		}
	vs = skip_ws(q + strlen(op));
	ve = vs;
	while (ve < end && !strchr(stops, *ve))
		ve++;
	memcpy(opbuf, op, strlen(op));
	if (!strcmp(op, "=="))
		opbuf[1] = '\0';
	/* Composer's stability flags (@dev) narrow nothing we match */
	{
		const char *at = memchr(vs, '@', (size_t)(ve - vs));
		size_t vlen = (size_t)((f->composer && at ? at : ve) - vs);

		while (vlen && (vs[vlen - 1] == ' ' || vs[vlen - 1] == '\t'))
			vlen--;

		if (!vlen) {
			*err = tg_error_set(TG_ERR_INPUT, "\"%s\": no version after \"%s\"", t, op);
			return NULL;
		}
		if ((*err = simple(p, f, opbuf, vs, vlen, &s, &kind, &carries))) {
			cset_release(&s);
			return NULL;
		}
		term = cparse_term(p, kind, (size_t)(q - t), strlen(op), (size_t)(vs - t), vlen,
		                   (size_t)(ve - t));
		term->carries_upper = carries;
		if (kind == TERM_EXACT && !carries && !p->exact)
			p->exact = tg_strndup(vs, vlen);
	}
	cset_and(p->eco, set, &s);
	cset_release(&s);
	return ve;
}

/* "A - B": from A's start to the end of B's partial range. */
static int hyphen(struct cparse *p, const struct flavour *f, const char *a, const char *dash,
                  const char *end, struct cset *set)
{
	const char *b = skip_ws(dash + 1), *ae = dash, *be = end, *t = p->text;
	struct cset s = {0};
	struct partial pb;
	enum term_kind kind;
	int carries, r;

	while (ae > a && (ae[-1] == ' ' || ae[-1] == '\t'))
		ae--;
	while (be > b && (be[-1] == ' ' || be[-1] == '\t'))
		be--;
	if ((r = simple(p, f, ">=", a, (size_t)(ae - a), &s, &kind, &carries)))
		goto out;
	cset_and(p->eco, set, &s);
	cset_release(&s);
	cparse_term(p, TERM_LOWER, (size_t)(a - t), 0, (size_t)(a - t), (size_t)(ae - a),
	            (size_t)(ae - t));
	if (partial_parse(b, (size_t)(be - b), f->composer ? 4 : 3, &pb)) {
		r = tg_error_set(TG_ERR_INPUT, "\"%s\": \"%.*s\" is not a version", t,
		                 (int)(be - b), b);
		goto out;
	}
	/* a partial upper end is up to its next version: 1.2.3 - 2.3 is <2.4.0-0 */
	r = simple(p, f,
	           pb.nr >= f->width && !pb.wild ? "<="
	           : pb.nr                       ? "<"
	                                         : ">=",
	           b, (size_t)(be - b), &s, &kind, &carries);
	if (!r && pb.nr && (pb.nr < f->width || pb.wild)) {
		struct tg_buf up;

		cset_release(&s);
		tg_buf_init(&up, 16);
		partial_fmt(&pb, pb.nr, 1, f->width, f->below, &up);
		cset_op(&s, "<", up.buf);
		tg_buf_release(&up);
	}
	if (!r) {
		cset_and(p->eco, set, &s);
		cparse_term(p, TERM_UPPER, (size_t)(dash - t), 1, (size_t)(b - t), (size_t)(be - b),
		            (size_t)(be - t));
	}
out:
	cset_release(&s);
	return r;
}

/* One alternative [q, end): comparators separated by spaces (and commas for Cargo, Composer). */
static int alternative(struct cparse *p, const struct flavour *f, const char *q, const char *end)
{
	const char *stops = f->eco == TG_ECO_NPM ? " \t" : f->composer ? " \t," : ",";
	struct cset set = {0};
	const char *dash;
	int err = 0, any = 0;

	cset_all(&set);
	cparse_alt(p, (size_t)(q - p->text), (size_t)(end - p->text));
	q = skip_ws(q);
	for (dash = q + (q < end); dash + 2 < end; dash++)
		if ((dash[-1] == ' ' || dash[-1] == '\t') && dash[0] == '-' &&
		    (dash[1] == ' ' || dash[1] == '\t') && f->eco != TG_ECO_CRATES)
			break;
	if (dash + 2 < end) {
		err = hyphen(p, f, q, dash, end, &set);
		any = 1;
	} else {
		while (!err && (q = skip_ws(q)) < end) {
			if (*q == ',' && any && f->eco != TG_ECO_NPM) {
				q++;
				continue;
			}
			if (!(q = comparator(p, f, q, end, stops, &set, &err)))
				break;
			any = 1;
		}
	}
	if (!err && !any) {
		if (f->eco == TG_ECO_CRATES)
			err = tg_error_set(TG_ERR_INPUT, "\"%s\": an empty requirement", p->text);
		else
			cparse_term(p, TERM_ALL, (size_t)(end - p->text), 0, 0, 0,
			            (size_t)(end - p->text));
	}
	if (!err)
		cset_or(&p->set, &set);
	cset_release(&set);
	return err;
}

static int parse_flavour(struct cparse *p, const struct flavour *f)
{
	const char *q = p->text;

	for (;;) {
		const char *bar = strchr(q, '|'), *end = bar ? bar : q + strlen(q);
		int r;

		if (bar && f->eco == TG_ECO_CRATES)
			return tg_error_set(TG_ERR_INPUT, "\"%s\": Cargo has no '|'", p->text);
		if (bar && f->eco == TG_ECO_NPM && bar[1] != '|')
			return tg_error_set(TG_ERR_INPUT, "\"%s\": a single '|'", p->text);
		if ((r = alternative(p, f, q, end)))
			return r;
		if (!bar)
			break;
		q = bar + 1 + (bar[1] == '|');
	}
	/* exact only when one alternative pins one version */
	if (p->exact && (p->nalt != 1 || p->nterm != 1)) {
		free(p->exact);
		p->exact = NULL;
	}
	return TG_OK;
}

int constraint_parse_npm(struct cparse *p)
{
	return parse_flavour(p, &npm);
}

int constraint_parse_cargo(struct cparse *p)
{
	return parse_flavour(p, &cargo);
}

int constraint_parse_composer(struct cparse *p)
{
	return parse_flavour(p, &composer);
}
