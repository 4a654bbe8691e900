/*
 * pnpm-lock.yaml, lockfile versions 5 to 9. Packages are keyed
 * "/name/1.0.0_peer@2" (v5), "/name@1.0.0(peer@2)" (v6) or
 * "name@1.0.0(peer@2)" (v9, whose `snapshots` hold the dependencies and
 * whose `packages` have no dev flags). A package installed with several
 * peer sets is one entry. `importers` (or, in a single project's v5 and v6
 * lockfile, the top-level dependencies) say which are direct.
 */
#include <stdlib.h>
#include <string.h>

#include "deps/npm_int.h"
#include "util/alloc.h"
#include "util/error.h"

struct pnpm {
	const struct tg_deps_file *f;
	struct tg_dep_list *out;
	yaml_document_t doc;
	int major;
	size_t first;
	struct tg_hashmap by_base; /* "name@version" -> node + 1 */
	struct tg_buf tmp;
};

static int match(const char *base)
{
	return !strcmp(base, "pnpm-lock.yaml");
}

/*
 * A package key or a reference made "name@version" in p->tmp: name (a
 * dependency's own name, for a plain version reference) may be NULL for a
 * package key. Returns 0 when the text names no package (link:, a workspace).
 */
static int base_of(struct pnpm *p, const char *name, const char *ref)
{
	size_t len;
	const char *s = ref;

	tg_buf_reset(&p->tmp);
	if (!strncmp(ref, "link:", 5) || !strncmp(ref, "workspace:", 10))
		return 0;
	if (*s == '/')
		s++;
	/* the peer suffix: "(react@18.0.0)" from v6, "_react@18.0.0" in v5 */
	len = strcspn(s, "(");
	if (p->major < 6) {
		const char *slash = NULL;

		for (size_t i = 1; i < len; i++)
			if (s[i] == '/')
				slash = s + i;
		if (name && (*ref != '/' || !slash)) {
			tg_buf_addf(&p->tmp, "%s@%.*s", name, (int)strcspn(s, "_"), s);
			return 1;
		}
		if (!slash)
			return 0;
		/* "/@scope/name/1.0.0_peer" */
		tg_buf_add(&p->tmp, s, (size_t)(slash - s));
		tg_buf_addch(&p->tmp, '@');
		tg_buf_add(&p->tmp, slash + 1, strcspn(slash + 1, "_"));
		return 1;
	}
	if (tg_npm_split_at(s, len) == 0) {
		if (!name)
			return 0;
		tg_buf_addf(&p->tmp, "%s@", name);
	}
	tg_buf_add(&p->tmp, s, len);
	return 1;
}

static void add_package(struct pnpm *p, yaml_node_t *key, yaml_node_t *val)
{
	const char *k = tg_npm_yaml_str(key), *integrity, *dev, *opt;
	yaml_node_t *res = tg_npm_yaml_get(&p->doc, val, "resolution");
	struct tg_hashmap_entry *e;
	struct tg_buf name = TG_BUF_INIT;
	struct tg_dep *d;
	size_t at;
	int added;

	if (!k || !base_of(p, NULL, k))
		return;
	e = tg_hashmap_put(&p->by_base, p->tmp.buf, p->tmp.len, &added);
	if (!added)
		return;
	e->val.u64 = p->out->nr - p->first + 1;
	at = tg_npm_split_at(p->tmp.buf, p->tmp.len);
	tg_buf_add(&name, p->tmp.buf, at);
	d = tg_npm_add(p->out, p->f, name.buf, p->tmp.buf + at + 1, (int)key->start_mark.line + 1);
	if ((integrity = tg_npm_yaml_str(tg_npm_yaml_get(&p->doc, res, "integrity"))))
		tg_strlist_add(&d->hashes, integrity);
	if (tg_npm_yaml_get(&p->doc, res, "tarball"))
		d->origin = tg_npm_resolved_origin(
		        tg_npm_yaml_str(tg_npm_yaml_get(&p->doc, res, "tarball")));
	if (tg_npm_yaml_get(&p->doc, res, "repo") || tg_npm_yaml_get(&p->doc, res, "commit"))
		d->origin = TG_DEP_GIT;
	if (tg_npm_yaml_get(&p->doc, res, "directory"))
		d->origin = TG_DEP_PATH;
	dev = tg_npm_yaml_str(tg_npm_yaml_get(&p->doc, val, "dev"));
	opt = tg_npm_yaml_str(tg_npm_yaml_get(&p->doc, val, "optional"));
	if (dev && !strcmp(dev, "true"))
		d->scope = TG_DEP_DEV;
	else if (opt && !strcmp(opt, "true"))
		d->scope = TG_DEP_OPTIONAL;
	tg_buf_release(&name);
}

static long node_of(struct pnpm *p, const char *name, const char *ref)
{
	struct tg_hashmap_entry *e;

	if (!ref || !base_of(p, name, ref))
		return -1;
	e = tg_hashmap_get(&p->by_base, p->tmp.buf, p->tmp.len);
	return e ? (long)e->val.u64 - 1 : -1;
}

/* A dependency map's reference: a scalar, or v6's and v9's {specifier, version}. */
static const char *ref_of(struct pnpm *p, yaml_node_t *v)
{
	if (v && v->type == YAML_MAPPING_NODE)
		return tg_npm_yaml_str(tg_npm_yaml_get(&p->doc, v, "version"));
	return tg_npm_yaml_str(v);
}

