/*
 * pyproject.toml, the manifest: PEP 621's [project] dependencies and
 * optional-dependencies, PEP 735's [dependency-groups], Poetry's
 * [tool.poetry] dependencies and groups, PDM's and uv's dev dependencies.
 * What it declares is direct, and a range unless it pins one version.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "deps/reader_py_int.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/toml.h"

static int pyproject_match(const char *base)
{
	return !strcmp(base, "pyproject.toml");
}

static int bad_type(const char *file, const struct tg_toml *n, const char *what)
{
	return tg_error_set(TG_ERR_INPUT, "%s:%d: %s", file, tg_toml_line(n), what);
}

/* One PEP 508 string; PDM's "-e url#egg=name" editables are path or VCS dependencies. */
static int add_pep508(const char *file, const struct tg_toml *n, enum tg_dep_scope scope,
                      struct tg_dep_list *out)
{
	const char *s = tg_toml_str(n);
	struct tg_py_req r;

	if (!s)
		return bad_type(file, n, "a dependency must be a string");
	if (!strncmp(s, "-e", 2) && isspace((unsigned char)s[2])) {
		const char *egg = strstr(s, "#egg=");
		s += 3;
		while (isspace((unsigned char)*s))
			s++;
		if (!egg && !strstr(s, " @ "))
			return TG_OK; /* the project itself, or a path without a name */
		if (egg) {
			struct tg_dep *d =
			        tg_py_dep_add(out, file, tg_toml_line(n), egg + 5, NULL, NULL);
			d->scope = scope;
			d->origin = tg_py_url_origin(s) == TG_DEP_GIT ? TG_DEP_GIT : TG_DEP_PATH;
			return TG_OK;
		}
	}
	if (tg_py_req_parse(s, tg_toml_strlen(n), &r))
		return tg_error_prefix(TG_ERR_INPUT, "%s:%d", file, tg_toml_line(n));
	tg_py_dep_from_req(out, file, tg_toml_line(n), &r, scope);
	tg_py_req_release(&r);
	return TG_OK;
}

/* An array of PEP 508 strings; PEP 735's {include-group = ...} tables are skipped
 * (the included group is read under its own name). */
static int add_pep508_array(const char *file, const struct tg_toml *arr, enum tg_dep_scope scope,
                            struct tg_dep_list *out)
{
	if (!arr)
		return TG_OK;
	if (tg_toml_type(arr) != TG_TOML_ARRAY)
		return bad_type(file, arr, "dependencies must be an array of strings");
	for (size_t i = 0; i < tg_toml_len(arr); i++) {
		const struct tg_toml *n = tg_toml_at(arr, i, NULL);
		if (tg_toml_type(n) == TG_TOML_TABLE && tg_toml_get(n, "include-group"))
			continue;
		if (add_pep508(file, n, scope, out))
			return TG_ERR_INPUT;
	}
	return TG_OK;
}

/* A table of named arrays: optional-dependencies, dependency-groups, PDM's groups. */
static int add_groups(const char *file, const struct tg_toml *t, enum tg_dep_scope scope,
                      struct tg_dep_list *out)
{
	if (!t)
		return TG_OK;
	if (tg_toml_type(t) != TG_TOML_TABLE)
		return bad_type(file, t, "expected a table of dependency groups");
	for (size_t i = 0; i < tg_toml_len(t); i++)
		if (add_pep508_array(file, tg_toml_at(t, i, NULL), scope, out))
			return TG_ERR_INPUT;
	return TG_OK;
}

/*
 * Poetry's constraint as a version when it pins one: "1.2.3" and "==1.2.3"
 * are exact, "^1.2", "~1.2", ">=1,<2" and "1.*" are ranges.
 */
static char *poetry_exact(const char *c)
{
	if (!c)
		return NULL;
	if (isdigit((unsigned char)c[0])) {
		for (const char *p = c; *p; p++)
			if (!isalnum((unsigned char)*p) && !strchr(".+-_!", *p))
				return NULL;
		return tg_strdup(c);
	}
	return tg_py_spec_exact(c);
}

/* The numeric release parts of v ("1.2.3b1": 1, 2, 3), at most 8; their count. */
static int release_parts(const char *v, long *parts)
{
	int n = 0;

	while (n < 8 && isdigit((unsigned char)*v)) {
		parts[n++] = strtol(v, (char **)&v, 10);
		if (*v != '.')
			break;
		v++;
	}
	return n;
}

