/*
 * tg_osv_match: every registry dependency against the records its package
 * has. For each dependency the lookup hands over the package's records;
 * each is parsed, evaluated for the dependency's version (or, for a
 * dependency known only by a manifest range, intersected with it), and the
 * matches are grouped by alias into findings, in (dependency, group) order.
 */
#include "osv/osv_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/json.h"

struct hit {
	json_t *rec;
	enum tg_osv_verdict verdict;
	char *affected; /* range-derived: the affected part of the range */
};

struct dep_ctx {
	const struct tg_dep *d;
	const char *version;            /* exact version to evaluate, or NULL */
	int ranged;                     /* only a range is known */
	struct tg_osv_ivals constraint; /* its intervals, when ranged and parsed */
	int constraint_ok;
	struct hit *hits;
	size_t nr, alloc;
	struct tg_vuln_list *out;
};

static void add_hit(struct dep_ctx *x, json_t *rec, enum tg_osv_verdict verdict, char *affected)
{
	if (x->nr == x->alloc) {
		x->alloc = x->alloc ? 2 * x->alloc : 8;
		x->hits = tg_realloc(x->hits, x->alloc * sizeof(*x->hits));
	}
	x->hits[x->nr].rec = rec;
	x->hits[x->nr].verdict = verdict;
	x->hits[x->nr++].affected = affected;
}

/* A range-only dependency: the part of its range the record calls affected. */
static enum tg_osv_verdict eval_range(struct dep_ctx *x, json_t *rec, char **affected,
                                      struct tg_osv_eval *ev)
{
	struct tg_osv_ivals rec_iv = {0}, both = {0};
	enum tg_osv_verdict verdict = TG_OSV_NOT_AFFECTED;

	memset(ev, 0, sizeof(*ev));
	if (tg_osv_intervals(rec, x->d->eco, x->d->name, &rec_iv, &ev->unknown_ranges) ||
	    tg_osv_intersect(x->d->eco, &rec_iv, &x->constraint, &both)) {
		tg_error_clear();
		verdict = TG_OSV_UNKNOWN;
	} else if (both.nr) {
		struct tg_buf b = TG_BUF_INIT;

		tg_osv_ivals_text(&both, &b);
		*affected = tg_buf_detach(&b, NULL);
		verdict = TG_OSV_AFFECTED;
	}
	tg_osv_ivals_release(&rec_iv);
	tg_osv_ivals_release(&both);
	return verdict;
}

static int on_record(void *arg, const char *json, size_t len)
{
	struct dep_ctx *x = arg;
	struct tg_osv_eval ev;
	json_error_t err;
	json_t *rec = tg_json_loadb(json, len, 0, &err);
	char *affected = NULL;

	x->out->records_seen++;
	if (!rec || !json_is_object(rec) || tg_osv_withdrawn(rec)) {
		x->out->records_skipped++;
		json_decref(rec);
		return 0;
	}
	if (x->ranged && x->constraint_ok) {
		tg_osv_eval(rec, x->d->eco, x->d->name, NULL, &ev);
		if (ev.matched) {
			ev.verdict = eval_range(x, rec, &affected, &ev);
			ev.matched = 1;
		}
	} else {
		tg_osv_eval(rec, x->d->eco, x->d->name, x->version, &ev);
	}
	x->out->ranges_skipped += (size_t)ev.unknown_ranges;
	if (!ev.matched)
		x->out->records_skipped++;
	if (ev.matched && ev.verdict != TG_OSV_NOT_AFFECTED) {
		add_hit(x, rec, ev.verdict, affected);
		return 0;
	}
	free(affected);
	json_decref(rec);
	return 0;
}

static int hit_order(const void *a, const void *b)
{
	const char *ia = json_string_value(json_object_get(((const struct hit *)a)->rec, "id"));
	const char *ib = json_string_value(json_object_get(((const struct hit *)b)->rec, "id"));

	return strcmp(ia ? ia : "", ib ? ib : "");
}

struct tg_vuln *tg_vuln_list_add(struct tg_vuln_list *l)
{
	struct tg_vuln *v;

	if (l->nr == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 16;
		l->v = tg_realloc(l->v, l->alloc * sizeof(*l->v));
	}
	v = &l->v[l->nr++];
	memset(v, 0, sizeof(*v));
	return v;
}