typedef void (*dep_fn)(struct pnpm *p, long to, void *arg, enum tg_dep_scope s);

static void each_dep(struct pnpm *p, yaml_node_t *owner, dep_fn fn, void *arg)
{
	static const struct {
		const char *key;
		enum tg_dep_scope scope;
	} sections[] = {{"dependencies", TG_DEP_RUNTIME},
	                {"optionalDependencies", TG_DEP_OPTIONAL},
	                {"devDependencies", TG_DEP_DEV}};

	for (size_t s = 0; s < 3; s++) {
		yaml_node_t *m = tg_npm_yaml_get(&p->doc, owner, sections[s].key);

		if (!m || m->type != YAML_MAPPING_NODE)
			continue;
		for (yaml_node_pair_t *q = m->data.mapping.pairs.start;
		     q < m->data.mapping.pairs.top; q++) {
			const char *name = tg_npm_yaml_str(yaml_document_get_node(&p->doc, q->key));
			long to =
			        name ? node_of(p, name,
			                       ref_of(p, yaml_document_get_node(&p->doc, q->value)))
			             : -1;

			if (to >= 0)
				fn(p, to, arg, sections[s].scope);
		}
	}
}

struct edge_arg {
	struct tg_npm_graph *g;
	size_t from;
};

static void edge(struct pnpm *p, long to, void *arg, enum tg_dep_scope s)
{
	struct edge_arg *a = arg;

	(void)p;
	(void)s;
	tg_npm_graph_edge(a->g, a->from, (size_t)to);
}

/* A direct dependency: runtime wins over optional, optional over dev. */
static void root(struct pnpm *p, long to, void *arg, enum tg_dep_scope s)
{
	struct tg_npm_graph *g = arg;
	struct tg_dep *d = &p->out->v[p->first + (size_t)to];

	if (!g->root[to] || (s != TG_DEP_DEV && (d->scope == TG_DEP_DEV || s == TG_DEP_RUNTIME)))
		d->scope = s;
	g->root[to] = 1;
}

static void link_graph(struct pnpm *p, yaml_node_t *top)
{
	yaml_node_t *snaps =
	        tg_npm_yaml_get(&p->doc, top, p->major >= 9 ? "snapshots" : "packages");
	yaml_node_t *importers = tg_npm_yaml_get(&p->doc, top, "importers");
	struct tg_npm_graph g;

	tg_npm_graph_init(&g, p->first, p->out->nr - p->first);
	if (snaps && snaps->type == YAML_MAPPING_NODE)
		for (yaml_node_pair_t *q = snaps->data.mapping.pairs.start;
		     q < snaps->data.mapping.pairs.top; q++) {
			const char *k = tg_npm_yaml_str(yaml_document_get_node(&p->doc, q->key));
			long from = k ? node_of(p, NULL, k) : -1;
			struct edge_arg a = {&g, (size_t)from};

			if (from >= 0)
				each_dep(p, yaml_document_get_node(&p->doc, q->value), edge, &a);
		}
	if (importers && importers->type == YAML_MAPPING_NODE)
		for (yaml_node_pair_t *q = importers->data.mapping.pairs.start;
		     q < importers->data.mapping.pairs.top; q++)
			each_dep(p, yaml_document_get_node(&p->doc, q->value), root, &g);
	else
		each_dep(p, top, root, &g);
	tg_npm_graph_via(&g, p->out);
	/* v9 has no dev flags: a package is dev when only dev dependencies reach it */
	if (p->major >= 9)
		tg_npm_graph_scope(&g, p->out);
	tg_npm_graph_release(&g);
}

static int read_pnpm(const struct tg_deps_file *f, struct tg_dep_list *out)
{
	struct pnpm p = {.f = f, .out = out, .first = out->nr};
	yaml_node_t *top, *packages;
	const char *version;
	int rc;

	if ((rc = tg_yaml_load(f->rel, f->data, f->len, TG_ERR_INPUT, &p.doc)))
		return rc;
	top = yaml_document_get_root_node(&p.doc);
	if (!top || top->type != YAML_MAPPING_NODE) {
		yaml_document_delete(&p.doc);
		return tg_error_set(TG_ERR_INPUT, "%s:1: not a pnpm lockfile (no mapping)", f->rel);
	}
	version = tg_npm_yaml_str(tg_npm_yaml_get(&p.doc, top, "lockfileVersion"));
	p.major = version ? atoi(version) : 0;
	if (p.major < 5) {
		rc = tg_error_set(TG_ERR_INPUT, "%s:%d: unsupported lockfileVersion %s", f->rel,
		                  (int)top->start_mark.line + 1, version ? version : "(none)");
		yaml_document_delete(&p.doc);
		return rc;
	}
	tg_buf_init(&p.tmp, 128);
	packages = tg_npm_yaml_get(&p.doc, top, "packages");
	if (packages && packages->type == YAML_MAPPING_NODE)
		for (yaml_node_pair_t *q = packages->data.mapping.pairs.start;
		     q < packages->data.mapping.pairs.top; q++)
			add_package(&p, yaml_document_get_node(&p.doc, q->key),
			            yaml_document_get_node(&p.doc, q->value));
	link_graph(&p, top);
	tg_hashmap_release(&p.by_base);
	tg_buf_release(&p.tmp);
	yaml_document_delete(&p.doc);
	return TG_OK;
}

const struct tg_deps_reader tg_deps_reader_npm_pnpm = {
        "pnpm-lock.yaml", TG_ECO_NPM, 1, match, read_pnpm,
};
