/*
 * One OSV record evaluated for one package version, as the schema's
 * IsVulnerable pseudo-code says: a version is affected when an affected[]
 * entry of its package lists it in `versions` or one of its ranges
 * includes it. A range's events are sorted in the ecosystem's order
 * ("0" introduced first) and walked: introduced at or below the version
 * makes it vulnerable, fixed at or below and last_affected below make it
 * not; limit events bound the whole range. GIT ranges need the commit
 * graph and are skipped, without ending the walk over the ranges after
 * them (osv-scanner's offline matcher stops at the first one).
 */
#include "osv/osv_int.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/error.h"

enum ev_kind { EV_INTRODUCED, EV_FIXED, EV_LAST_AFFECTED, EV_LIMIT };

struct event {
	enum ev_kind kind;
	const char *v;
};

struct events {
	struct event *v;
	size_t nr;
};

int tg_osv_withdrawn(const json_t *rec)
{
	const json_t *w = json_object_get(rec, "withdrawn");

	return w && !json_is_null(w);
}

static int names_package(const json_t *aff, enum tg_eco eco, const char *name)
{
	const json_t *pkg = json_object_get(aff, "package");
	const char *e = json_string_value(json_object_get(pkg, "ecosystem"));
	const char *n = json_string_value(json_object_get(pkg, "name"));
	struct tg_buf norm = TG_BUF_INIT;
	enum tg_eco parsed;
	int same;

	if (!e || !n || tg_eco_parse(e, &parsed) || parsed != eco) {
		tg_error_clear();
		return 0;
	}
	if (!strcmp(n, name)) /* records mostly write the name normalised already */
		return 1;
	tg_eco_normalize_name(eco, n, &norm);
	same = !strcmp(norm.buf, name);
	tg_buf_release(&norm);
	return same;
}

void tg_osv_each_affected(const json_t *rec, enum tg_eco eco, const char *name,
                          void (*fn)(const json_t *aff, void *arg), void *arg)
{
	const json_t *aff;
	size_t i;

	json_array_foreach(json_object_get(rec, "affected"), i,
	                   aff) if (names_package(aff, eco, name)) fn(aff, arg);
}

static int is_zero(const struct event *e)
{
	return e->kind == EV_INTRODUCED && !strcmp(e->v, "0");
}

static int is_infinite(const struct event *e)
{
	return e->kind == EV_LIMIT && strchr(e->v, '*');
}

/* Compares two events' versions; "0" introduced is below all, a "*" limit above all. */
static int event_cmp(enum tg_eco eco, const struct event *a, const struct event *b, int *c)
{
	int za = is_zero(a) ? -1 : is_infinite(a), zb = is_zero(b) ? -1 : is_infinite(b);

	if (za || zb) {
		*c = za == zb ? 0 : za < zb ? -1 : 1;
		return TG_OK;
	}
	return tg_version_cmp(eco, a->v, b->v, c);
}

/* The events of a range, sorted stably (equal versions keep the record's order). */
static int range_events(enum tg_eco eco, const json_t *range, struct events *out)
{
	const json_t *evs = json_object_get(range, "events"), *e;
	static const char *const keys[] = {"introduced", "fixed", "last_affected", "limit"};
	size_t i, j, k;

	out->v = tg_calloc(json_array_size(evs) + 1, sizeof(*out->v));
	out->nr = 0;
	json_array_foreach(evs, i, e)
	{
		for (k = 0; k < 4; k++) {
			const char *v = json_string_value(json_object_get(e, keys[k]));

			if (v) {
				out->v[out->nr].kind = (enum ev_kind)k;
				out->v[out->nr++].v = v;
				break;
			}
		}
	}
	for (i = 1; i < out->nr; i++) {
		struct event cur = out->v[i];

		for (j = i; j > 0; j--) {
			int c;

			if (event_cmp(eco, &out->v[j - 1], &cur, &c))
				return TG_ERR_INPUT;
			if (c <= 0)
				break;
			out->v[j] = out->v[j - 1];
		}
		out->v[j] = cur;
	}
	return TG_OK;
}

/* cmp of version against an event's version, "0" and "*" included. */
static int version_vs(enum tg_eco eco, const char *version, const struct event *e, int *c)
{
	if (is_zero(e)) {
		*c = 1;
		return TG_OK;
	}
	if (is_infinite(e)) {
		*c = -1;
		return TG_OK;
	}
	return tg_version_cmp(eco, version, e->v, c);
}

