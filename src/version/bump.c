/*
 * tg_constraint_bump: the smallest edit of a constraint, in its own style,
 * that admits `fixed` and nothing below it. Alternatives wholly below fixed
 * go; in the others an exact pin moves to fixed, the lower bound (>=, >, ^,
 * ~, ~>, ~=, a wildcard, a range's left end) is raised to fixed, or ">=fixed"
 * is added where there is none. An operator that carries its own upper bound
 * (~> 5.1) keeps it: if raising its version would lower that bound, ">= fixed"
 * is added beside it instead. The result is parsed again and checked; an
 * explicit upper bound below fixed is an error, never widened.
 */
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "version/constraint_int.h"

static int vcmp(enum tg_eco eco, const char *a, const char *b)
{
	int c = 0;

	tg_version_cmp(eco, a, b, &c);
	return c;
}

/* The greatest upper end of a set: NULL for unbounded; *empty when there is none. */
static const struct tg_version_bound *max_hi(enum tg_eco eco, const struct cset *s, int *empty)
{
	const struct tg_version_bound *best = NULL;

	*empty = !s->nr;
	for (size_t i = 0; i < s->nr; i++) {
		const struct tg_version_bound *b = &s->v[i].hi;

		if (!b->version)
			return b;
		if (!best || vcmp(eco, b->version, best->version) > 0 ||
		    (!vcmp(eco, b->version, best->version) && b->inclusive))
			best = b;
	}
	return best;
}

/* -1, 0, 1: the upper end of text a against that of text b (unparseable: 0). */
static int upper_cmp(enum tg_eco eco, const char *a, const char *b)
{
	struct cparse x, y;
	const struct tg_version_bound *hx, *hy;
	int ex, ey, c = 0;

	if (cparse_run(eco, a, &x))
		return 0;
	if (cparse_run(eco, b, &y)) {
		cparse_release(&x);
		return 0;
	}
	hx = max_hi(eco, &x.set, &ex);
	hy = max_hi(eco, &y.set, &ey);
	if (!ex && !ey) {
		if (!hx->version || !hy->version)
			c = !hx->version && !hy->version ? 0 : !hx->version ? 1 : -1;
		else if (!(c = vcmp(eco, hx->version, hy->version)))
			c = hx->inclusive - hy->inclusive;
	}
	cparse_release(&x);
	cparse_release(&y);
	return c;
}

/*
 * Where the set of text lies against fixed: 0 wholly below it, 2 wholly at
 * or above it (nothing to edit), 1 otherwise.
 */
static int placed(enum tg_eco eco, const char *text, const char *fixed)
{
	struct cparse p;
	const struct tg_version_bound *hi;
	int empty, where = 1;

	if (cparse_run(eco, text, &p))
		return 1;
	hi = max_hi(eco, &p.set, &empty);
	if (empty || (hi->version && (vcmp(eco, hi->version, fixed) < 0 ||
	                              (!hi->inclusive && !vcmp(eco, hi->version, fixed))))) {
		where = 0;
	} else {
		where = 2;
		for (size_t i = 0; i < p.set.nr && where == 2; i++)
			if (!p.set.v[i].lo.version || vcmp(eco, p.set.v[i].lo.version, fixed) < 0)
				where = 1;
	}
	cparse_release(&p);
	return where;
}

/* ">=fixed" as the ecosystem writes an added clause, with its separator. */
static void lower_clause(enum tg_eco eco, const char *alt, const char *fixed, struct tg_buf *out)
{
	const char *comma = strstr(alt, ", ") ? ", " : ",";

	switch (eco) {
	case TG_ECO_NPM:
		tg_buf_addf(out, " >=%s", fixed);
		break;
	case TG_ECO_RUBYGEMS:
		tg_buf_addf(out, ", >= %s", fixed);
		break;
	case TG_ECO_PACKAGIST:
		tg_buf_addf(out, "%s>=%s", strchr(alt, ',') ? comma : " ", fixed);
		break;
	case TG_ECO_CRATES:
		tg_buf_addf(out, ", >=%s", fixed);
		break;
	default:
		tg_buf_addf(out, "%s>=%s", comma, fixed);
	}
}

/* What replaces a whole "any version" alternative. */
static void any_replacement(enum tg_eco eco, const char *fixed, struct tg_buf *out)
{
	if (eco == TG_ECO_MAVEN)
		tg_buf_addf(out, "[%s,)", fixed);
	else if (eco == TG_ECO_NUGET || eco == TG_ECO_GO)
		tg_buf_adds(out, fixed);
	else if (eco == TG_ECO_RUBYGEMS)
		tg_buf_addf(out, ">= %s", fixed);
	else
		tg_buf_addf(out, ">=%s", fixed);
}

/* fixed in the old version's dress: a "v" kept (Go, npm) or dropped. */
static void dressed(const char *old, size_t n, const char *fixed, struct tg_buf *out)
{
	int had_v = n && (old[0] == 'v' || old[0] == 'V'), has_v = fixed[0] == 'v';

	if (had_v && !has_v)
		tg_buf_addch(out, old[0]);
	tg_buf_adds(out, fixed + (!had_v && has_v && strspn(fixed + 1, "0123456789")));
}

/*
 * The edited text of alternative a (its own bytes [s, e) of p->text) into
 * out. Returns 0, or -1 when the alternative cannot reach fixed.
 */
