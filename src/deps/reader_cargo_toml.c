/*
 * Cargo.toml: [dependencies], [dev-dependencies] and [build-dependencies]
 * (and their older spellings with '_'), the same under
 * [target.'cfg(..)'], each "name = version" or "name = { version, package,
 * path, git, optional, workspace }". A version is a requirement ("1.2" is
 * ^1.2), kept as a range. `package = "real-name"` is the crate's name on
 * crates.io; path and git dependencies come from a directory or a
 * repository. `workspace = true` inherits the declaration in the
 * workspace root's [workspace.dependencies], found above (and beneath the
 * root): the record points there, where the version is written.
 */
#include <stdlib.h>
#include <string.h>

#include "deps/record_int.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/toml.h"

struct manifest {
	const struct tg_deps_file *f;
	struct tg_dep_list *out;
	/* the workspace root, loaded on first need */
	int ws_loaded;
	struct tg_buf ws_bytes;
	struct tg_toml *ws_doc; /* a workspace root read from above */
	char *ws_rel;
	const struct tg_toml *ws; /* the workspace root: ws_doc, or the file itself */
	const char *ws_file;
};

static void declared(struct manifest *m, const char *file, const char *key, const struct tg_toml *v,
                     enum tg_dep_scope scope, int line);

/* The nearest Cargo.toml above with a [workspace] table (the file itself is not one). */
static const struct tg_toml *workspace_deps(struct manifest *m)
{
	size_t up = 0;

	if (!m->ws_loaded) {
		m->ws_loaded = 1;
		for (const char *p = m->f->rel; *p; p++)
			up += *p == '/';
		for (size_t i = 1; i <= up && !m->ws_doc; i++) {
			struct tg_buf path = TG_BUF_INIT;
			char *rel = NULL;
			for (size_t j = 0; j < i; j++)
				tg_buf_adds(&path, "../");
			tg_buf_adds(&path, "Cargo.toml");
			tg_buf_reset(&m->ws_bytes);
			if (!tg_deps_read_relative(m->f, path.buf, &m->ws_bytes, &rel) &&
			    !tg_toml_parse(m->ws_bytes.buf, m->ws_bytes.len, rel, &m->ws_doc) &&
			    !tg_toml_get(m->ws_doc, "workspace")) {
				tg_toml_free(m->ws_doc);
				m->ws_doc = NULL;
			}
			tg_error_clear();
			if (m->ws_doc) {
				m->ws_rel = rel;
				m->ws = m->ws_doc;
				m->ws_file = rel;
			} else {
				free(rel);
			}
			tg_buf_release(&path);
		}
	}
	return tg_toml_path(m->ws, "workspace.dependencies");
}

/* `name = { workspace = true }`: the workspace's declaration, with this one's scope. */
static void inherited(struct manifest *m, const char *key, enum tg_dep_scope scope, int line,
                      const struct tg_toml *v)
{
	const struct tg_toml *ws = workspace_deps(m), *decl = tg_toml_get(ws, key);

	if (tg_toml_bool(tg_toml_get(decl, "workspace"), 0))
		decl = NULL; /* a declaration that inherits again inherits nothing */
	size_t before = m->out->nr;

	if (!decl) {
		tg_dep_warn(m->out, m->f->rel, line,
		            "%s: workspace = true, but no [workspace.dependencies] declares it",
		            key);
		return;
	}
	declared(m, m->ws_file, key, decl, scope, tg_toml_line(decl));
	if (m->out->nr > before && tg_toml_bool(tg_toml_get(v, "optional"), 0))
		m->out->v[before].scope = TG_DEP_OPTIONAL;
}

static void declared(struct manifest *m, const char *file, const char *key, const struct tg_toml *v,
                     enum tg_dep_scope scope, int line)
{
	const char *range = tg_toml_str(v), *name = key;
	struct tg_dep *d;
	enum tg_dep_origin origin = TG_DEP_REGISTRY;

	if (tg_toml_type(v) == TG_TOML_TABLE) {
		if (tg_toml_bool(tg_toml_get(v, "workspace"), 0)) {
			inherited(m, key, scope, line, v);
			return;
		}
		range = tg_toml_get_str(v, "version");
		if (tg_toml_get_str(v, "package"))
			name = tg_toml_get_str(v, "package");
		if (tg_toml_get(v, "path"))
			origin = TG_DEP_PATH;
		else if (tg_toml_get(v, "git"))
			origin = TG_DEP_GIT;
		if (tg_toml_bool(tg_toml_get(v, "optional"), 0))
			scope = TG_DEP_OPTIONAL;
	} else if (!range) {
		tg_dep_warn(m->out, file, line, "%s: neither a version nor a table", key);
		return;
	}
	d = tg_deps_add(m->out, TG_ECO_CRATES, file, line, name, NULL);
	d->range = tg_strdup(range && *range ? range : "*");
	d->direct = 1;
	d->scope = scope;
	d->origin = origin;
}

static void table(struct manifest *m, const struct tg_toml *deps, enum tg_dep_scope scope)
{
	for (size_t i = 0; i < tg_toml_len(deps); i++) {
		const char *key;
		const struct tg_toml *v = tg_toml_at(deps, i, &key);
		declared(m, m->f->rel, key, v, scope, tg_toml_line(v));
	}
}

/* The dependency tables of a manifest, or of one target of it. */
static void sections(struct manifest *m, const struct tg_toml *t)
{
	if (tg_toml_type(t) != TG_TOML_TABLE)
		return;
	table(m, tg_toml_get(t, "dependencies"), TG_DEP_RUNTIME);
	table(m, tg_toml_get(t, "dev-dependencies"), TG_DEP_DEV);
	table(m, tg_toml_get(t, "dev_dependencies"), TG_DEP_DEV);
	table(m, tg_toml_get(t, "build-dependencies"), TG_DEP_RUNTIME);
	table(m, tg_toml_get(t, "build_dependencies"), TG_DEP_RUNTIME);
}

static int read_cargo_toml(const struct tg_deps_file *f, struct tg_dep_list *out)
{
	struct manifest m = {f, out, 0, TG_BUF_INIT, NULL, NULL, NULL, NULL};
	const struct tg_toml *targets;
	struct tg_toml *doc;
	int rc = tg_toml_parse(f->data, f->len, f->rel, &doc);

	if (rc)
		return rc;
	if (tg_toml_get(doc, "workspace")) {
		/* a workspace root is its own workspace */
		m.ws_loaded = 1;
		m.ws = doc;
		m.ws_file = f->rel;
	}
	sections(&m, doc);
	targets = tg_toml_get(doc, "target");
	for (size_t i = 0; i < tg_toml_len(targets); i++)
		sections(&m, tg_toml_at(targets, i, NULL));
	tg_toml_free(m.ws_doc);
	tg_buf_release(&m.ws_bytes);
	free(m.ws_rel);
	tg_toml_free(doc);
	return TG_OK;
}

static int match_cargo_toml(const char *base)
{
	return !strcmp(base, "Cargo.toml");
}

const struct tg_deps_reader tg_deps_reader_cargo_toml = {"Cargo.toml", TG_ECO_CRATES, 0,
                                                         match_cargo_toml, read_cargo_toml};
