/*
 * poetry.lock and pdm.lock: [[package]] tables of name, version, scope
 * (Poetry's category or groups, PDM's groups), file hashes and the
 * dependencies that make the graph. Neither says which packages the
 * project declares: direct stays 0 for the join with pyproject.toml, and
 * via starts at the packages nothing else depends on.
 */
#include <stdlib.h>
#include <string.h>

#include "deps/reader_py_int.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/toml.h"

static int poetry_match(const char *base)
{
	return !strcmp(base, "poetry.lock");
}

static int pdm_match(const char *base)
{
	return !strcmp(base, "pdm.lock");
}

static int array_has(const struct tg_toml *arr, const char *s)
{
	for (size_t i = 0; i < tg_toml_len(arr); i++) {
		const char *v = tg_toml_str(tg_toml_at(arr, i, NULL));
		if (v && !strcmp(v, s))
			return 1;
	}
	return 0;
}

/* Scope from Poetry's category (before 1.5) or groups (2.0), or PDM's groups. */
static enum tg_dep_scope lock_scope(const struct tg_toml *pkg, const char *runtime_group)
{
	const char *cat = tg_toml_get_str(pkg, "category");
	const struct tg_toml *groups = tg_toml_get(pkg, "groups");
	enum tg_dep_scope s = TG_DEP_RUNTIME;

	if (cat && !strcmp(cat, "dev"))
		s = TG_DEP_DEV;
	else if (tg_toml_len(groups) && !array_has(groups, runtime_group))
		s = TG_DEP_DEV;
	if (s == TG_DEP_RUNTIME && tg_toml_bool(tg_toml_get(pkg, "optional"), 0))
		s = TG_DEP_OPTIONAL;
	return s;
}

/* files = [{file = "...", hash = "sha256:..."}] */
static void file_hashes(const struct tg_toml *files, struct tg_dep *d)
{
	for (size_t i = 0; i < tg_toml_len(files); i++)
		tg_py_add_hash(d, tg_toml_get_str(tg_toml_at(files, i, NULL), "hash"));
}

static enum tg_dep_origin poetry_origin(const struct tg_toml *pkg)
{
	const char *type = tg_toml_get_str(tg_toml_get(pkg, "source"), "type");

	if (!type || !strcmp(type, "legacy"))
		return TG_DEP_REGISTRY;
	if (!strcmp(type, "git"))
		return TG_DEP_GIT;
	if (!strcmp(type, "url"))
		return TG_DEP_URL;
	return TG_DEP_PATH; /* directory, file */
}

static enum tg_dep_origin pdm_origin(const struct tg_toml *pkg)
{
	if (tg_toml_get(pkg, "git") || tg_toml_get(pkg, "hg"))
		return TG_DEP_GIT;
	if (tg_toml_get(pkg, "path") || tg_toml_bool(tg_toml_get(pkg, "editable"), 0))
		return TG_DEP_PATH;
	if (tg_toml_get(pkg, "url"))
		return TG_DEP_URL;
	return TG_DEP_REGISTRY;
}

/* [package.dependencies]: name = constraint, table or list of them. */
static void poetry_edges(struct tg_py_graph *g, size_t at, const struct tg_toml *deps)
{
	const char *name;

	if (!deps || tg_toml_type(deps) != TG_TOML_TABLE)
		return;
	for (size_t i = 0; i < tg_toml_len(deps); i++) {
		tg_toml_at(deps, i, &name);
		tg_py_graph_edge(g, at, name, NULL, TG_DEP_RUNTIME);
	}
}

/* dependencies = ["name>=1; marker", ...]; an unreadable one is only a lost edge. */
static void pdm_edges(const char *file, struct tg_py_graph *g, size_t at,
                      const struct tg_toml *deps, struct tg_dep_list *out)
{
	for (size_t i = 0; i < tg_toml_len(deps); i++) {
		const struct tg_toml *n = tg_toml_at(deps, i, NULL);
		const char *s = tg_toml_str(n);
		struct tg_py_req r;
		if (!s)
			continue;
		if (tg_py_req_parse(s, tg_toml_strlen(n), &r)) {
			tg_dep_warn(out, file, tg_toml_line(n), "dependency not read: %s",
			            tg_error_message());
			continue;
		}
		tg_py_graph_edge(g, at, r.name, NULL, TG_DEP_RUNTIME);
		tg_py_req_release(&r);
	}
}

