/*
 * Alias groups and what a finding says about its group. Records that name
 * each other in `aliases`, in any direction and through any chain (GHSA-x
 * lists CVE-y, PYSEC-z lists CVE-y too, neither names the other), are one
 * vulnerability: union-find over every id and alias of the records matched
 * for one dependency joins them, where comparing records pairwise can
 * split such a chain. `related` is not an alias and joins nothing.
 */
#include "osv/osv_int.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/hashmap.h"

struct uf {
	struct tg_hashmap ids; /* id -> node + 1 */
	size_t *parent, nr, alloc;
};

static size_t uf_node(struct uf *u, const char *id)
{
	int added;
	struct tg_hashmap_entry *e = tg_hashmap_put(&u->ids, id, strlen(id), &added);

	if (added) {
		if (u->nr == u->alloc) {
			u->alloc = u->alloc ? 2 * u->alloc : 16;
			u->parent = tg_realloc(u->parent, u->alloc * sizeof(*u->parent));
		}
		u->parent[u->nr] = u->nr;
		e->val.u64 = ++u->nr;
	}
	return (size_t)e->val.u64 - 1;
}

static size_t uf_find(struct uf *u, size_t x)
{
	while (u->parent[x] != x) {
		u->parent[x] = u->parent[u->parent[x]]; /* path halving */
		x = u->parent[x];
	}
	return x;
}

static void uf_union(struct uf *u, size_t a, size_t b)
{
	a = uf_find(u, a);
	b = uf_find(u, b);
	if (a != b)
		u->parent[a < b ? b : a] = a < b ? a : b;
}

static const char *rec_id(const json_t *rec)
{
	const char *id = json_string_value(json_object_get(rec, "id"));

	return id ? id : "";
}

size_t tg_osv_group(json_t *const *recs, size_t n, size_t *group_of)
{
	struct uf u = {TG_HASHMAP_INIT, NULL, 0, 0};
	size_t i, j, groups = 0, *root_group;
	const json_t *a;

	for (i = 0; i < n; i++) {
		size_t self = uf_node(&u, rec_id(recs[i]));

		json_array_foreach(json_object_get(recs[i], "aliases"), j,
		                   a) if (json_string_value(a))
		        uf_union(&u, self, uf_node(&u, json_string_value(a)));
	}
	root_group = tg_malloc((u.nr + 1) * sizeof(*root_group));
	for (i = 0; i < u.nr; i++)
		root_group[i] = (size_t)-1;
	for (i = 0; i < n; i++) {
		size_t r = uf_find(&u, uf_node(&u, rec_id(recs[i])));

		if (root_group[r] == (size_t)-1)
			root_group[r] = groups++;
		group_of[i] = root_group[r];
	}
	free(root_group);
	free(u.parent);
	tg_hashmap_release(&u.ids);
	return groups;
}

static void add_unique(struct tg_strlist *l, const char *s)
{
	if (s && *s && tg_strlist_find(l, s) < 0)
		tg_strlist_add(l, s);
}

/* Higher is worse; 0 for what is not a GHSA-style severity word. */
static int db_severity_rank(const char *s)
{
	static const char *const words[] = {"LOW", "MODERATE", "MEDIUM", "HIGH", "CRITICAL"};
	static const int rank[] = {1, 2, 2, 3, 4};
	size_t i;

	for (i = 0; s && i < 5; i++)
		if (!strcasecmp(s, words[i]))
			return rank[i];
	return 0;
}

struct severity_pick {
	double v3, v4;
	const char *v3_vec, *v4_vec, *db;
};

static void pick_severity(const json_t *list, struct severity_pick *p)
{
	const json_t *s;
	size_t i;

	json_array_foreach(list, i, s)
	{
		const char *vec = json_string_value(json_object_get(s, "score"));
		double score;

		if (!vec || tg_cvss_score(vec, &score)) {
			tg_error_clear();
			continue;
		}
		if (!strncmp(vec, "CVSS:3", 6) && score > p->v3) {
			p->v3 = score;
			p->v3_vec = vec;
		} else if (!strncmp(vec, "CVSS:4", 6) && score > p->v4) {
			p->v4 = score;
			p->v4_vec = vec;
		}
	}
}

struct fill_ctx {
	struct tg_vuln *v;
	struct severity_pick *sev;
};

/* What one affected[] entry of the package adds: its severity, Go's imports and
 * symbols, RustSec's affected functions. */
static void fill_affected(const json_t *aff, void *arg)
{
	struct fill_ctx *x = arg;
	const json_t *es = json_object_get(aff, "ecosystem_specific"), *imp, *sym;
	size_t i, j;

	pick_severity(json_object_get(aff, "severity"), x->sev);
	json_array_foreach(json_object_get(es, "imports"), i, imp)
	{
		add_unique(&x->v->imports, json_string_value(json_object_get(imp, "path")));
		json_array_foreach(json_object_get(imp, "symbols"), j, sym)
		        add_unique(&x->v->symbols, json_string_value(sym));
	}
	json_array_foreach(json_object_get(json_object_get(es, "affects"), "functions"), i, sym)
	        add_unique(&x->v->symbols, json_string_value(sym));
}

/* The summary, else the first line of the details, at most 200 bytes. */
static char *summary_of(const json_t *rec)
{
	const char *s = json_string_value(json_object_get(rec, "summary"));
	size_t n;

	if (!s || !*s)
		s = json_string_value(json_object_get(rec, "details"));
	if (!s || !*s)
		return NULL;
	n = strcspn(s, "\n");
	return strndup(s, n > 200 ? 200 : n);
}

/*
 * Severity: the highest CVSS v3.x score of the group when any record gives
 * a v3 vector (the scale advisories, NVD and the 9.0 "critical" threshold
 * are quoted in), else the highest v4.0 score; with no vector at all, the
 * database's own word (GHSA's CRITICAL/HIGH/MODERATE/LOW), the worst one.
 */
void tg_osv_fill(struct tg_vuln *v, json_t *const *recs, size_t n, enum tg_eco eco,
                 const char *name)
{
	struct severity_pick sev = {-1, -1, NULL, NULL, NULL};
	struct fill_ctx x = {v, &sev};
	const json_t *a;
	size_t i, j;

	for (i = 0; i < n; i++) {
		const char *db = json_string_value(
		        json_object_get(json_object_get(recs[i], "database_specific"), "severity"));

		add_unique(&v->ids, rec_id(recs[i]));
		json_array_foreach(json_object_get(recs[i], "aliases"), j, a)
		        add_unique(&v->ids, json_string_value(a));
		if (!v->summary)
			v->summary = summary_of(recs[i]);
		pick_severity(json_object_get(recs[i], "severity"), &sev);
		tg_osv_each_affected(recs[i], eco, name, fill_affected, &x);
		if (db_severity_rank(db) > db_severity_rank(sev.db))
			sev.db = db;
	}
	tg_strlist_sort(&v->ids);
	tg_strlist_sort(&v->symbols);
	tg_strlist_sort(&v->imports);
	v->group = tg_strdup(v->ids.nr ? v->ids.v[0] : "");
	v->score = -1;
	if (sev.v3_vec) {
		v->vector = tg_strdup(sev.v3_vec);
		v->score = sev.v3;
	} else if (sev.v4_vec) {
		v->vector = tg_strdup(sev.v4_vec);
		v->score = sev.v4;
	} else if (sev.db) {
		v->db_severity = tg_strdup(sev.db);
	}
}
