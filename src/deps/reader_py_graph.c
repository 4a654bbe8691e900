/* A PyPI lockfile's dependency graph: direct, via and scope (reader_py_int.h). */
#include <stdlib.h>
#include <string.h>

#include "deps/reader_py_int.h"
#include "util/alloc.h"
#include "util/beneath.h"
#include "util/buf.h"
#include "util/error.h"
#include <stdio.h>

static char *normalised(const char *name)
{
	struct tg_buf b = TG_BUF_INIT;

	tg_eco_normalize_name(TG_ECO_PYPI, name, &b);
	return tg_buf_detach(&b, NULL);
}

static void key_of(struct tg_buf *k, const char *name, const char *version)
{
	tg_buf_reset(k);
	tg_buf_adds(k, name);
	if (version) {
		tg_buf_addch(k, ' ');
		tg_buf_adds(k, version);
	}
}

size_t tg_py_graph_add(struct tg_py_graph *g, const char *name, const char *version, size_t dep)
{
	struct tg_py_pkg *p;
	struct tg_buf k = TG_BUF_INIT;
	int added;

	if (g->nr == g->alloc) {
		g->alloc = g->alloc ? 2 * g->alloc : 64;
		g->v = tg_realloc(g->v, g->alloc * sizeof(*g->v));
	}
	p = &g->v[g->nr];
	memset(p, 0, sizeof(*p));
	p->name = normalised(name);
	p->version = version ? tg_strdup(version) : NULL;
	p->dep = dep;
	/* The first package of a name answers an edge that gives no version. */
	key_of(&k, p->name, NULL);
	tg_hashmap_put(&g->by_name, k.buf, k.len, &added);
	if (added)
		tg_hashmap_get(&g->by_name, k.buf, k.len)->val.u64 = g->nr + 1;
	if (version) {
		key_of(&k, p->name, version);
		tg_hashmap_put(&g->by_name, k.buf, k.len, NULL)->val.u64 = g->nr + 1;
	}
	tg_buf_release(&k);
	return g->nr++;
}

void tg_py_graph_edge(struct tg_py_graph *g, size_t from, const char *name, const char *version,
                      enum tg_dep_scope kind)
{
	struct tg_py_pkg *p = &g->v[from];
	struct tg_py_edge *e;

	if (p->nr_edges == p->alloc_edges) {
		p->alloc_edges = p->alloc_edges ? 2 * p->alloc_edges : 4;
		p->edges = tg_realloc(p->edges, p->alloc_edges * sizeof(*p->edges));
	}
	e = &p->edges[p->nr_edges++];
	e->name = normalised(name);
	e->version = version ? tg_strdup(version) : NULL;
	e->kind = kind;
}

static size_t target(const struct tg_py_graph *g, const struct tg_py_edge *e, struct tg_buf *k)
{
	struct tg_hashmap_entry *h = NULL;

	if (e->version) {
		key_of(k, e->name, e->version);
		h = tg_hashmap_get(&g->by_name, k->buf, k->len);
	}
	if (!h) {
		key_of(k, e->name, NULL);
		h = tg_hashmap_get(&g->by_name, k->buf, k->len);
	}
	return h ? (size_t)h->val.u64 - 1 : TG_PY_PROJECT;
}

struct walk;
static void finish_walk(struct walk *w);

struct walk {
	struct tg_py_graph *g;
	struct tg_dep_list *out;
	size_t *queue, head, tail;
	int set_scope;
	struct tg_buf key;
};

/* Marks package to reached from parent (TG_PY_PROJECT: a root), and queues it. */
static void reach(struct walk *w, size_t to, size_t parent, enum tg_dep_scope scope)
{
	struct tg_py_pkg *p = &w->g->v[to];
	struct tg_dep *d;

	if (p->reached || p->dep == TG_PY_PROJECT)
		return;
	p->reached = 1;
	w->queue[w->tail++] = to;
	d = &w->out->v[p->dep];
	if (w->set_scope)
		d->scope = scope;
	if (parent == TG_PY_PROJECT)
		return;
	{
		const struct tg_dep *pd = &w->out->v[w->g->v[parent].dep];
		struct tg_buf via = TG_BUF_INIT;
		tg_buf_addf(&via, "%s > %s", pd->via ? pd->via : pd->name, d->name);
		free(d->via);
		d->via = tg_buf_detach(&via, NULL);
	}
}

/* A direct dependency: no via, even when a package walked before reached it. */
static void as_root(struct walk *w, size_t to, enum tg_dep_scope kind)
{
	struct tg_dep *d = &w->out->v[w->g->v[to].dep];

	if (w->g->v[to].dep == TG_PY_PROJECT)
		return;
	if (w->g->has_project)
		d->direct = 1;
	free(d->via);
	d->via = NULL;
	reach(w, to, TG_PY_PROJECT, kind);
}