/* "^1.2.3" as ">=1.2.3,<2.0.0"; "~1.2" as ">=1.2,<1.3": the bump of part idx. */
static void poetry_bounds(const char *v, const long *parts, int idx, struct tg_buf *out)
{
	tg_buf_addf(out, ">=%s,<", v);
	for (int i = 0; i <= idx; i++)
		tg_buf_addf(out, "%s%ld", i ? "." : "", i == idx ? parts[i] + 1 : parts[i]);
}

/* One Poetry clause as PEP 440; -1 when it has no PEP 440 form. */
static int poetry_clause(const char *c, size_t len, struct tg_buf *out)
{
	struct tg_buf v = TG_BUF_INIT;
	long parts[8];
	int n, idx = 0, rc = 0;

	while (len && isspace((unsigned char)*c))
		c++, len--;
	while (len && isspace((unsigned char)c[len - 1]))
		len--;
	if ((*c == '^' || (*c == '~' && c[1] != '=')) && len > 1) {
		tg_buf_add(&v, c + 1, len - 1);
		tg_buf_trim(&v);
		if (!(n = release_parts(v.buf, parts))) {
			rc = -1;
		} else if (*c == '^') { /* the first part that is not zero moves */
			while (idx < n - 1 && !parts[idx])
				idx++;
		} else {
			idx = n == 1 ? 0 : 1;
		}
		if (!rc)
			poetry_bounds(v.buf, parts, idx, out);
	} else if (len && isdigit((unsigned char)*c)) { /* 1.2.* or a bare version */
		tg_buf_adds(out, "==");
		tg_buf_add(out, c, len);
	} else if (len && strchr("<>=!~", *c)) {
		for (size_t i = 0; i < len; i++)
			if (!isspace((unsigned char)c[i]))
				tg_buf_addch(out, c[i]);
	} else if (!(len == 1 && *c == '*')) {
		rc = -1;
	}
	tg_buf_release(&v);
	return rc;
}

/*
 * A Poetry constraint as a PEP 440 specifier, which the version module's
 * PyPI constraints read: "^1.2" is ">=1.2,<2", "~1.2.3" ">=1.2.3,<1.3",
 * "1.2.*" "==1.2.*". NULL for "*", and for what PEP 440 cannot say (an
 * "||" union): that one is kept as written.
 */
static char *poetry_range(const char *c)
{
	struct tg_buf out = TG_BUF_INIT, one = TG_BUF_INIT;

	if (!c || strstr(c, "||"))
		return c && *c ? tg_strdup(c) : NULL;
	for (const char *p = c;; p++) {
		size_t n = strcspn(p, ",");
		tg_buf_reset(&one);
		if (poetry_clause(p, n, &one)) {
			tg_buf_release(&one);
			tg_buf_release(&out);
			return tg_strdup(c);
		}
		if (one.len && out.len)
			tg_buf_addch(&out, ',');
		tg_buf_add(&out, one.buf, one.len);
		p += n;
		if (!*p)
			break;
	}
	tg_buf_release(&one);
	if (!out.len) {
		tg_buf_release(&out);
		return NULL;
	}
	return tg_buf_detach(&out, NULL);
}

static void poetry_origin(const struct tg_toml *v, struct tg_dep *d)
{
	if (tg_toml_get(v, "git"))
		d->origin = TG_DEP_GIT;
	else if (tg_toml_get(v, "path"))
		d->origin = TG_DEP_PATH;
	else if (tg_toml_get(v, "url"))
		d->origin = TG_DEP_URL;
}

/* One Poetry dependency: "^1.0", {version = ..., optional = true, git = ...}, or a list. */
static int add_poetry_dep(const char *file, const char *name, const struct tg_toml *v,
                          enum tg_dep_scope scope, struct tg_dep_list *out)
{
	const struct tg_toml *spec = v;
	struct tg_dep *d;
	char *exact, *range;

