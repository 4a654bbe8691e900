/*
 * composer.lock: "packages" (runtime) and "packages-dev" (dev), each entry
 * with name, version ("v1.2.3" is 1.2.3 to Packagist's advisories), source
 * and dist (dist.shasum, SHA-1, when the registry gave one), and "require",
 * the graph. The lock does not say which packages the project itself
 * requires: composer.json beside it does; without it, a package nothing else
 * requires is taken as direct. Platform requirements (php, ext-*, lib-*,
 * composer-*) are no packages.
 */
#include <stdlib.h>
#include <string.h>

#include "deps/record_int.h"
#include "util/alloc.h"
#include "util/error.h"

static int is_platform(const char *name)
{
	return !strchr(name, '/') || !strncmp(name, "ext-", 4) || !strncmp(name, "lib-", 4);
}

/* The lowercase name, the key of the graph (Packagist names are case-insensitive). */
static char *key_of(const char *name)
{
	char *k = tg_strdup(name);

	for (char *p = k; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return k;
}

static int check_list(const struct tg_deps_file *f, const json_t *list, const char *what)
{
	size_t i;
	const json_t *p;

	if (list && !json_is_array(list))
		return tg_error_set(TG_ERR_INPUT, "%s:1: \"%s\" is not an array", f->rel, what);
	json_array_foreach(list, i, p)
	{
		if (!tg_deps_json_str(p, "name") || !tg_deps_json_str(p, "version"))
			return tg_error_set(TG_ERR_INPUT, "%s:1: %s[%zu] has no name or version",
			                    f->rel, what, i);
	}
	return TG_OK;
}

static void add_edges(struct tg_deps_graph *g, const json_t *list, struct tg_hashmap *required)
{
	size_t i;
	const json_t *p;

	json_array_foreach(list, i, p)
	{
		const char *name = tg_deps_json_str(p, "name"), *dep;
		char *k = key_of(name);
		size_t from = tg_deps_graph_node(g, k, name);
		const json_t *v;
		free(k);
		json_object_foreach((json_t *)json_object_get(p, "require"), dep, v)
		{
			if (is_platform(dep))
				continue;
			k = key_of(dep);
			tg_deps_graph_edge(g, from, tg_deps_graph_node(g, k, dep));
			tg_hashmap_put(required, k, strlen(k), NULL);
			free(k);
		}
	}
}

/* Without composer.json: a package that no other package requires is taken as direct. */
static void roots_unrequired(struct tg_deps_graph *g, const json_t *list,
                             const struct tg_hashmap *required)
{
	size_t i;
	const json_t *p;

	json_array_foreach(list, i, p)
	{
		const char *name = tg_deps_json_str(p, "name");
		char *k = key_of(name);
		if (!tg_hashmap_get(required, k, strlen(k)))
			tg_deps_graph_root(g, tg_deps_graph_node(g, k, name));
		free(k);
	}
}

/* The names composer.json requires; 0 when there is no composer.json to read. */
static int manifest_roots(const struct tg_deps_file *f, struct tg_strlist *roots)
{
	struct tg_buf b = TG_BUF_INIT;
	char *rel = NULL;
	json_t *doc = NULL;
	struct tg_deps_file mf;
	const char *k;
	const json_t *v;
	int ok = 0;

	if (!tg_deps_read_sibling(f, "composer.json", &b, &rel)) {
		mf = (struct tg_deps_file){f->root_fd, rel, b.buf, b.len};
		if (!tg_deps_json_load(&mf, &doc) && json_is_object(doc)) {
			ok = 1;
			json_object_foreach(json_object_get(doc, "require"), k, v)
			        tg_strlist_add(roots, k);
			json_object_foreach(json_object_get(doc, "require-dev"), k, v)
			        tg_strlist_add(roots, k);
		}
	}
	tg_error_clear();
	json_decref(doc);
	free(rel);
	tg_buf_release(&b);
	return ok;
}

static void emit(const struct tg_deps_file *f, const json_t *list, enum tg_dep_scope scope,
                 struct tg_deps_graph *g, struct tg_deps_keyscan *ks, struct tg_dep_list *out)
{
	size_t i;
	const json_t *p;

	json_array_foreach(list, i, p)
	{
		const char *name = tg_deps_json_str(p, "name");
		const char *ver = tg_deps_json_str(p, "version");
		const char *sha = tg_deps_json_str(json_object_get(p, "dist"), "shasum");
		const char *src = tg_deps_json_str(json_object_get(p, "source"), "type");
		const char *dist = tg_deps_json_str(json_object_get(p, "dist"), "type");
		char *k = key_of(name);
		struct tg_dep *d;
		if ((ver[0] == 'v' || ver[0] == 'V') && ver[1] >= '0' && ver[1] <= '9')
			ver++;
		d = tg_deps_add(out, TG_ECO_PACKAGIST, f->rel,
		                tg_deps_keyscan_value_line(ks, "name", name), name, ver);
		d->scope = scope;
		d->via = tg_deps_graph_via(g, k);
		d->direct = !d->via && tg_deps_graph_reached(g, k) == 1;
		if (dist && !strcmp(dist, "path"))
			d->origin = TG_DEP_PATH;
		else if (!dist && src && !strcmp(src, "git"))
			d->origin = TG_DEP_GIT;
		if (sha && *sha) {
			struct tg_buf h = TG_BUF_INIT;
			tg_buf_addf(&h, "sha1:%s", sha);
			tg_strlist_add(&d->hashes, h.buf);
			tg_buf_release(&h);
		}
		free(k);
	}
}

static int read_composer_lock(const struct tg_deps_file *f, struct tg_dep_list *out)
{
	struct tg_deps_graph g = TG_DEPS_GRAPH_INIT;
	struct tg_hashmap required = TG_HASHMAP_INIT;
	struct tg_deps_keyscan ks = {f->data, f->len, 0};
	struct tg_strlist roots = TG_STRLIST_INIT;
	const json_t *pk, *dev;
	json_t *doc;
	int rc;

	if ((rc = tg_deps_json_load(f, &doc)))
		return rc;
	pk = json_object_get(doc, "packages");
	dev = json_object_get(doc, "packages-dev");
	if (!json_is_object(doc))
		rc = tg_error_set(TG_ERR_INPUT, "%s:1: not a composer.lock (no object)", f->rel);
	if (!rc && !(rc = check_list(f, pk, "packages")))
		rc = check_list(f, dev, "packages-dev");
	if (!rc) {
		add_edges(&g, pk, &required);
		add_edges(&g, dev, &required);
		if (manifest_roots(f, &roots)) {
			for (size_t i = 0; i < roots.nr; i++) {
				char *k = key_of(roots.v[i]);
				if (!is_platform(k))
					tg_deps_graph_root(&g,
					                   tg_deps_graph_node(&g, k, roots.v[i]));
				free(k);
			}
		} else {
			roots_unrequired(&g, pk, &required);
			roots_unrequired(&g, dev, &required);
		}
		emit(f, pk, TG_DEP_RUNTIME, &g, &ks, out);
		emit(f, dev, TG_DEP_DEV, &g, &ks, out);
	}
	tg_strlist_clear(&roots);
	tg_hashmap_release(&required);
	tg_deps_graph_release(&g);
	json_decref(doc);
	return rc;
}

static int match_composer_lock(const char *base)
{
	return !strcmp(base, "composer.lock");
}

const struct tg_deps_reader tg_deps_reader_composer_lock = {
        "composer.lock", TG_ECO_PACKAGIST, 1, match_composer_lock, read_composer_lock};
