/*
 * What the graph says: cycles (Tarjan's strongly connected components, and
 * in each the edges the greedy feedback arc set of Eades, Lin and Smyth
 * cuts, weighted by the imports an edge stands for), layering violations,
 * fan-in and fan-out outliers, and Martin's instability.
 */
#include "arch/arch.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/wildmatch.h"

/* The edges by source (out) and by target (in): offsets into an index array. */
struct adj {
	size_t *out_off, *in_off, *in_edge; /* out: edges are sorted by from already */
};

static void adj_build(const struct tg_arch_graph *g, struct adj *a)
{
	size_t n = g->nodes_nr, *fill;

	a->out_off = tg_calloc(n + 1, sizeof(size_t));
	a->in_off = tg_calloc(n + 1, sizeof(size_t));
	a->in_edge = tg_malloc((g->edges_nr ? g->edges_nr : 1) * sizeof(size_t));
	for (size_t e = 0; e < g->edges_nr; e++) {
		a->out_off[g->edges[e].from + 1]++;
		a->in_off[g->edges[e].to + 1]++;
	}
	for (size_t i = 0; i < n; i++) {
		a->out_off[i + 1] += a->out_off[i];
		a->in_off[i + 1] += a->in_off[i];
	}
	fill = tg_malloc((n ? n : 1) * sizeof(size_t));
	memcpy(fill, a->in_off, n * sizeof(size_t));
	for (size_t e = 0; e < g->edges_nr; e++)
		a->in_edge[fill[g->edges[e].to]++] = e;
	free(fill);
}

static void adj_release(struct adj *a)
{
	free(a->out_off);
	free(a->in_off);
	free(a->in_edge);
}