/* One [[package]]: its record, hashes and edges. */
static int read_package(const char *file, int pdm, const struct tg_toml *pkg, struct tg_py_graph *g,
                        struct tg_dep_list *out)
{
	const struct tg_toml *name = tg_toml_get(pkg, "name");
	const struct tg_toml *version = tg_toml_get(pkg, "version");
	struct tg_dep *d;
	size_t at;

	if (tg_toml_type(pkg) != TG_TOML_TABLE)
		return tg_error_set(TG_ERR_INPUT, "%s:%d: a package must be a table", file,
		                    tg_toml_line(pkg));
	if (!tg_toml_str(name) || !*tg_toml_str(name))
		return tg_error_set(TG_ERR_INPUT, "%s:%d: a package without a name", file,
		                    tg_toml_line(pkg));
	if (version && !tg_toml_str(version))
		return tg_error_set(TG_ERR_INPUT, "%s:%d: a version must be a string", file,
		                    tg_toml_line(version));
	d = tg_py_dep_add(out, file, tg_toml_line(name), tg_toml_str(name), tg_toml_str(version),
	                  NULL);
	d->direct = 0;
	d->scope = lock_scope(pkg, pdm ? "default" : "main");
	d->origin = pdm ? pdm_origin(pkg) : poetry_origin(pkg);
	file_hashes(tg_toml_get(pkg, "files"), d);
	at = tg_py_graph_add(g, tg_toml_str(name), NULL, out->nr - 1);
	if (pdm)
		pdm_edges(file, g, at, tg_toml_get(pkg, "dependencies"), out);
	else
		poetry_edges(g, at, tg_toml_get(pkg, "dependencies"));
	return TG_OK;
}

/* Poetry before 1.2 kept hashes apart: [metadata.files] name = [{file, hash}]. */
static void poetry_old_hashes(const struct tg_toml *doc, struct tg_dep_list *out, size_t from)
{
	const struct tg_toml *files = tg_toml_path(doc, "metadata.files");
	struct tg_hashmap by_name = TG_HASHMAP_INIT;
	struct tg_hashmap_entry *e;
	struct tg_buf b = TG_BUF_INIT;
	const char *key;

	if (!tg_toml_len(files))
		return;
	for (size_t j = from; j < out->nr; j++) {
		int added;
		e = tg_hashmap_put(&by_name, out->v[j].name, strlen(out->v[j].name), &added);
		if (added)
			e->val.u64 = j + 1;
	}
	for (size_t i = 0; i < tg_toml_len(files); i++) {
		const struct tg_toml *list = tg_toml_at(files, i, &key);
		tg_buf_reset(&b);
		tg_eco_normalize_name(TG_ECO_PYPI, key, &b);
		if ((e = tg_hashmap_get(&by_name, b.buf, b.len)))
			file_hashes(list, &out->v[e->val.u64 - 1]);
	}
	tg_hashmap_release(&by_name);
	tg_buf_release(&b);
}

static int read_lock(const struct tg_deps_file *f, struct tg_dep_list *out, int pdm)
{
	struct tg_toml *doc;
	const struct tg_toml *pkgs;
	struct tg_py_graph g = TG_PY_GRAPH_INIT;
	size_t from = out->nr;
	int rc = tg_toml_parse(f->data, f->len, f->rel, &doc);

	if (rc)
		return rc;
	pkgs = tg_toml_get(doc, "package");
	if (pkgs && tg_toml_type(pkgs) != TG_TOML_ARRAY)
		rc = tg_error_set(TG_ERR_INPUT, "%s:%d: \"package\" must be an array of tables",
		                  f->rel, tg_toml_line(pkgs));
	for (size_t i = 0; !rc && i < tg_toml_len(pkgs); i++)
		rc = read_package(f->rel, pdm, tg_toml_at(pkgs, i, NULL), &g, out);
	if (!rc) {
		tg_py_graph_manifest_roots(&g, f);
		tg_py_graph_finish(&g, out, 0);
		if (!pdm)
			poetry_old_hashes(doc, out, from);
	}
	tg_py_graph_release(&g);
	tg_toml_free(doc);
	return rc;
}

static int poetry_read(const struct tg_deps_file *f, struct tg_dep_list *out)
{
	return read_lock(f, out, 0);
}

static int pdm_read(const struct tg_deps_file *f, struct tg_dep_list *out)
{
	return read_lock(f, out, 1);
}

const struct tg_deps_reader tg_deps_reader_poetry_lock = {
        "poetry.lock", TG_ECO_PYPI, 1, poetry_match, poetry_read,
};

const struct tg_deps_reader tg_deps_reader_pdm_lock = {
        "pdm.lock", TG_ECO_PYPI, 1, pdm_match, pdm_read,
};