/* The pseudo-code's IncludedInRanges for one range; TG_ERR_INPUT when a version does not parse. */
static int range_includes(enum tg_eco eco, const struct events *ev, const char *version, int *in)
{
	int limited = 0, before = 0, vulnerable = 0, c;
	size_t i;

	for (i = 0; i < ev->nr; i++) {
		if (ev->v[i].kind != EV_LIMIT)
			continue;
		limited = 1;
		if (version_vs(eco, version, &ev->v[i], &c))
			return TG_ERR_INPUT;
		if (c < 0)
			before = 1;
	}
	*in = 0;
	if (limited && !before)
		return TG_OK;
	for (i = 0; i < ev->nr; i++) {
		const struct event *e = &ev->v[i];

		if (e->kind == EV_LIMIT)
			continue;
		if (version_vs(eco, version, e, &c))
			return TG_ERR_INPUT;
		if (e->kind == EV_INTRODUCED && c >= 0)
			vulnerable = 1;
		else if (e->kind == EV_FIXED && c >= 0)
			vulnerable = 0;
		else if (e->kind == EV_LAST_AFFECTED && c > 0)
			vulnerable = 0;
	}
	*in = vulnerable;
	return TG_OK;
}

/* ECOSYSTEM and SEMVER: evaluated (SEMVER in the ecosystem's order, which is SemVer's for
 * the ecosystems that use it); GIT: skipped; anything else: unknown. */
static int range_kind(const json_t *range)
{
	const char *t = json_string_value(json_object_get(range, "type"));

	if (t && (!strcmp(t, "ECOSYSTEM") || !strcmp(t, "SEMVER")))
		return 1;
	if (t && !strcmp(t, "GIT"))
		return 0;
	return -1;
}

static int versions_list_has(enum tg_eco eco, const json_t *aff, const char *version, int exact)
{
	const json_t *v;
	size_t i;
	int c;

	json_array_foreach(json_object_get(aff, "versions"), i, v)
	{
		const char *s = json_string_value(v);

		if (!s)
			continue;
		if (!strcmp(s, version))
			return 1;
		if (!exact && !tg_version_cmp(eco, s, version, &c) && c == 0)
			return 1;
	}
	tg_error_clear();
	return 0;
}

struct eval_ctx {
	enum tg_eco eco;
	const char *version;
	int valid;
	struct tg_osv_eval *ev;
};

/*
 * The versions list is tried by exact string first, then the ranges, and
 * only then by order equality ("1.0" listed, "1.0.0" asked), the one pass
 * that compares every listed version (PyPI lists run to hundreds).
 */
static void eval_affected(const json_t *aff, void *arg)
{
	struct eval_ctx *x = arg;
	const json_t *range;
	size_t i;

	x->ev->matched = 1;
	if (x->ev->verdict == TG_OSV_AFFECTED)
		return;
	if (x->version && versions_list_has(x->eco, aff, x->version, 1)) {
		x->ev->verdict = TG_OSV_AFFECTED;
		return;
	}
	if (!x->valid) {
		x->ev->verdict = TG_OSV_UNKNOWN;
		return;
	}
	json_array_foreach(json_object_get(aff, "ranges"), i, range)
	{
		struct events ev;
		int kind = range_kind(range), in = 0;

		if (kind < 0)
			x->ev->unknown_ranges++;
		if (kind <= 0)
			continue;
		if (range_events(x->eco, range, &ev) ||
		    range_includes(x->eco, &ev, x->version, &in)) {
			x->ev->bad_events++;
			x->ev->verdict = TG_OSV_UNKNOWN;
			tg_error_clear();
		}
		free(ev.v);
		if (in) {
			x->ev->verdict = TG_OSV_AFFECTED;
			return;
		}
	}
	if (versions_list_has(x->eco, aff, x->version, 0))
		x->ev->verdict = TG_OSV_AFFECTED;
}

void tg_osv_eval(const json_t *rec, enum tg_eco eco, const char *name, const char *version,
                 struct tg_osv_eval *ev)
{
	struct eval_ctx x = {eco, version, version && tg_version_valid(eco, version), ev};

	memset(ev, 0, sizeof(*ev));
	ev->verdict = TG_OSV_NOT_AFFECTED;
	tg_osv_each_affected(rec, eco, name, eval_affected, &x);
}

