/* The in-memory record set and lookup the osv tests share (not a test program). */
#ifndef TG_OSV_FIXTURE_H
#define TG_OSV_FIXTURE_H

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "osv/osv.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/json.h"

struct fx_db {
	char **json;
	size_t nr;
	int lookups;
};

static void fx_add(struct fx_db *db, const char *json)
{
	db->json = tg_realloc(db->json, (db->nr + 1) * sizeof(*db->json));
	db->json[db->nr++] = tg_strdup(json);
}

/* Every .json file of tests/data/osv-records. */
static void fx_load_dir(struct fx_db *db)
{
	const char *dir = TG_SOURCE_DIR "/tests/data/osv-records";
	struct dirent *de;
	DIR *d = opendir(dir);

	assert_non_null(d);
	while ((de = readdir(d))) {
		struct tg_buf path = TG_BUF_INIT, text = TG_BUF_INIT;
		size_t n = strlen(de->d_name);

		if (n < 5 || strcmp(de->d_name + n - 5, ".json"))
			continue;
		tg_buf_addf(&path, "%s/%s", dir, de->d_name);
		assert_int_equal(tg_buf_read_file(&text, path.buf), 0);
		fx_add(db, text.buf);
		tg_buf_release(&path);
		tg_buf_release(&text);
	}
	closedir(d);
}

static void fx_free(struct fx_db *db)
{
	size_t i;

	for (i = 0; i < db->nr; i++)
		free(db->json[i]);
	free(db->json);
}

/* The lookup: each record one of whose affected[] entries names (eco, name). */
static int fx_lookup(void *dbp, enum tg_eco eco, const char *name, tg_osv_each_fn each, void *arg)
{
	struct fx_db *db = dbp;
	size_t i, j;

	db->lookups++;
	for (i = 0; i < db->nr; i++) {
		json_t *rec = tg_json_loads(db->json[i], 0, NULL), *aff;
		int hit = 0;

		json_array_foreach(json_object_get(rec, "affected"), j, aff)
		{
			json_t *pkg = json_object_get(aff, "package");
			const char *e = json_string_value(json_object_get(pkg, "ecosystem"));
			const char *n = json_string_value(json_object_get(pkg, "name"));
			struct tg_buf norm = TG_BUF_INIT;
			enum tg_eco pe;

			if (!e || !n || tg_eco_parse(e, &pe) || pe != eco)
				continue;
			tg_eco_normalize_name(eco, n, &norm);
			hit |= !strcmp(norm.buf, name);
			tg_buf_release(&norm);
		}
		json_decref(rec);
		if (hit && each(arg, db->json[i], strlen(db->json[i])))
			return -1;
	}
	return 0;
}

static struct tg_dep *fx_dep(struct tg_dep_list *l, enum tg_eco eco, const char *name,
                             const char *version, const char *range)
{
	struct tg_dep *d = tg_dep_list_add(l);

	d->eco = eco;
	d->version = version ? tg_strdup(version) : NULL;
	d->range = range ? tg_strdup(range) : NULL;
	d->origin = TG_DEP_REGISTRY;
	tg_dep_set_name(d, name);
	return d;
}

#endif
