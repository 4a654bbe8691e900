/*
 * package-lock.json and npm-shrinkwrap.json. v2 and v3 list every installed
 * package under "packages", keyed by its node_modules path
 * ("node_modules/a/node_modules/b"); v1 nests "dependencies" objects
 * instead, which are read into the same keys. A package's dependencies are
 * found as node finds them: in its own node_modules, then each enclosing
 * one. The project's direct dependencies are those the root entry (or, for
 * v1, the package.json beside it) and its workspaces declare.
 */
#include <string.h>

#include "deps/npm_int.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/json.h"

struct lock {
	const struct tg_deps_file *f;
	struct tg_dep_list *out;
	struct tg_hashmap lines;
	struct tg_hashmap index; /* node_modules key -> node + 1 */
	struct tg_strlist keys;  /* per node: its key */
	json_t **entries;        /* per node: its object (borrowed) */
	size_t first, nr, alloc;
	struct tg_buf tmp;
};

static int match(const char *base)
{
	return !strcmp(base, "package-lock.json") || !strcmp(base, "npm-shrinkwrap.json");
}

static const char *json_str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int flag(json_t *o, const char *key)
{
	return json_is_true(json_object_get(o, key));
}

/* The node a package named name resolves to from the package at key `from`, or -1. */
static long resolve(struct lock *l, const char *from, const char *name)
{
	size_t len = strlen(from);

	for (;;) {
		struct tg_hashmap_entry *e;
		const char *nm;

		tg_buf_reset(&l->tmp);
		tg_buf_add(&l->tmp, from, len);
		tg_buf_adds(&l->tmp, len ? "/node_modules/" : "node_modules/");
		tg_buf_adds(&l->tmp, name);
		if ((e = tg_hashmap_get(&l->index, l->tmp.buf, l->tmp.len)))
			return (long)e->val.u64 - 1;
		if (!len)
			return -1;
		/* up one node_modules level; a workspace directory resolves from the root */
		for (nm = NULL; !nm && len > 0; len--)
			if (len >= 13 && !memcmp(from + len - 13, "node_modules/", 13))
				nm = from + len - 13;
		if (!nm)
			len = 0;
		else
			len = nm > from ? (size_t)(nm - from) - 1 : 0;
	}
}

static void add_hashes(struct tg_dep *d, const char *integrity)
{
	const char *p = integrity, *sp;

	/* integrity may list several, space-separated */
	while (p && *p) {
		sp = strchr(p, ' ');
		tg_strlist_addn(&d->hashes, p, sp ? (size_t)(sp - p) : strlen(p));
		p = sp ? sp + 1 : NULL;
	}
}

static enum tg_dep_scope entry_scope(json_t *e)
{
	if (flag(e, "dev") || flag(e, "devOptional"))
		return TG_DEP_DEV;
	return flag(e, "optional") ? TG_DEP_OPTIONAL : TG_DEP_RUNTIME;
}

/* The package name a node_modules key ends in. */
static const char *key_name(const char *key)
{
	const char *p = key, *nm;

	while ((nm = strstr(p, "node_modules/")))
		p = nm + 13;
	return p;
}

static void add_node(struct lock *l, const char *key, json_t *e, const char *name,
                     const char *version, int line)
{
	const char *resolved = json_str(e, "resolved");
	struct tg_dep *d;
	int added;

	d = tg_npm_add(l->out, l->f, name, version, line);
	d->origin = tg_npm_resolved_origin(resolved);
	if (d->origin == TG_DEP_REGISTRY && version)
		d->origin = tg_npm_resolved_origin(version);
	if (flag(e, "link"))
		d->origin = TG_DEP_PATH;
	d->scope = entry_scope(e);
	add_hashes(d, json_str(e, "integrity"));
	if (json_str(e, "license"))
		d->license = tg_strdup(json_str(e, "license"));
	if (l->nr == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 256;
		l->entries = tg_realloc(l->entries, l->alloc * sizeof(*l->entries));
	}
	l->entries[l->nr++] = e;
	tg_strlist_add(&l->keys, key);
	tg_hashmap_put(&l->index, key, strlen(key), &added)->val.u64 = l->nr;
}

static void read_packages(struct lock *l, json_t *packages)
{
	const char *key;
	json_t *e;

	json_object_foreach(packages, key, e)
	{
		const char *name = json_str(e, "name"), *version = json_str(e, "version");

		/* "" is the project and "packages/x" a workspace: not dependencies */
		if (strncmp(key, "node_modules/", 13) && !strstr(key, "/node_modules/"))
			continue;
		if (flag(e, "link")) {
			/* a workspace's link: the version is its directory's */
			json_t *target = json_object_get(packages, json_str(e, "resolved") ?: "");
			version = json_str(target, "version");
			name = key_name(key);
		}
		add_node(l, key, e, name ? name : key_name(key), version,
		         tg_npm_line(&l->lines, "packages", key, NULL));
	}
}