static int edit_alt(const struct cparse *p, size_t a, const char *fixed, struct tg_buf *out)
{
	const char *t = p->text;
	size_t s = p->alt[a].start, e = p->alt[a].end, from = s;
	const struct cterm *pick = NULL;
	int wildcard = 0, add_lower = 0;
	char *orig = tg_strndup(t + s, e - s);
	struct tg_buf tmp;

	for (size_t i = 0; i < p->nterm; i++) {
		const struct cterm *x = &p->term[i];

		if (x->alt != a)
			continue;
		if (x->kind == TERM_EXACT || x->kind == TERM_ALL) {
			pick = x;
			break;
		}
		if (!pick && (x->kind == TERM_LOWER || x->kind == TERM_RANGE))
			pick = x;
	}
	tg_buf_init(&tmp, 64);
	if (pick && pick->kind == TERM_ALL) {
		any_replacement(p->eco, fixed, &tmp);
		from = e;
	} else if (!pick) {
		add_lower = 1;
	} else {
		const char *op = t + pick->op_at;

		wildcard =
		        pick->carries_upper &&
		        (pick->kind == TERM_EXACT || memchr(t + pick->ver_at, '*', pick->ver_len) ||
		         (p->eco == TG_ECO_NPM && (memchr(t + pick->ver_at, 'x', pick->ver_len) ||
		                                   memchr(t + pick->ver_at, 'X', pick->ver_len))));
		if (wildcard && pick->op_len && *op != '=') /* ^1.2.x, ~1.x: the operator stays */
			wildcard = 0;
		tg_buf_add(&tmp, t + s, pick->op_at - s);
		if (wildcard) {
			tg_buf_adds(&tmp, p->eco == TG_ECO_PYPI ? "~=" : "~");
		} else if (pick->kind == TERM_RANGE) {
			tg_buf_addch(&tmp, '[');
			tg_buf_add(&tmp, op + 1, pick->ver_at - pick->op_at - 1);
		} else if (pick->op_len == 1 && *op == '>') {
			tg_buf_adds(&tmp, ">=");
			tg_buf_add(&tmp, op + 1, pick->ver_at - pick->op_at - 1);
		} else {
			tg_buf_add(&tmp, op, pick->ver_at - pick->op_at);
		}
		dressed(t + pick->ver_at, pick->ver_len, fixed, &tmp);
		from = wildcard ? pick->end : pick->ver_at + pick->ver_len;
		/* a raised ~> 5.1 would end below 5.2 instead of 6: keep it, add >= */
		if (pick->carries_upper && !wildcard) {
			char *edited;

			tg_buf_add(&tmp, t + from, e - from);
			edited = tg_strdup(tmp.buf);
			if (upper_cmp(p->eco, edited, orig) < 0) {
				tg_buf_reset(&tmp);
				tg_buf_add(&tmp, t + s, e - s);
				add_lower = 2;
			}
			free(edited);
			from = e;
		}
	}
	tg_buf_add(&tmp, t + from, e - from);
	if (add_lower) {
		size_t len = tmp.len;

		while (len && (tmp.buf[len - 1] == ' ' || tmp.buf[len - 1] == '\t'))
			len--;
		tg_buf_setlen(&tmp, len);
		if (!len)
			any_replacement(p->eco, fixed, &tmp);
		else
			lower_clause(p->eco, orig, fixed, &tmp);
	}
	tg_buf_add(out, tmp.buf, tmp.len);
	tg_buf_release(&tmp);
	free(orig);
	return 0;
}

/* Every interval of text starts at or above fixed, and fixed is admitted. */
static int check(enum tg_eco eco, const char *text, const char *fixed)
{
	struct tg_constraint c;
	int ok = 0, allows = 0;

	if (tg_constraint_parse(eco, text, &c))
		return 0;
	if (!tg_constraint_allows(&c, fixed, &allows) && allows) {
		ok = 1;
		for (size_t i = 0; i < c.nr && ok; i++)
			if (!c.v[i].lo.version || vcmp(eco, c.v[i].lo.version, fixed) < 0)
				ok = 0;
	}
	tg_constraint_release(&c);
	return ok;
}

int tg_constraint_bump(const struct tg_constraint *c, const char *fixed, struct tg_buf *out)
{
	struct cparse p;
	struct tg_buf res;
	size_t kept = 0, prev_end = 0;
	int r;

	if (!tg_version_valid(c->eco, fixed))
		return tg_error_set(TG_ERR_INPUT, "\"%s\" cannot admit %s: not a %s version",
		                    c->text, fixed, tg_eco_name(c->eco));
	if ((r = cparse_run(c->eco, c->text, &p)))
		return r;
	tg_buf_init(&res, strlen(c->text) + 32);
	for (size_t a = 0; a < p.nalt; a++) {
		size_t s = p.alt[a].start, e = p.alt[a].end;
		char *alt = tg_strndup(p.text + s, e - s);
		int where = placed(c->eco, alt, fixed);

		free(alt);
		/* an alternative wholly below fixed goes, with the separator before it */
		if (!where && p.nalt > 1)
			continue;
		if (kept)
			tg_buf_add(&res, p.text + p.alt[a - 1].end, s - p.alt[a - 1].end);
		else
			tg_buf_add(&res, p.text, a ? 0 : s);
		if (where == 2)
			tg_buf_add(&res, p.text + s, e - s);
		else
			edit_alt(&p, a, fixed, &res);
		prev_end = e;
		kept++;
	}
	if (kept)
		tg_buf_adds(&res, p.text + prev_end);
	cparse_release(&p);
	if (!kept || !check(c->eco, res.buf, fixed)) {
		r = tg_error_set(TG_ERR_INPUT,
		                 "\"%s\" cannot admit %s without widening it: an upper bound or "
		                 "exclusion is below it",
		                 c->text, fixed);
		tg_buf_release(&res);
		return r;
	}
	tg_buf_add(out, res.buf, res.len);
	tg_buf_release(&res);
	return TG_OK;
}