static void ivals_add(struct tg_osv_ivals *l, const char *lo, int lo_in, const char *hi, int hi_in)
{
	if (l->nr == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 4;
		l->v = tg_realloc(l->v, l->alloc * sizeof(*l->v));
	}
	l->v[l->nr].lo.v = lo;
	l->v[l->nr].lo.inclusive = lo_in;
	l->v[l->nr].hi.v = hi;
	l->v[l->nr++].hi.inclusive = hi_in;
}

void tg_osv_ivals_release(struct tg_osv_ivals *l)
{
	free(l->v);
	l->v = NULL;
	l->nr = l->alloc = 0;
}

/* The lower of two upper bounds (NULL: none); TG_ERR_INPUT when a version does not parse. */
static int min_hi(enum tg_eco eco, struct tg_osv_bound *a, const struct tg_osv_bound *b)
{
	int c;

	if (!b->v)
		return TG_OK;
	if (!a->v) {
		*a = *b;
		return TG_OK;
	}
	if (tg_version_cmp(eco, a->v, b->v, &c))
		return TG_ERR_INPUT;
	if (c > 0)
		*a = *b;
	else if (c == 0)
		a->inclusive = a->inclusive && b->inclusive;
	return TG_OK;
}

static int max_lo(enum tg_eco eco, struct tg_osv_bound *a, const struct tg_osv_bound *b)
{
	int c;

	if (!b->v)
		return TG_OK;
	if (!a->v) {
		*a = *b;
		return TG_OK;
	}
	if (tg_version_cmp(eco, a->v, b->v, &c))
		return TG_ERR_INPUT;
	if (c < 0)
		*a = *b;
	else if (c == 0)
		a->inclusive = a->inclusive && b->inclusive;
	return TG_OK;
}

/* 1 when the interval holds at least one version. */
static int nonempty(enum tg_eco eco, const struct tg_osv_ival *iv, int *ne)
{
	int c;

	*ne = 1;
	if (!iv->lo.v || !iv->hi.v)
		return TG_OK;
	if (tg_version_cmp(eco, iv->lo.v, iv->hi.v, &c))
		return TG_ERR_INPUT;
	*ne = c < 0 || (c == 0 && iv->lo.inclusive && iv->hi.inclusive);
	return TG_OK;
}

/*
 * A range's affected versions as intervals: the walk of the pseudo-code,
 * done once over the sorted events instead of once per version. An
 * introduced opens an interval when none is open; fixed closes it before
 * its version, last_affected after it; the largest limit caps them all
 * (the pseudo-code's BeforeLimits).
 */
static int range_intervals(enum tg_eco eco, const struct events *ev, struct tg_osv_ivals *out)
{
	struct tg_osv_bound limit = {NULL, 0};
	const char *open = NULL;
	int is_open = 0;
	size_t i, first = out->nr;

	for (i = 0; i < ev->nr; i++) {
		const struct event *e = &ev->v[i];

		if (e->kind == EV_LIMIT)
			limit.v = is_infinite(e) ? NULL : e->v; /* sorted: the largest is last */
		else if (e->kind == EV_INTRODUCED && !is_open) {
			is_open = 1;
			open = is_zero(e) ? NULL : e->v;
		} else if ((e->kind == EV_FIXED || e->kind == EV_LAST_AFFECTED) && is_open) {
			ivals_add(out, open, 1, e->v, e->kind == EV_LAST_AFFECTED);
			is_open = 0;
		}
	}
	if (is_open)
		ivals_add(out, open, 1, NULL, 0);
	for (i = first; limit.v && i < out->nr; i++)
		if (min_hi(eco, &out->v[i].hi, &limit))
			return TG_ERR_INPUT;
	return TG_OK;
}

static void ivals_merge(enum tg_eco eco, struct tg_osv_ivals *l);

struct ival_ctx {
	enum tg_eco eco;
	struct tg_osv_ivals *out;
	int *unknown_ranges;
	int bad;
};

static void ival_affected(const json_t *aff, void *arg)
{
	struct ival_ctx *x = arg;
	const json_t *range, *v;
	size_t i;

	json_array_foreach(json_object_get(aff, "versions"), i, v) if (json_string_value(v))
	        ivals_add(x->out, json_string_value(v), 1, json_string_value(v), 1);
	json_array_foreach(json_object_get(aff, "ranges"), i, range)
	{
		struct events ev;
		int kind = range_kind(range);

		if (kind < 0)
			(*x->unknown_ranges)++;
		if (kind <= 0)
			continue;
		if (range_events(x->eco, range, &ev) || range_intervals(x->eco, &ev, x->out))
			x->bad = 1;
		free(ev.v);
	}
}