/* The affected parts of a group's records, each text once. */
static char *group_affected(struct hit *const *hits, size_t n)
{
	struct tg_strlist seen = TG_STRLIST_INIT;
	struct tg_buf b = TG_BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		if (hits[i]->affected && tg_strlist_find(&seen, hits[i]->affected) < 0)
			tg_strlist_add(&seen, hits[i]->affected);
	for (i = 0; i < seen.nr; i++)
		tg_buf_addf(&b, "%s%s", i ? " || " : "", seen.v[i]);
	tg_strlist_clear(&seen);
	return b.len ? tg_buf_detach(&b, NULL) : NULL;
}

static int vuln_order(const void *a, const void *b)
{
	return strcmp(((const struct tg_vuln *)a)->group, ((const struct tg_vuln *)b)->group);
}

/* The version fixed versions are sought above: the exact one, or the range's lowest bound. */
static const char *fixed_base(const struct dep_ctx *x)
{
	if (!x->ranged || !x->constraint_ok)
		return x->version;
	return x->constraint.nr ? x->constraint.v[0].lo.v : NULL;
}

static void emit_groups(struct dep_ctx *x, size_t dep)
{
	size_t *group_of = tg_malloc((x->nr + 1) * sizeof(*group_of));
	json_t **recs = tg_malloc((x->nr + 1) * sizeof(*recs));
	struct hit **members = tg_malloc((x->nr + 1) * sizeof(*members));
	size_t ngroups, g, i, first = x->out->nr;

	qsort(x->hits, x->nr, sizeof(*x->hits), hit_order);
	for (i = 0; i < x->nr; i++)
		recs[i] = x->hits[i].rec;
	ngroups = tg_osv_group(recs, x->nr, group_of);
	for (g = 0; g < ngroups; g++) {
		struct tg_vuln *v = tg_vuln_list_add(x->out);
		size_t n = 0;

		v->dep = dep;
		v->verdict = TG_OSV_UNKNOWN;
		for (i = 0; i < x->nr; i++)
			if (group_of[i] == g) {
				members[n] = &x->hits[i];
				recs[n++] = x->hits[i].rec;
				if (x->hits[i].verdict == TG_OSV_AFFECTED)
					v->verdict = TG_OSV_AFFECTED;
			}
		tg_osv_fill(v, recs, n, x->d->eco, x->d->name);
		v->range_derived = x->ranged;
		v->affected = group_affected(members, n);
		if (x->ranged && !x->constraint_ok && x->version && !v->affected) {
			struct tg_buf b = TG_BUF_INIT; /* the range pinned one version */

			tg_buf_addf(&b, "==%s", x->version);
			v->affected = tg_buf_detach(&b, NULL);
		}
		if (v->verdict == TG_OSV_AFFECTED)
			v->fixed = tg_osv_fixed(recs, n, x->d->eco, x->d->name, fixed_base(x));
	}
	qsort(x->out->v + first, x->out->nr - first, sizeof(*x->out->v), vuln_order);
	free(group_of);
	free(recs);
	free(members);
}

/* A range-only dependency: its constraint's intervals (or its one exact version). */
static void prepare_range(struct dep_ctx *x, const char *range, struct tg_constraint *c)
{
	size_t i;

	if (tg_constraint_parse(x->d->eco, range, c)) {
		tg_error_clear();
		return; /* unknown: reported for every record of the package */
	}
	if (c->exact) {
		x->version = c->exact;
		x->ranged = 1;
		return;
	}
	x->constraint_ok = 1;
	for (i = 0; i < c->nr; i++) {
		struct tg_osv_ival iv = {{c->v[i].lo.version, c->v[i].lo.inclusive},
		                         {c->v[i].hi.version, c->v[i].hi.inclusive}};

		if (x->constraint.nr == x->constraint.alloc) {
			x->constraint.alloc = x->constraint.alloc ? 2 * x->constraint.alloc : 4;
			x->constraint.v = tg_realloc(
			        x->constraint.v, x->constraint.alloc * sizeof(*x->constraint.v));
		}
		x->constraint.v[x->constraint.nr++] = iv;
	}
}

static int match_one(tg_osv_lookup_fn lookup, void *db, const struct tg_dep *d, size_t dep,
                     struct tg_vuln_list *out)
{
	struct dep_ctx x = {d, d->version, 0, {0}, 0, NULL, 0, 0, out};
	struct tg_constraint c;
	int have_c = 0, rc;
	size_t i;

