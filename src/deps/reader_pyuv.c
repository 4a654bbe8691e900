/*
 * uv.lock and pylock.toml (PEP 751). uv.lock names the project itself (an
 * editable or virtual source), whose dependencies, optional dependencies and
 * dev groups are the direct ones; the walk from them gives scope and via.
 * pylock.toml says neither: scope comes from each package's marker
 * (dependency_groups, extras) and via from its optional dependency lists.
 */
#include <stdlib.h>
#include <string.h>

#include "deps/reader_py_int.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/toml.h"

static int uv_match(const char *base)
{
	return !strcmp(base, "uv.lock");
}

/* pylock.toml, or pylock.<name>.toml */
static int pylock_match(const char *base)
{
	size_t n = strlen(base);
	return !strncmp(base, "pylock.", 7) && n >= 11 && !strcmp(base + n - 5, ".toml") &&
	       (n == 11 || base[n - 6] != '.');
}

static int package_error(const char *file, const struct tg_toml *n, const char *what)
{
	return tg_error_set(TG_ERR_INPUT, "%s:%d: %s", file, tg_toml_line(n), what);
}

/* The name and version strings of a package table, checked. */
static int name_version(const char *file, const struct tg_toml *pkg, const struct tg_toml **name,
                        const char **version)
{
	const struct tg_toml *v;

	if (tg_toml_type(pkg) != TG_TOML_TABLE)
		return package_error(file, pkg, "a package must be a table");
	*name = tg_toml_get(pkg, "name");
	if (!tg_toml_str(*name) || !*tg_toml_str(*name))
		return package_error(file, pkg, "a package without a name");
	v = tg_toml_get(pkg, "version");
	if (v && !tg_toml_str(v))
		return package_error(file, v, "a version must be a string");
	*version = tg_toml_str(v);
	return TG_OK;
}

/* uv's source = {registry|git|path|directory|url|editable|virtual = ...}. */
static int uv_is_project(const struct tg_toml *source)
{
	return tg_toml_get(source, "editable") || tg_toml_get(source, "virtual");
}

static enum tg_dep_origin uv_origin(const struct tg_toml *source)
{
	if (tg_toml_get(source, "git"))
		return TG_DEP_GIT;
	if (tg_toml_get(source, "path") || tg_toml_get(source, "directory"))
		return TG_DEP_PATH;
	if (tg_toml_get(source, "url"))
		return TG_DEP_URL;
	return TG_DEP_REGISTRY;
}

/* [{name = "x", version = "1", marker = ...}, ...] as edges of one kind. */
static void uv_edge_list(struct tg_py_graph *g, size_t at, const struct tg_toml *list,
                         enum tg_dep_scope kind)
{
	for (size_t i = 0; i < tg_toml_len(list); i++) {
		const struct tg_toml *e = tg_toml_at(list, i, NULL);
		const char *name = tg_toml_get_str(e, "name");
		if (name)
			tg_py_graph_edge(g, at, name, tg_toml_get_str(e, "version"), kind);
	}
}

/* A table of group -> edge list (optional-dependencies, dev-dependencies). */
static void uv_edge_groups(struct tg_py_graph *g, size_t at, const struct tg_toml *t,
                           enum tg_dep_scope kind)
{
	if (!t || tg_toml_type(t) != TG_TOML_TABLE)
		return;
	for (size_t i = 0; i < tg_toml_len(t); i++)
		uv_edge_list(g, at, tg_toml_at(t, i, NULL), kind);
}

static int uv_package(const char *file, const struct tg_toml *pkg, struct tg_py_graph *g,
                      struct tg_dep_list *out)
{
	const struct tg_toml *name, *source, *wheels;
	const char *version;
	size_t at, dep = TG_PY_PROJECT;

	if (name_version(file, pkg, &name, &version))
		return TG_ERR_INPUT;
	source = tg_toml_get(pkg, "source");
	if (!uv_is_project(source)) {
		struct tg_dep *d = tg_py_dep_add(out, file, tg_toml_line(name), tg_toml_str(name),
		                                 version, NULL);
		d->direct = 0;
		d->origin = uv_origin(source);
		tg_py_add_hash(d, tg_toml_get_str(tg_toml_get(pkg, "sdist"), "hash"));
		wheels = tg_toml_get(pkg, "wheels");
		for (size_t i = 0; i < tg_toml_len(wheels); i++)
			tg_py_add_hash(d, tg_toml_get_str(tg_toml_at(wheels, i, NULL), "hash"));
		dep = out->nr - 1;
	}
	at = tg_py_graph_add(g, tg_toml_str(name), version, dep);
	uv_edge_list(g, at, tg_toml_get(pkg, "dependencies"), TG_DEP_RUNTIME);
	uv_edge_groups(g, at, tg_toml_get(pkg, "optional-dependencies"), TG_DEP_OPTIONAL);
	uv_edge_groups(g, at, tg_toml_get(pkg, "dev-dependencies"), TG_DEP_DEV);
	return TG_OK;
}