int tg_osv_intervals(const json_t *rec, enum tg_eco eco, const char *name, struct tg_osv_ivals *out,
                     int *unknown_ranges)
{
	struct ival_ctx x = {eco, out, unknown_ranges, 0};

	tg_osv_each_affected(rec, eco, name, ival_affected, &x);
	if (x.bad)
		return tg_error_set(TG_ERR_INPUT, "an event version does not parse");
	ivals_merge(eco, out);
	return TG_OK;
}

static int lo_cmp(enum tg_eco eco, const struct tg_osv_bound *a, const struct tg_osv_bound *b,
                  int *c)
{
	if (!a->v || !b->v) {
		*c = (b->v == NULL) - (a->v == NULL);
		return TG_OK;
	}
	if (tg_version_cmp(eco, a->v, b->v, c))
		return TG_ERR_INPUT;
	if (!*c)
		*c = b->inclusive - a->inclusive;
	return TG_OK;
}

/* Sorts by lower bound and joins overlapping or touching intervals, so a versions list
 * inside a range reads as the range. Left as it is when a bound does not parse. */
static void ivals_merge(enum tg_eco eco, struct tg_osv_ivals *l)
{
	size_t i, j, n = 0;
	int c;

	for (i = 1; i < l->nr; i++) {
		struct tg_osv_ival cur = l->v[i];

		for (j = i; j > 0; j--) {
			if (lo_cmp(eco, &l->v[j - 1].lo, &cur.lo, &c))
				goto unparsed;
			if (c <= 0)
				break;
			l->v[j] = l->v[j - 1];
		}
		l->v[j] = cur;
	}
	for (i = 0; i < l->nr; i++) {
		struct tg_osv_ival *last = n ? &l->v[n - 1] : NULL;
		int joins = 0;

		if (last && (!last->hi.v || !l->v[i].lo.v))
			joins = 1;
		else if (last) {
			if (tg_version_cmp(eco, l->v[i].lo.v, last->hi.v, &c))
				goto unparsed;
			joins = c < 0 || (c == 0 && (l->v[i].lo.inclusive || last->hi.inclusive));
		}
		if (!joins) {
			l->v[n++] = l->v[i];
			continue;
		}
		if (!l->v[i].hi.v)
			last->hi = l->v[i].hi;
		else if (last->hi.v) {
			if (tg_version_cmp(eco, l->v[i].hi.v, last->hi.v, &c))
				goto unparsed;
			if (c > 0 || (c == 0 && l->v[i].hi.inclusive))
				last->hi = l->v[i].hi;
		}
	}
	l->nr = n;
	return;
unparsed:
	tg_error_clear();
}

int tg_osv_intersect(enum tg_eco eco, const struct tg_osv_ivals *a, const struct tg_osv_ivals *b,
                     struct tg_osv_ivals *out)
{
	size_t i, j;

	for (i = 0; i < a->nr; i++)
		for (j = 0; j < b->nr; j++) {
			struct tg_osv_ival iv = a->v[i];
			int ne;

			if (max_lo(eco, &iv.lo, &b->v[j].lo) || min_hi(eco, &iv.hi, &b->v[j].hi) ||
			    nonempty(eco, &iv, &ne))
				return tg_error_set(TG_ERR_INPUT, "a range bound does not parse");
			if (ne)
				ivals_add(out, iv.lo.v, iv.lo.inclusive, iv.hi.v, iv.hi.inclusive);
		}
	return TG_OK;
}

void tg_osv_ivals_text(const struct tg_osv_ivals *l, struct tg_buf *out)
{
	size_t i;

	for (i = 0; i < l->nr; i++) {
		const struct tg_osv_ival *iv = &l->v[i];

		if (i)
			tg_buf_adds(out, " || ");
		if (iv->lo.v && iv->hi.v && iv->lo.inclusive && iv->hi.inclusive &&
		    !strcmp(iv->lo.v, iv->hi.v)) {
			tg_buf_addf(out, "==%s", iv->lo.v);
			continue;
		}
		if (iv->lo.v)
			tg_buf_addf(out, "%s%s", iv->lo.inclusive ? ">=" : ">", iv->lo.v);
		if (iv->lo.v && iv->hi.v)
			tg_buf_addch(out, ',');
		if (iv->hi.v)
			tg_buf_addf(out, "%s%s", iv->hi.inclusive ? "<=" : "<", iv->hi.v);
		if (!iv->lo.v && !iv->hi.v)
			tg_buf_addch(out, '*');
	}
}
