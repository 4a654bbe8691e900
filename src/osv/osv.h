#ifndef TG_OSV_H
#define TG_OSV_H

/*
 * OSV records evaluated exactly as the OSV schema says
 * (https://ossf.github.io/osv-schema/): ECOSYSTEM and SEMVER ranges with
 * introduced / fixed / last_affected / limit, `versions` lists, a GIT range
 * never stopping the evaluation of the others, withdrawn records skipped;
 * aliases merged by union-find so a GHSA, its CVE and its PYSEC are one
 * finding; CVSS v3.x and v4.0 base scores computed from the vector.
 */

#include <stddef.h>

#include "deps/deps.h"
#include "util/strlist.h"
#include "version/version.h"

/*
 * How the matcher reaches the records of one package: calls each(arg, json,
 * len) for every record whose affected[] names (eco, name), name normalised
 * as tg_eco_normalize_name does. vulndb/vulndb.h's tg_vulndb_lookup has this
 * shape; tests pass their own.
 */
typedef int (*tg_osv_each_fn)(void *arg, const char *json, size_t len);
typedef int (*tg_osv_lookup_fn)(void *db, enum tg_eco eco, const char *name, tg_osv_each_fn each,
                                void *arg);

enum tg_osv_verdict {
	TG_OSV_NOT_AFFECTED = 0,
	TG_OSV_AFFECTED,
	TG_OSV_UNKNOWN, /* the dependency's version does not parse: reported, never "not affected"
	                 */
};

/* One finding: a dependency and the advisories (one alias group) that affect it. */
struct tg_vuln {
	size_t dep; /* index into the tg_dep_list matched */
	enum tg_osv_verdict verdict;
	int range_derived; /* the dependency had only a range; `affected` says which part */
	char *affected;    /* range-derived: the affected part of the range, ">=1.0,<1.2.5" */
	struct tg_strlist
	        ids; /* every id and alias of the group, sorted; the first is the group's key */
	char *group; /* stable group key: the smallest id of the group */
	char *summary;
	char *vector;      /* the CVSS vector scored, or NULL */
	double score;      /* CVSS base score 0-10; < 0 when there is none */
	char *db_severity; /* the database's own severity when no vector: "HIGH", "MODERATE" */
	char *fixed; /* nearest fixed version above the dependency's, same line first; or NULL */
	struct tg_strlist
	        symbols; /* affected functions or imports named by the records (Go, RustSec) */
	struct tg_strlist imports; /* Go: affected package import paths */
};

struct tg_vuln_list {
	struct tg_vuln *v;
	size_t nr, alloc;
	size_t records_seen,
	        records_skipped; /* skipped: withdrawn, malformed, or naming no affected package of
	                            the dependency's ecosystem and name */
	size_t ranges_skipped; /* ranges of an unknown type (not ECOSYSTEM, SEMVER or GIT), skipped;
	                          GIT ranges are skipped too, and not counted */
};

/* Matches every registry dependency of deps; appends findings sorted by (dep, group). */
int tg_osv_match(tg_osv_lookup_fn lookup, void *db, const struct tg_dep_list *deps,
                 struct tg_vuln_list *out);
/*
 * The same on n threads, each with its own handle dbs[k] (a lookup handle
 * serves one thread), over contiguous slices of deps: the same findings in
 * the same order. The database's share is SQLite and JSON parsing, which
 * scale with cores.
 */
int tg_osv_match_parallel(tg_osv_lookup_fn lookup, void *const *dbs, size_t n,
                          const struct tg_dep_list *deps, struct tg_vuln_list *out);
void tg_vuln_list_clear(struct tg_vuln_list *l);
/* A zeroed finding appended to l. */
struct tg_vuln *tg_vuln_list_add(struct tg_vuln_list *l);

/*
 * A match kept between runs (osv/cache.c): saved with the caller's key (a
 * hash of everything the match depends on), loaded only under the same key
 * (TG_ERR_NOTFOUND otherwise, or when the file is missing or damaged);
 * ndeps bounds the dependency indexes a loaded file may hold.
 */
int tg_vuln_list_save(const char *path, const char *key, const struct tg_vuln_list *l);
int tg_vuln_list_load(const char *path, const char *key, size_t ndeps, struct tg_vuln_list *l);

/* CVSS v3.0/v3.1/v4.0 base score of a vector ("CVSS:3.1/AV:N/..."); TG_ERR_INPUT when malformed. */
int tg_cvss_score(const char *vector, double *score);

#endif