/* hashes = {sha256 = "<hex>"} as "sha256:<hex>". */
static void pylock_hashes(const struct tg_toml *file, struct tg_dep *d)
{
	const struct tg_toml *hashes = tg_toml_get(file, "hashes");
	struct tg_buf b = TG_BUF_INIT;
	const char *algo;

	for (size_t i = 0; i < tg_toml_len(hashes); i++) {
		const char *hex = tg_toml_str(tg_toml_at(hashes, i, &algo));
		if (!hex)
			continue;
		tg_buf_reset(&b);
		tg_buf_addf(&b, "%s:%s", algo, hex);
		tg_py_add_hash(d, b.buf);
	}
	tg_buf_release(&b);
}

static enum tg_dep_origin pylock_origin(const struct tg_toml *pkg)
{
	const struct tg_toml *archive = tg_toml_get(pkg, "archive");

	if (tg_toml_get(pkg, "vcs"))
		return TG_DEP_GIT;
	if (tg_toml_get(pkg, "directory"))
		return TG_DEP_PATH;
	if (archive)
		return tg_toml_get(archive, "url") ? TG_DEP_URL : TG_DEP_PATH;
	return TG_DEP_REGISTRY;
}

/* PEP 751 markers select groups with "'dev' in dependency_groups", extras with "in extras". */
static enum tg_dep_scope pylock_scope(const char *marker)
{
	if (marker && strstr(marker, "dependency_groups"))
		return TG_DEP_DEV;
	if (marker && strstr(marker, "extras"))
		return TG_DEP_OPTIONAL;
	return TG_DEP_RUNTIME;
}

static int pylock_package(const char *file, const struct tg_toml *pkg, struct tg_py_graph *g,
                          struct tg_dep_list *out)
{
	const struct tg_toml *name, *wheels;
	const char *version;
	struct tg_dep *d;
	size_t at;

	if (name_version(file, pkg, &name, &version))
		return TG_ERR_INPUT;
	d = tg_py_dep_add(out, file, tg_toml_line(name), tg_toml_str(name), version, NULL);
	d->direct = 0;
	d->scope = pylock_scope(tg_toml_get_str(pkg, "marker"));
	d->origin = pylock_origin(pkg);
	pylock_hashes(tg_toml_get(pkg, "archive"), d);
	pylock_hashes(tg_toml_get(pkg, "sdist"), d);
	wheels = tg_toml_get(pkg, "wheels");
	for (size_t i = 0; i < tg_toml_len(wheels); i++)
		pylock_hashes(tg_toml_at(wheels, i, NULL), d);
	at = tg_py_graph_add(g, tg_toml_str(name), version, out->nr - 1);
	uv_edge_list(g, at, tg_toml_get(pkg, "dependencies"), TG_DEP_RUNTIME);
	return TG_OK;
}

typedef int (*package_fn)(const char *, const struct tg_toml *, struct tg_py_graph *,
                          struct tg_dep_list *);

static int read_lock(const struct tg_deps_file *f, struct tg_dep_list *out, const char *key,
                     package_fn one, int set_scope)
{
	struct tg_toml *doc;
	const struct tg_toml *pkgs;
	struct tg_py_graph g = TG_PY_GRAPH_INIT;
	int rc = tg_toml_parse(f->data, f->len, f->rel, &doc);

	if (rc)
		return rc;
	pkgs = tg_toml_get(doc, key);
	if (pkgs && tg_toml_type(pkgs) != TG_TOML_ARRAY)
		rc = tg_error_set(TG_ERR_INPUT, "%s:%d: \"%s\" must be an array of tables", f->rel,
		                  tg_toml_line(pkgs), key);
	for (size_t i = 0; !rc && i < tg_toml_len(pkgs); i++)
		rc = one(f->rel, tg_toml_at(pkgs, i, NULL), &g, out);
	if (!rc)
		tg_py_graph_manifest_roots(&g, f);
	tg_py_graph_finish(&g, out, set_scope);
	tg_py_graph_release(&g);
	tg_toml_free(doc);
	return rc;
}

static int uv_read(const struct tg_deps_file *f, struct tg_dep_list *out)
{
	return read_lock(f, out, "package", uv_package, 1);
}

static int pylock_read(const struct tg_deps_file *f, struct tg_dep_list *out)
{
	return read_lock(f, out, "packages", pylock_package, 0);
}

const struct tg_deps_reader tg_deps_reader_uv_lock = {
        "uv.lock", TG_ECO_PYPI, 1, uv_match, uv_read,
};

const struct tg_deps_reader tg_deps_reader_pylock_toml = {
        "pylock.toml", TG_ECO_PYPI, 1, pylock_match, pylock_read,
};
