#ifndef TG_OSV_INT_H
#define TG_OSV_INT_H

/*
 * What the files of osv/ share: the evaluation of one parsed record, the
 * affected intervals of a record (for a dependency known only by a range),
 * and the filling of one finding from an alias group. Tests and the fuzz
 * harness may include it.
 */

#include <jansson.h>

#include "osv/osv.h"
#include "util/buf.h"

/* One version bound of an interval; v NULL: unbounded. */
struct tg_osv_bound {
	const char *v; /* points into the record or the constraint */
	int inclusive;
};
struct tg_osv_ival {
	struct tg_osv_bound lo, hi;
};
struct tg_osv_ivals {
	struct tg_osv_ival *v;
	size_t nr, alloc;
};

/* What evaluating one record for one package and version found. */
struct tg_osv_eval {
	enum tg_osv_verdict verdict;
	int matched;        /* some affected[] entry names the package */
	int unknown_ranges; /* ranges of a type other than ECOSYSTEM, SEMVER, GIT */
	int bad_events;     /* ranges whose event versions do not parse: evaluation unknown */
};

/* 1 when the record is withdrawn. */
int tg_osv_withdrawn(const json_t *rec);

/*
 * Evaluates rec for (eco, name, version) as the OSV schema says: any
 * affected[] entry of the package whose versions list holds version or
 * whose ECOSYSTEM/SEMVER range includes it. version NULL or not a version
 * of eco: TG_OSV_UNKNOWN (unless the versions list names it exactly).
 */
void tg_osv_eval(const json_t *rec, enum tg_eco eco, const char *name, const char *version,
                 struct tg_osv_eval *ev);

/*
 * Appends the versions rec says are affected for (eco, name), as
 * intervals; TG_ERR_INPUT when an event version does not parse. The bounds
 * point into rec.
 */
int tg_osv_intervals(const json_t *rec, enum tg_eco eco, const char *name, struct tg_osv_ivals *out,
                     int *unknown_ranges);
/* The intersection of a and b, appended to out. TG_ERR_INPUT when a bound does not parse. */
int tg_osv_intersect(enum tg_eco eco, const struct tg_osv_ivals *a, const struct tg_osv_ivals *b,
                     struct tg_osv_ivals *out);
/* ">=1.0,<1.2.5" for each interval, joined by " || "; "*" for everything. */
void tg_osv_ivals_text(const struct tg_osv_ivals *l, struct tg_buf *out);
void tg_osv_ivals_release(struct tg_osv_ivals *l);

/* Calls fn for each affected[] entry of rec that names (eco, name). */
void tg_osv_each_affected(const json_t *rec, enum tg_eco eco, const char *name,
                          void (*fn)(const json_t *aff, void *arg), void *arg);

/*
 * The nearest fixed version of recs[0..n) above version (NULL: above
 * nothing, any fixed): fixed events of the package, those on version's
 * release line first, then the others, each in ascending order; the first
 * that no record of the group still calls affected. NULL when none.
 */
char *tg_osv_fixed(json_t *const *recs, size_t n, enum tg_eco eco, const char *name,
                   const char *version);

/*
 * Union-find over the ids and aliases of recs[0..n): group_of[i] is record
 * i's group, numbered from 0 in the order of each group's first record.
 * Returns the number of groups.
 */
size_t tg_osv_group(json_t *const *recs, size_t n, size_t *group_of);

/* Fills v's ids, group, summary, severity, symbols and imports from an alias group. */
void tg_osv_fill(struct tg_vuln *v, json_t *const *recs, size_t n, enum tg_eco eco,
                 const char *name);

#endif