	memset(&c, 0, sizeof(c));
	/* A manifest entry without a constraint (`flask` alone) admits every version. */
	if (!d->version) {
		x.ranged = 1;
		prepare_range(&x, d->range && *d->range ? d->range : "*", &c);
		have_c = 1;
	}
	rc = lookup(db, d->eco, d->name, on_record, &x);
	if (!rc && x.nr)
		emit_groups(&x, dep);
	for (i = 0; i < x.nr; i++) {
		json_decref(x.hits[i].rec);
		free(x.hits[i].affected);
	}
	free(x.hits);
	tg_osv_ivals_release(&x.constraint);
	if (have_c)
		tg_constraint_release(&c);
	return rc;
}

/* Matches deps->v[from, to) into out. */
static int match_slice(tg_osv_lookup_fn lookup, void *db, const struct tg_dep_list *deps,
                       size_t from, size_t to, struct tg_vuln_list *out)
{
	for (size_t i = from; i < to; i++) {
		const struct tg_dep *d = &deps->v[i];
		int rc;

		if (d->origin != TG_DEP_REGISTRY || d->eco == TG_ECO_UNKNOWN || !d->name)
			continue;
		rc = lookup ? match_one(lookup, db, d, i, out) : TG_OK;
		if (rc)
			return tg_error_prefix(rc < 0 ? rc : TG_ERR_RUN, "%s %s",
			                       tg_eco_name(d->eco), d->name);
	}
	return TG_OK;
}

int tg_osv_match(tg_osv_lookup_fn lookup, void *db, const struct tg_dep_list *deps,
                 struct tg_vuln_list *out)
{
	return match_slice(lookup, db, deps, 0, deps->nr, out);
}

/* One worker of tg_osv_match_parallel: a contiguous slice, its own handle and list. */
struct slice {
	tg_osv_lookup_fn lookup;
	void *db;
	const struct tg_dep_list *deps;
	size_t from, to;
	struct tg_vuln_list out;
	int rc;
	char error[256];
};

static void *run_slice(void *arg)
{
	struct slice *s = arg;

	s->rc = match_slice(s->lookup, s->db, s->deps, s->from, s->to, &s->out);
	if (s->rc)
		snprintf(s->error, sizeof(s->error), "%s", tg_error_message());
	return NULL;
}

/* Appends the findings of from to out, which takes ownership of their contents. */
static void move_all(struct tg_vuln_list *out, struct tg_vuln_list *from)
{
	for (size_t i = 0; i < from->nr; i++)
		*tg_vuln_list_add(out) = from->v[i];
	out->records_seen += from->records_seen;
	out->records_skipped += from->records_skipped;
	out->ranges_skipped += from->ranges_skipped;
	free(from->v);
	memset(from, 0, sizeof(*from));
}

int tg_osv_match_parallel(tg_osv_lookup_fn lookup, void *const *dbs, size_t n,
                          const struct tg_dep_list *deps, struct tg_vuln_list *out)
{
	struct slice *sl;
	pthread_t *th;
	int *made, rc = TG_OK;
	size_t k;

	if (n <= 1 || deps->nr < 2 * n)
		return tg_osv_match(lookup, dbs[0], deps, out);
	sl = tg_calloc(n, sizeof(*sl));
	th = tg_calloc(n, sizeof(*th));
	made = tg_calloc(n, sizeof(*made));
	for (k = 0; k < n; k++)
		sl[k] = (struct slice){
		        lookup, dbs[k], deps, deps->nr * k / n, deps->nr * (k + 1) / n, {0}, 0, ""};
	for (k = 1; k < n; k++)
		made[k] = !pthread_create(&th[k], NULL, run_slice, &sl[k]);
	run_slice(&sl[0]);
	for (k = 1; k < n; k++)
		if (made[k])
			pthread_join(th[k], NULL);
		else
			run_slice(&sl[k]); /* no thread: this one does the work */
	/* Slices are contiguous and each sorted, so their concatenation is sorted. */
	for (k = 0; k < n; k++) {
		if (sl[k].rc && !rc)
			rc = tg_error_set(sl[k].rc, "%s", sl[k].error);
		move_all(out, &sl[k].out);
	}
	free(sl);
	free(th);
	free(made);
	return rc;
}

void tg_vuln_list_clear(struct tg_vuln_list *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++) {
		struct tg_vuln *v = &l->v[i];

		free(v->affected);
		tg_strlist_clear(&v->ids);
		free(v->group);
		free(v->summary);
		free(v->vector);
		free(v->db_severity);
		free(v->fixed);
		tg_strlist_clear(&v->symbols);
		tg_strlist_clear(&v->imports);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}