/* Tarjan's algorithm without recursion: comp[v] is v's component, the count returned. */
static size_t tarjan(const struct tg_arch_graph *g, const struct adj *a, uint32_t *comp)
{
	size_t n = g->nodes_nr, next = 1, ncomp = 0, sp = 0, cp = 0;
	size_t *index = tg_calloc(n + 1, sizeof(size_t)), *low = tg_calloc(n + 1, sizeof(size_t));
	size_t *pos = tg_calloc(n + 1, sizeof(size_t));
	uint32_t *stack = tg_malloc((n + 1) * sizeof(uint32_t)),
	         *call = tg_malloc((n + 1) * sizeof(uint32_t));
	char *on = tg_calloc(n + 1, 1);

	for (uint32_t s = 0; s < n; s++) {
		if (index[s])
			continue;
		call[cp++] = s;
		index[s] = low[s] = next++;
		pos[s] = a->out_off[s];
		stack[sp++] = s, on[s] = 1;
		while (cp) {
			uint32_t v = call[cp - 1];
			if (pos[v] < a->out_off[v + 1]) {
				uint32_t w = g->edges[pos[v]++].to;
				if (!index[w]) {
					index[w] = low[w] = next++;
					pos[w] = a->out_off[w];
					stack[sp++] = w, on[w] = 1;
					call[cp++] = w;
				} else if (on[w] && index[w] < low[v]) {
					low[v] = index[w];
				}
				continue;
			}
			if (low[v] == index[v]) {
				uint32_t w;
				do {
					w = stack[--sp];
					on[w] = 0;
					comp[w] = (uint32_t)ncomp;
				} while (w != v);
				ncomp++;
			}
			if (--cp && low[v] < low[call[cp - 1]])
				low[call[cp - 1]] = low[v];
		}
	}
	free(index), free(low), free(pos), free(stack), free(call), free(on);
	return ncomp;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/*
 * Eades, Lin and Smyth's order of one component's nodes: sinks to the end,
 * sources to the front, else the node whose out-weight most exceeds its
 * in-weight. Edges that point backwards in the order are the cut.
 */
static void fas_order(const struct tg_arch_graph *g, const struct adj *a, const uint32_t *comp,
                      uint32_t c, const uint32_t *nodes, size_t k, size_t *order)
{
	long *in = tg_calloc(k, sizeof(long)), *out = tg_calloc(k, sizeof(long));
	char *gone = tg_calloc(k, 1);
	size_t front = 0, back = k, left = k;
	struct tg_arch_edge *E = g->edges;

	/* nodes is sorted: a node's place in it by binary search */
#define AT(v) ((size_t)((uint32_t *)bsearch(&(v), nodes, k, sizeof(uint32_t), cmp_u32) - nodes))
	for (size_t i = 0; i < k; i++)
		for (size_t e = a->out_off[nodes[i]]; e < a->out_off[nodes[i] + 1]; e++)
			if (comp[E[e].to] == c) {
				out[i] += E[e].count;
				in[AT(E[e].to)] += E[e].count;
			}
	while (left) {
		size_t pick = k;
		int to_back = 0;
		long best = 0;
		for (size_t i = 0; i < k && pick == k; i++)
			if (!gone[i] && !out[i])
				pick = i, to_back = 1;
		for (size_t i = 0; i < k && pick == k; i++)
			if (!gone[i] && !in[i])
				pick = i;
		if (pick == k)
			for (size_t i = 0; i < k; i++)
				if (!gone[i] && (pick == k || out[i] - in[i] > best))
					pick = i, best = out[i] - in[i];
		gone[pick] = 1, left--;
		order[pick] = to_back ? --back : front++;
		for (size_t e = a->out_off[nodes[pick]]; e < a->out_off[nodes[pick] + 1]; e++)
			if (comp[E[e].to] == c)
				in[AT(E[e].to)] -= E[e].count;
		for (size_t j = a->in_off[nodes[pick]]; j < a->in_off[nodes[pick] + 1]; j++) {
			size_t e = a->in_edge[j];
			if (comp[E[e].from] == c)
				out[AT(E[e].from)] -= E[e].count;
		}
	}
#undef AT
	free(in), free(out), free(gone);
}

static int by_size(const void *a, const void *b)
{
	const struct tg_arch_cycle *x = a, *y = b;
	if (x->nodes_nr != y->nodes_nr)
		return x->nodes_nr > y->nodes_nr ? -1 : 1;
	return x->nodes[0] < y->nodes[0] ? -1 : x->nodes[0] > y->nodes[0];
}

static void find_cycles(const struct tg_arch_graph *g, const struct adj *a,
                        struct tg_arch_report *r)
{
	size_t n = g->nodes_nr, ncomp, *size;
	uint32_t *comp = tg_malloc((n + 1) * sizeof(uint32_t));

	ncomp = tarjan(g, a, comp);
	size = tg_calloc(ncomp + 1, sizeof(size_t));
	for (size_t v = 0; v < n; v++)
		size[comp[v]]++;
	for (uint32_t c = 0; c < ncomp; c++) {
		struct tg_arch_cycle cy = {0};
		size_t *order;
		if (size[c] < 2)
			continue;
		cy.nodes = tg_malloc(size[c] * sizeof(uint32_t));
		for (uint32_t v = 0; v < n; v++)
			if (comp[v] == c)
				cy.nodes[cy.nodes_nr++] = v;
		order = tg_malloc(size[c] * sizeof(size_t));
		fas_order(g, a, comp, c, cy.nodes, cy.nodes_nr, order);
		for (size_t i = 0; i < cy.nodes_nr; i++) {
			uint32_t v = cy.nodes[i];
			for (size_t e = a->out_off[v]; e < a->out_off[v + 1]; e++) {
				uint32_t w = g->edges[e].to;
				size_t j;
				if (comp[w] != c)
					continue;
				j = (size_t)((uint32_t *)bsearch(&w, cy.nodes, cy.nodes_nr,
				                                 sizeof(uint32_t), cmp_u32) -
				             cy.nodes);
				if (order[j] < order[i]) {
					cy.cut = tg_realloc(cy.cut,
					                    (cy.cut_nr + 1) * sizeof(size_t));
					cy.cut[cy.cut_nr++] = e;
					cy.cut_imports += g->edges[e].count;
					r->in_cycle_edge[e] = 1;
				}
			}
		}
		free(order);
		r->cycles = tg_realloc(r->cycles, (r->cycles_nr + 1) * sizeof(*r->cycles));
		r->cycles[r->cycles_nr++] = cy;
	}
	if (r->cycles_nr)
		qsort(r->cycles, r->cycles_nr, sizeof(*r->cycles), by_size);
	free(size);
	free(comp);
}

/* A node in a layer: its path matches one of the layer's globs (a directory: as if a file in it).
 */
static int in_layer(const struct tg_arch_layer *l, const char *node)
{
	size_t n = strlen(node);
	struct tg_buf inside = TG_BUF_INIT;
	int hit = 0;

	if (n && node[n - 1] == '/')
		n--;
	tg_buf_add(&inside, node, n);
	tg_buf_adds(&inside, "/_");
	for (size_t i = 0; !hit && i < l->paths->nr; i++)
		hit = tg_wildmatch_mem(l->paths->v[i], strlen(l->paths->v[i]), node, n,
		                       TG_WM_PATHNAME) ||
		      tg_wildmatch(l->paths->v[i], inside.buf, TG_WM_PATHNAME);
	tg_buf_release(&inside);
	return hit;
}

static void find_layer_violations(const struct tg_arch_graph *g, const struct tg_arch_layer *layers,
                                  size_t layers_nr, struct tg_arch_report *r)
{
	for (size_t v = 0; v < g->nodes_nr; v++) {
		r->layer[v] = -1;
		for (size_t l = 0; l < layers_nr && r->layer[v] < 0; l++)
			if (in_layer(&layers[l], g->nodes[v]))
				r->layer[v] = (int)l;
	}
	for (size_t e = 0; e < g->edges_nr; e++) {
		int lf = r->layer[g->edges[e].from], lt = r->layer[g->edges[e].to];
		if (lf >= 0 && lt >= 0 && lf < lt) {
			r->layer_violation = tg_realloc(
			        r->layer_violation, (r->layer_violation_nr + 1) * sizeof(size_t));
			r->layer_violation[r->layer_violation_nr++] = e;
		}
	}
}

/* An outlier: over Q3 + 3 IQR of the nodes' values, and over 10. */
static void outliers(const uint32_t *val, size_t n, uint32_t **out, size_t *out_nr)
{
	uint32_t *s = tg_malloc((n ? n : 1) * sizeof(uint32_t)), q1, q3;
	double limit;

	memcpy(s, val, n * sizeof(uint32_t));
	qsort(s, n, sizeof(uint32_t), cmp_u32);
	q1 = n ? s[n / 4] : 0;
	q3 = n ? s[(3 * n) / 4] : 0;
	limit = q3 + 3.0 * (q3 - q1);
	if (limit < 10)
		limit = 10;
	free(s);
	*out = NULL, *out_nr = 0;
	for (uint32_t v = 0; v < n; v++)
		if (val[v] > limit) {
			*out = tg_realloc(*out, (*out_nr + 1) * sizeof(uint32_t));
			(*out)[(*out_nr)++] = v;
		}
	/* most first (insertion sort: outliers are few) */
	for (size_t i = 1; i < *out_nr; i++)
		for (size_t j = i; j > 0 && val[(*out)[j - 1]] < val[(*out)[j]]; j--) {
			uint32_t t = (*out)[j];
			(*out)[j] = (*out)[j - 1];
			(*out)[j - 1] = t;
		}
}

static double gap(const struct tg_arch_graph *g, const double *inst, size_t e)
{
	return inst[g->edges[e].to] - inst[g->edges[e].from];
}

static int by_gap(const void *a, const void *b, void *arg)
{
	const struct tg_arch_report *r = ((void **)arg)[1];
	const struct tg_arch_graph *g = ((void **)arg)[0];
	double x = gap(g, r->instability, *(const size_t *)a),
	       y = gap(g, r->instability, *(const size_t *)b);
	if (x != y)
		return x > y ? -1 : 1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

static void find_unstable(const struct tg_arch_graph *g, struct tg_arch_report *r)
{
	for (size_t e = 0; e < g->edges_nr; e++) {
		uint32_t t = g->edges[e].to;
		if (r->fan_in[t] + r->fan_out[t] >= 2 &&
		    gap(g, r->instability, e) >= TG_ARCH_UNSTABLE_GAP) {
			r->unstable =
			        tg_realloc(r->unstable, (r->unstable_nr + 1) * sizeof(size_t));
			r->unstable[r->unstable_nr++] = e;
		}
	}
	void *arg[2] = {(void *)g, r};

	if (r->unstable_nr)
		qsort_r(r->unstable, r->unstable_nr, sizeof(size_t), by_gap, arg);
}

/* Heights in the graph without its cut edges, sinks first (Kahn's order on out-degrees). */
static void infer_levels(const struct tg_arch_graph *g, struct tg_arch_report *r)
{
	size_t n = g->nodes_nr, m = g->edges_nr, head = 0, tail = 0;
	uint32_t *out = tg_calloc(n + 1, sizeof(uint32_t)), *queue = tg_malloc((n + 1) * 4);
	size_t *start = tg_calloc(n + 2, sizeof(size_t)), *by_to = tg_malloc((m + 1) * 8);

	r->level = tg_calloc(n + 1, sizeof(uint32_t));
	for (size_t e = 0; e < m; e++)
		if (!r->in_cycle_edge[e]) {
			out[g->edges[e].from]++;
			start[g->edges[e].to + 1]++;
		}
	for (size_t v = 0; v < n; v++)
		start[v + 1] += start[v];
	for (size_t e = 0, k; e < m; e++)
		if (!r->in_cycle_edge[e]) {
			k = start[g->edges[e].to]++;
			by_to[k] = e;
		}
	for (size_t v = n; v-- > 0;) /* start[v] is now where v's edges end */
		start[v + 1] = start[v];
	start[0] = 0;
	for (size_t v = 0; v < n; v++)
		if (!out[v])
			queue[tail++] = (uint32_t)v;
	while (head < tail) {
		uint32_t u = queue[head++];
		for (size_t k = start[u]; k < start[u + 1]; k++) {
			uint32_t from = g->edges[by_to[k]].from;
			if (r->level[from] < r->level[u] + 1)
				r->level[from] = r->level[u] + 1;
			if (!--out[from])
				queue[tail++] = from;
		}
	}
	free(out);
	free(queue);
	free(start);
	free(by_to);
}

void tg_arch_analyze(const struct tg_arch_graph *g, const struct tg_arch_layer *layers,
                     size_t layers_nr, struct tg_arch_report *r)
{
	size_t n = g->nodes_nr;
	struct adj a;

	memset(r, 0, sizeof(*r));
	r->layer = tg_malloc((n ? n : 1) * sizeof(int));
	r->fan_in = tg_calloc(n + 1, sizeof(uint32_t));
	r->fan_out = tg_calloc(n + 1, sizeof(uint32_t));
	r->instability = tg_calloc(n + 1, sizeof(double));
	r->in_cycle_edge = tg_calloc(g->edges_nr + 1, sizeof(int));
	adj_build(g, &a);
	for (size_t e = 0; e < g->edges_nr; e++) {
		r->fan_out[g->edges[e].from]++;
		r->fan_in[g->edges[e].to]++;
	}
	for (size_t v = 0; v < n; v++)
		if (r->fan_in[v] + r->fan_out[v])
			r->instability[v] =
			        (double)r->fan_out[v] / (double)(r->fan_in[v] + r->fan_out[v]);
	find_cycles(g, &a, r);
	infer_levels(g, r);
	find_layer_violations(g, layers, layers_nr, r);
	outliers(r->fan_in, n, &r->fan_in_outlier, &r->fan_in_outlier_nr);
	outliers(r->fan_out, n, &r->fan_out_outlier, &r->fan_out_outlier_nr);
	find_unstable(g, r);
	adj_release(&a);
}

void tg_arch_report_release(struct tg_arch_report *r)
{
	for (size_t i = 0; i < r->cycles_nr; i++) {
		free(r->cycles[i].nodes);
		free(r->cycles[i].cut);
	}
	free(r->cycles);
	free(r->layer);
	free(r->layer_violation);
	free(r->fan_in);
	free(r->fan_out);
	free(r->instability);
	free(r->fan_in_outlier);
	free(r->fan_out_outlier);
	free(r->unstable);
	free(r->in_cycle_edge);
	free(r->level);
	memset(r, 0, sizeof(*r));
}
