/*
 * Cargo.lock, versions 1 to 4: [[package]] tables with name, version,
 * source ("registry+..." or "sparse+..." for a registry, "git+..." for a
 * repository, none for a member of the workspace or a path dependency: the
 * project's own code, not a dependency), checksum (v2 on; v1 keeps them in
 * [metadata] as "checksum NAME VERSION (SOURCE)" keys), and dependencies
 * as "name", "name version" or "name version (source)", the graph. The
 * direct dependencies are those of the project's own packages.
 */
#include <stdlib.h>
#include <string.h>

#include "deps/record_int.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/hashmap.h"
#include "util/toml.h"

struct crate {
	const char *name, *version, *source, *checksum;
	const struct tg_toml *deps;
	int line;
	size_t node;
};

struct lock {
	const struct tg_deps_file *f;
	struct tg_dep_list *out;
	struct crate *v;
	size_t nr;
	struct tg_hashmap by_name; /* name -> index + 1 of its only version; 0: several */
	struct tg_hashmap by_key;  /* "name version" -> index + 1 */
	struct tg_deps_graph g;
};

static void node_key(const char *name, const char *version, struct tg_buf *out)
{
	tg_buf_reset(out);
	tg_buf_addf(out, "%s %s", name, version);
}

static int collect(struct lock *l, const struct tg_toml *packages)
{
	struct tg_buf key = TG_BUF_INIT;

	l->nr = tg_toml_len(packages);
	l->v = tg_calloc(l->nr ? l->nr : 1, sizeof(*l->v));
	for (size_t i = 0; i < l->nr; i++) {
		const struct tg_toml *p = tg_toml_at(packages, i, NULL);
		struct crate *c = &l->v[i];
		int added;
		struct tg_hashmap_entry *e;
		c->name = tg_toml_get_str(p, "name");
		c->version = tg_toml_get_str(p, "version");
		c->source = tg_toml_get_str(p, "source");
		c->checksum = tg_toml_get_str(p, "checksum");
		c->deps = tg_toml_get(p, "dependencies");
		c->line = tg_toml_line(p);
		if (!c->name || !c->version || tg_toml_type(p) != TG_TOML_TABLE) {
			tg_buf_release(&key);
			return tg_error_set(TG_ERR_INPUT,
			                    "%s:%d: a [[package]] without name or version",
			                    l->f->rel, c->line);
		}
		node_key(c->name, c->version, &key);
		c->node = tg_deps_graph_node(&l->g, key.buf, c->name);
		e = tg_hashmap_put(&l->by_key, key.buf, key.len, &added);
		if (added)
			e->val.u64 = i + 1;
		e = tg_hashmap_put(&l->by_name, c->name, strlen(c->name), &added);
		e->val.u64 = added ? i + 1 : 0;
	}
	tg_buf_release(&key);
	return TG_OK;
}

/* The package a dependency string names, or SIZE_MAX. */
static size_t resolve_dep(struct lock *l, const char *s)
{
	const char *sp = strchr(s, ' ');
	struct tg_buf key = TG_BUF_INIT;
	struct tg_hashmap_entry *e;
	size_t found = SIZE_MAX;

	if (!sp) {
		e = tg_hashmap_get(&l->by_name, s, strlen(s));
		return e && e->val.u64 ? (size_t)e->val.u64 - 1 : SIZE_MAX;
	}
	/* "name version" or "name version (source)" */
	tg_buf_add(&key, s, strcspn(s, "("));
	tg_buf_trim(&key);
	e = tg_hashmap_get(&l->by_key, key.buf, key.len);
	if (e)
		found = (size_t)e->val.u64 - 1;
	tg_buf_release(&key);
	return found;
}

static void edges(struct lock *l)
{
	for (size_t i = 0; i < l->nr; i++) {
		struct crate *c = &l->v[i];
		for (size_t j = 0; j < tg_toml_len(c->deps); j++) {
			const char *s = tg_toml_str(tg_toml_at(c->deps, j, NULL));
			size_t to = s ? resolve_dep(l, s) : SIZE_MAX;
			if (to == SIZE_MAX) {
				tg_dep_warn(l->out, l->f->rel, c->line,
				            "%s %s: dependency %s is not in the lockfile", c->name,
				            c->version, s ? s : "(not a string)");
				continue;
			}
			tg_deps_graph_edge(&l->g, c->node, l->v[to].node);
			/* what the project's own packages depend on is direct */
			if (!c->source && l->v[to].source)
				tg_deps_graph_root(&l->g, l->v[to].node);
		}
	}
}

/* v1: [metadata] "checksum NAME VERSION (SOURCE)" = "hex". */
static const char *v1_checksum(const struct tg_toml *metadata, const struct crate *c)
{
	struct tg_buf key = TG_BUF_INIT;
	const char *v;

	if (!metadata || !c->source)
		return NULL;
	tg_buf_addf(&key, "checksum %s %s (%s)", c->name, c->version, c->source);
	v = tg_toml_get_str(metadata, key.buf);
	tg_buf_release(&key);
	return v;
}

static void emit(struct lock *l, const struct tg_toml *metadata)
{
	struct tg_buf key = TG_BUF_INIT;

	for (size_t i = 0; i < l->nr; i++) {
		const struct crate *c = &l->v[i];
		const char *sum = c->checksum ? c->checksum : v1_checksum(metadata, c);
		struct tg_dep *d;
		if (!c->source)
			continue; /* the workspace's own package */
		d = tg_deps_add(l->out, TG_ECO_CRATES, l->f->rel, c->line, c->name, c->version);
		if (!strncmp(c->source, "git+", 4))
			d->origin = TG_DEP_GIT;
		else if (!strncmp(c->source, "path+", 5))
			d->origin = TG_DEP_PATH;
		node_key(c->name, c->version, &key);
		d->direct = tg_deps_graph_reached(&l->g, key.buf) == 1 &&
		            !(d->via = tg_deps_graph_via(&l->g, key.buf));
		if (sum && *sum) {
			struct tg_buf h = TG_BUF_INIT;
			tg_buf_addf(&h, "sha256:%s", sum);
			tg_strlist_add(&d->hashes, h.buf);
			tg_buf_release(&h);
		}
	}
	tg_buf_release(&key);
}

static int read_cargo_lock(const struct tg_deps_file *f, struct tg_dep_list *out)
{
	struct lock l = {f, out, NULL, 0, TG_HASHMAP_INIT, TG_HASHMAP_INIT, TG_DEPS_GRAPH_INIT};
	const struct tg_toml *packages;
	struct tg_toml *doc;
	int rc = tg_toml_parse(f->data, f->len, f->rel, &doc);

	if (rc)
		return rc;
	packages = tg_toml_get(doc, "package");
	if (packages && tg_toml_type(packages) != TG_TOML_ARRAY)
		rc = tg_error_set(TG_ERR_INPUT, "%s:%d: \"package\" is not an array of tables",
		                  f->rel, tg_toml_line(packages));
	if (!rc && !(rc = collect(&l, packages))) {
		edges(&l);
		emit(&l, tg_toml_get(doc, "metadata"));
	}
	free(l.v);
	tg_hashmap_release(&l.by_name);
	tg_hashmap_release(&l.by_key);
	tg_deps_graph_release(&l.g);
	tg_toml_free(doc);
	return rc;
}

static int match_cargo_lock(const char *base)
{
	return !strcmp(base, "Cargo.lock");
}

const struct tg_deps_reader tg_deps_reader_cargo_lock = {"Cargo.lock", TG_ECO_CRATES, 1,
                                                         match_cargo_lock, read_cargo_lock};