/* v1: "dependencies" objects nested in each other, read into v2's keys. */
static int read_v1(struct lock *l, json_t *deps, const char *parent, const char *line_path,
                   int depth)
{
	struct tg_buf key = TG_BUF_INIT, lp = TG_BUF_INIT;
	const char *name;
	json_t *e;
	int rc = TG_OK;

	if (depth > 64)
		return tg_error_set(TG_ERR_INPUT, "%s: dependencies nested too deep", l->f->rel);
	json_object_foreach(deps, name, e)
	{
		const char *version = json_str(e, "version"), *real = name;
		struct tg_buf alias = TG_BUF_INIT;
		struct tg_hashmap_entry *le;

		if (!json_is_object(e))
			continue;
		tg_buf_reset(&key);
		tg_buf_addf(&key, "%s%snode_modules/%s", parent, *parent ? "/" : "", name);
		tg_buf_reset(&lp);
		tg_buf_addf(&lp, "%s\n%s", line_path, name);
		le = tg_hashmap_get(&l->lines, lp.buf, lp.len);
		if (version && !strncmp(version, "npm:", 4)) {
			size_t at = tg_npm_split_at(version + 4, strlen(version + 4));
			tg_buf_add(&alias, version + 4, at ? at : strlen(version + 4));
			real = alias.buf;
			version = at ? version + 4 + at + 1 : NULL;
		}
		add_node(l, key.buf, e, real, version, le ? (int)le->val.u64 : 0);
		tg_buf_release(&alias);
		tg_buf_adds(&lp, "\ndependencies");
		if (json_is_object(json_object_get(e, "dependencies")))
			rc = read_v1(l, json_object_get(e, "dependencies"), key.buf, lp.buf,
			             depth + 1);
		if (rc)
			break;
	}
	tg_buf_release(&key);
	tg_buf_release(&lp);
	return rc;
}

static void add_edges(struct lock *l, struct tg_npm_graph *g, size_t i, json_t *e)
{
	static const char *const sections[] = {"dependencies", "optionalDependencies",
	                                       "peerDependencies", "requires"};
	const char *name;
	json_t *v;

	for (size_t k = 0; k < 4; k++)
		json_object_foreach(json_object_get(e, sections[k]), name, v)
		{
			long to;

			/* v1 nests installed packages under "dependencies": objects, not ranges */
			if (!json_is_string(v))
				continue;
			if ((to = resolve(l, l->keys.v[i], name)) >= 0)
				tg_npm_graph_edge(g, i, (size_t)to);
		}
}

/* Marks the packages a project (the root "" or a workspace directory) depends on. */
static void mark_roots(struct lock *l, struct tg_npm_graph *g, const char *project, json_t *e)
{
	static const char *const sections[] = {"dependencies", "devDependencies",
	                                       "optionalDependencies", "peerDependencies"};
	const char *name;
	json_t *v;
	long to;

	for (size_t k = 0; k < 4; k++)
		json_object_foreach(json_object_get(e, sections[k]), name,
		                    v) if ((to = resolve(l, project, name)) >= 0) g->root[to] = 1;
}

/* v1 and a lockfile without a root entry: the package.json beside it says which
 * are direct; without one, the top-level packages nothing else needs. */
static void roots_from_manifest(struct lock *l, struct tg_npm_graph *g)
{
	struct tg_hashmap names = TG_HASHMAP_INIT;
	int have = tg_npm_sibling_manifest(l->f, &names);
	char *needed = tg_calloc(l->nr ? l->nr : 1, 1);

	for (size_t i = 0; i < l->nr; i++)
		for (size_t k = 0; g->edges[i] && k < g->edges[i][0]; k++)
			needed[g->edges[i][2 + k]] = 1;
	for (size_t i = 0; i < l->nr; i++) {
		const char *key = l->keys.v[i];

		if (strstr(key, "/node_modules/"))
			continue;
		if (have ? tg_hashmap_get(&names, key + 13, strlen(key + 13)) != NULL : !needed[i])
			g->root[i] = 1;
	}
	free(needed);
	tg_hashmap_release(&names);
}

static void link_graph(struct lock *l, json_t *packages)
{
	struct tg_npm_graph g;
	const char *key;
	json_t *e;
	int any_root = 0;

	tg_npm_graph_init(&g, l->first, l->nr);
	for (size_t i = 0; i < l->nr; i++)
		add_edges(l, &g, i, l->entries[i]);
	json_object_foreach(packages, key, e)
	{
		if (!*key || (strncmp(key, "node_modules/", 13) && !strstr(key, "node_modules/"))) {
			mark_roots(l, &g, key, e);
			any_root = 1;
		}
	}
	if (!any_root)
		roots_from_manifest(l, &g);
	tg_npm_graph_via(&g, l->out);
	tg_npm_graph_release(&g);
}

static int read_lock(const struct tg_deps_file *f, struct tg_dep_list *out)
{
	struct lock l = {.f = f, .out = out, .first = out->nr};
	json_error_t err;
	const char *data = f->data;
	size_t len = f->len;
	json_t *root, *packages;
	int rc = TG_OK;

	tg_npm_skip_bom(&data, &len);
	root = tg_json_loadb(data, len, 0, &err);

	if (!root)
		return tg_error_set(TG_ERR_INPUT, "%s:%d: invalid JSON: %s", f->rel, err.line,
		                    err.text);
	if (!json_is_object(root)) {
		json_decref(root);
		return tg_error_set(TG_ERR_INPUT, "%s:1: not a JSON object", f->rel);
	}
	tg_npm_json_lines(data, len, 0, &l.lines);
	tg_buf_init(&l.tmp, 256);
	packages = json_object_get(root, "packages");
	if (json_is_object(packages))
		read_packages(&l, packages);
	else if (json_is_object(json_object_get(root, "dependencies")))
		rc = read_v1(&l, json_object_get(root, "dependencies"), "", "dependencies", 0);
	if (!rc)
		link_graph(&l, json_is_object(packages) ? packages : NULL);
	tg_npm_lines_release(&l.lines);
	tg_hashmap_release(&l.index);
	tg_strlist_clear(&l.keys);
	free(l.entries);
	tg_buf_release(&l.tmp);
	json_decref(root);
	return rc;
}

const struct tg_deps_reader tg_deps_reader_npm_lock = {
        "package-lock.json", TG_ECO_NPM, 1, match, read_lock,
};