static void drain(struct walk *w)
{
	while (w->head < w->tail) {
		size_t at = w->queue[w->head++];
		struct tg_py_pkg *p = &w->g->v[at];
		for (size_t i = 0; i < p->nr_edges; i++) {
			size_t to = target(w->g, &p->edges[i], &w->key);
			if (to != TG_PY_PROJECT)
				reach(w, to, at, w->out->v[p->dep].scope);
		}
	}
}

/* The project's direct dependencies of one scope, then all they reach. */
static void walk_project(struct walk *w, enum tg_dep_scope kind)
{
	for (size_t i = 0; i < w->g->nr; i++) {
		struct tg_py_pkg *p = &w->g->v[i];
		if (p->dep != TG_PY_PROJECT)
			continue;
		for (size_t j = 0; j < p->nr_edges; j++) {
			size_t to = target(w->g, &p->edges[j], &w->key);
			if (p->edges[j].kind != kind || to == TG_PY_PROJECT)
				continue;
			as_root(w, to, kind);
		}
	}
	drain(w);
}

void tg_py_graph_finish(struct tg_py_graph *g, struct tg_dep_list *out, int set_scope)
{
	struct walk w = {g,         out,        tg_malloc((g->nr + 1) * sizeof(size_t)), 0, 0,
	                 set_scope, TG_BUF_INIT};
	int has_roots = 0;

	for (size_t i = 0; i < g->nr; i++) {
		g->has_project |= g->v[i].dep == TG_PY_PROJECT;
		has_roots |= g->v[i].root;
		for (size_t j = 0; j < g->v[i].nr_edges; j++) {
			size_t to = target(g, &g->v[i].edges[j], &w.key);
			if (to != TG_PY_PROJECT && to != i)
				g->v[to].indegree++;
		}
	}
	if (g->has_project) {
		walk_project(&w, TG_DEP_RUNTIME);
		walk_project(&w, TG_DEP_OPTIONAL);
		walk_project(&w, TG_DEP_DEV);
		return finish_walk(&w);
	}
	/* The manifest's names are the roots; without it, what nothing depends on. */
	w.set_scope = 0;
	for (size_t i = 0; i < g->nr; i++)
		if (has_roots ? g->v[i].root : !g->v[i].indegree)
			as_root(&w, i, TG_DEP_RUNTIME);
	drain(&w);
	finish_walk(&w);
}

static void finish_walk(struct walk *w)
{
	free(w->queue);
	tg_buf_release(&w->key);
}

void tg_py_graph_release(struct tg_py_graph *g)
{
	for (size_t i = 0; i < g->nr; i++) {
		for (size_t j = 0; j < g->v[i].nr_edges; j++) {
			free(g->v[i].edges[j].name);
			free(g->v[i].edges[j].version);
		}
		free(g->v[i].edges);
		free(g->v[i].name);
		free(g->v[i].version);
	}
	free(g->v);
	tg_hashmap_release(&g->by_name);
	memset(g, 0, sizeof(*g));
}

void tg_py_add_hash(struct tg_dep *d, const char *h)
{
	if (h && *h && tg_strlist_find(&d->hashes, h) < 0)
		tg_strlist_add(&d->hashes, h);
}

/*
 * poetry.lock, pdm.lock and pylock.toml do not say which packages the
 * project names; the pyproject.toml beside them does. Its names become the
 * roots of the walk, so via starts at what the project declares. Direct is
 * left to the inventory's join. A missing or unreadable manifest changes
 * nothing (the inventory reports it on its own).
 */
void tg_py_graph_manifest_roots(struct tg_py_graph *g, const struct tg_deps_file *f)
{
	extern const struct tg_deps_reader tg_deps_reader_pyproject_toml;
	struct tg_buf rel = TG_BUF_INIT, data = TG_BUF_INIT, k = TG_BUF_INIT;
	struct tg_dep_list names = TG_DEP_LIST_INIT;
	const char *slash = strrchr(f->rel, '/');
	struct tg_deps_file m;
	char root[32];

	snprintf(root, sizeof(root), "/proc/self/fd/%d", f->root_fd);
	if (slash)
		tg_buf_add(&rel, f->rel, (size_t)(slash - f->rel + 1));
	tg_buf_adds(&rel, "pyproject.toml");
	m = (struct tg_deps_file){f->root_fd, rel.buf, NULL, 0};
	if (!tg_beneath_read_file(&data, root, rel.buf)) {
		m.data = data.buf;
		m.len = data.len;
		if (tg_deps_reader_pyproject_toml.read(&m, &names))
			tg_dep_list_clear(&names); /* a broken manifest: no roots from it */
	}
	tg_error_clear();
	for (size_t i = 0; i < names.nr; i++) {
		struct tg_hashmap_entry *e;
		key_of(&k, names.v[i].name, NULL);
		if ((e = tg_hashmap_get(&g->by_name, k.buf, k.len)))
			g->v[e->val.u64 - 1].root = 1;
	}
	tg_dep_list_clear(&names);
	tg_buf_release(&rel);
	tg_buf_release(&data);
	tg_buf_release(&k);
}
