/* A PyPI lockfile's dependency graph: direct, via and scope (reader_py_int.h). */
#include <stdlib.h>
#include <string.h>

#include "deps/reader_py_int.h"
#include "util/alloc.h"
#include "util/buf.h"

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
			w->out->v[w->g->v[to].dep].direct = 1;
			reach(w, to, TG_PY_PROJECT, kind);
		}
	}
	drain(w);
}

void tg_py_graph_finish(struct tg_py_graph *g, struct tg_dep_list *out, int set_scope)
{
	struct walk w = {g,         out,        tg_malloc((g->nr + 1) * sizeof(size_t)), 0, 0,
	                 set_scope, TG_BUF_INIT};
	int has_project = 0;

	for (size_t i = 0; i < g->nr; i++) {
		has_project |= g->v[i].dep == TG_PY_PROJECT;
		for (size_t j = 0; j < g->v[i].nr_edges; j++) {
			size_t to = target(g, &g->v[i].edges[j], &w.key);
			if (to != TG_PY_PROJECT && to != i)
				g->v[to].indegree++;
		}
	}
	if (has_project) {
		walk_project(&w, TG_DEP_RUNTIME);
		walk_project(&w, TG_DEP_OPTIONAL);
		walk_project(&w, TG_DEP_DEV);
	} else {
		w.set_scope = 0;
		for (size_t i = 0; i < g->nr; i++)
			if (!g->v[i].indegree)
				reach(&w, i, TG_PY_PROJECT, TG_DEP_RUNTIME);
		drain(&w);
	}
	free(w.queue);
	tg_buf_release(&w.key);
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