	if (tg_toml_type(v) == TG_TOML_ARRAY) { /* multiple constraints: one entry each */
		for (size_t i = 0; i < tg_toml_len(v); i++)
			if (add_poetry_dep(file, name, tg_toml_at(v, i, NULL), scope, out))
				return TG_ERR_INPUT;
		return TG_OK;
	}
	if (tg_toml_type(v) == TG_TOML_TABLE)
		spec = tg_toml_get(v, "version");
	else if (tg_toml_type(v) != TG_TOML_STRING)
		return bad_type(file, v, "a Poetry dependency must be a string or a table");
	if (spec && !tg_toml_str(spec))
		return bad_type(file, spec, "a Poetry version must be a string");
	exact = poetry_exact(tg_toml_str(spec));
	range = exact ? NULL : poetry_range(tg_toml_str(spec));
	d = tg_py_dep_add(out, file, tg_toml_line(v), name, exact, range);
	free(exact);
	free(range);
	d->scope = scope;
	if (tg_toml_type(v) == TG_TOML_TABLE) {
		poetry_origin(v, d);
		if (scope == TG_DEP_RUNTIME && tg_toml_bool(tg_toml_get(v, "optional"), 0))
			d->scope = TG_DEP_OPTIONAL;
	}
	return TG_OK;
}

static int add_poetry_table(const char *file, const struct tg_toml *t, enum tg_dep_scope scope,
                            struct tg_dep_list *out)
{
	const char *name;

	if (!t)
		return TG_OK;
	if (tg_toml_type(t) != TG_TOML_TABLE)
		return bad_type(file, t, "Poetry dependencies must be a table");
	for (size_t i = 0; i < tg_toml_len(t); i++) {
		const struct tg_toml *v = tg_toml_at(t, i, &name);
		if (!strcasecmp(name, "python")) /* the interpreter, not a package */
			continue;
		if (add_poetry_dep(file, name, v, scope, out))
			return TG_ERR_INPUT;
	}
	return TG_OK;
}

static int read_poetry(const char *file, const struct tg_toml *poetry, struct tg_dep_list *out)
{
	const struct tg_toml *groups = tg_toml_get(poetry, "group");
	const char *gname;

	if (add_poetry_table(file, tg_toml_get(poetry, "dependencies"), TG_DEP_RUNTIME, out) ||
	    add_poetry_table(file, tg_toml_get(poetry, "dev-dependencies"), TG_DEP_DEV, out))
		return TG_ERR_INPUT;
	for (size_t i = 0; i < tg_toml_len(groups); i++) {
		const struct tg_toml *g = tg_toml_at(groups, i, &gname);
		enum tg_dep_scope scope = strcmp(gname, "main") ? TG_DEP_DEV : TG_DEP_RUNTIME;
		if (tg_toml_type(g) == TG_TOML_TABLE &&
		    add_poetry_table(file, tg_toml_get(g, "dependencies"), scope, out))
			return TG_ERR_INPUT;
	}
	return TG_OK;
}

static int read_doc(const char *file, const struct tg_toml *doc, struct tg_dep_list *out)
{
	const struct tg_toml *project = tg_toml_get(doc, "project");
	const struct tg_toml *poetry = tg_toml_path(doc, "tool.poetry");

	if (add_pep508_array(file, tg_toml_get(project, "dependencies"), TG_DEP_RUNTIME, out) ||
	    add_groups(file, tg_toml_get(project, "optional-dependencies"), TG_DEP_OPTIONAL, out) ||
	    add_groups(file, tg_toml_get(doc, "dependency-groups"), TG_DEP_DEV, out) ||
	    add_groups(file, tg_toml_path(doc, "tool.pdm.dev-dependencies"), TG_DEP_DEV, out) ||
	    add_pep508_array(file, tg_toml_path(doc, "tool.uv.dev-dependencies"), TG_DEP_DEV, out))
		return TG_ERR_INPUT;
	if (poetry && tg_toml_type(poetry) == TG_TOML_TABLE)
		return read_poetry(file, poetry, out);
	return TG_OK;
}

static int pyproject_read(const struct tg_deps_file *f, struct tg_dep_list *out)
{
	struct tg_toml *doc;
	int rc = tg_toml_parse(f->data, f->len, f->rel, &doc);

	if (rc)
		return rc;
	rc = read_doc(f->rel, doc, out);
	tg_toml_free(doc);
	return rc;
}

const struct tg_deps_reader tg_deps_reader_pyproject_toml = {
        "pyproject.toml", TG_ECO_PYPI, 0, pyproject_match, pyproject_read,
};
