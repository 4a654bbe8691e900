/*
 * The fixed version a finding proposes: the nearest release that the
 * group's records say fixes the dependency. A fixed event of another
 * release line is not the one a user of 3.2.x wants when 3.2.15 exists,
 * and a fixed event one record names may still be affected according to an
 * alias of it; last_affected and limit events name no fixed version.
 */
#include "osv/osv_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/error.h"

/* The release line: epoch (PEP 440), major and minor; "v" and a missing minor are ignored. */
static void release_line(const char *v, unsigned long long line[3])
{
	const char *bang = strchr(v, '!');
	int i;

	line[0] = line[1] = line[2] = 0;
	if (bang && isdigit((unsigned char)*v)) {
		line[0] = strtoull(v, NULL, 10);
		v = bang + 1;
	}
	if (*v == 'v' || *v == 'V')
		v++;
	for (i = 1; i < 3 && isdigit((unsigned char)*v); i++) {
		char *end;

		line[i] = strtoull(v, &end, 10);
		v = end;
		if (*v != '.')
			break;
		v++;
	}
}

static int same_line(const char *a, const char *b)
{
	unsigned long long la[3], lb[3];

	release_line(a, la);
	release_line(b, lb);
	return !memcmp(la, lb, sizeof(la));
}

struct fixed_ctx {
	enum tg_eco eco;
	struct tg_strlist *out;
};

static void collect_fixed(const json_t *aff, void *arg)
{
	struct fixed_ctx *x = arg;
	const json_t *range, *e;
	size_t i, j;

	json_array_foreach(json_object_get(aff, "ranges"), i, range)
	{
		const char *t = json_string_value(json_object_get(range, "type"));

		if (!t || (strcmp(t, "ECOSYSTEM") && strcmp(t, "SEMVER")))
			continue;
		json_array_foreach(json_object_get(range, "events"), j, e)
		{
			const char *f = json_string_value(json_object_get(e, "fixed"));

			if (f && tg_version_valid(x->eco, f) && tg_strlist_find(x->out, f) < 0)
				tg_strlist_add(x->out, f);
		}
	}
}

static int version_order(const void *a, const void *b, void *eco)
{
	int c;

	if (tg_version_cmp(*(enum tg_eco *)eco, *(char *const *)a, *(char *const *)b, &c))
		return strcmp(*(char *const *)a, *(char *const *)b);
	return c ? c : strcmp(*(char *const *)a, *(char *const *)b);
}

static int still_affected(json_t *const *recs, size_t n, enum tg_eco eco, const char *name,
                          const char *v)
{
	struct tg_osv_eval ev;
	size_t i;

	for (i = 0; i < n; i++) {
		tg_osv_eval(recs[i], eco, name, v, &ev);
		if (ev.verdict == TG_OSV_AFFECTED)
			return 1;
	}
	return 0;
}

char *tg_osv_fixed(json_t *const *recs, size_t n, enum tg_eco eco, const char *name,
                   const char *version)
{
	struct tg_strlist all = TG_STRLIST_INIT, above = TG_STRLIST_INIT;
	struct fixed_ctx x = {eco, &all};
	char *found = NULL;
	size_t i, pass;

	for (i = 0; i < n; i++)
		tg_osv_each_affected(recs[i], eco, name, collect_fixed, &x);
	for (i = 0; i < all.nr; i++) {
		int c = 1;

		if (!version || (!tg_version_cmp(eco, all.v[i], version, &c) && c > 0))
			tg_strlist_add(&above, all.v[i]);
	}
	tg_error_clear();
	if (above.nr)
		qsort_r(above.v, above.nr, sizeof(*above.v), version_order, &eco);
	/* The same release line first, then any line; the first that no record calls affected. */
	for (pass = 0; pass < 2 && !found; pass++)
		for (i = 0; i < above.nr && !found; i++) {
			int line = version && same_line(above.v[i], version);

			if ((pass == 0) != line)
				continue;
			if (!still_affected(recs, n, eco, name, above.v[i]))
				found = tg_strdup(above.v[i]);
		}
	tg_strlist_clear(&all);
	tg_strlist_clear(&above);
	return found;
}
