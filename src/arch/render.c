/*
 * The graph as Graphviz DOT, JSON or Mermaid. Node names are repository
 * text: quoted and escaped for each format. Edges a feedback arc set cuts
 * are drawn red.
 */
#include "arch/arch.h"

#include <string.h>

const char *const tg_arch_format_names[] = {"dot", "json", "mermaid", NULL};

/* A DOT quoted string: '"' and '\' escaped, control bytes dropped. */
static void dot_string(struct tg_buf *o, const char *s)
{
	tg_buf_addch(o, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			tg_buf_addch(o, '\\');
		if ((unsigned char)*s >= 0x20)
			tg_buf_addch(o, *s);
	}
	tg_buf_addch(o, '"');
}

static void render_dot(struct tg_buf *o, const struct tg_arch_graph *g,
                       const struct tg_arch_report *r)
{
	tg_buf_adds(o, "digraph modules {\n  rankdir=LR;\n  node [shape=box, fontsize=10];\n");
	for (size_t v = 0; v < g->nodes_nr; v++) {
		tg_buf_addf(o, "  n%zu [label=", v);
		dot_string(o, g->nodes[v]);
		tg_buf_adds(o, "];\n");
	}
	for (size_t e = 0; e < g->edges_nr; e++) {
		const struct tg_arch_edge *x = &g->edges[e];
		tg_buf_addf(o, "  n%u -> n%u [weight=%u", x->from, x->to, x->count);
		if (x->count > 1)
			tg_buf_addf(o, ", label=\"%u\"", x->count);
		if (r && r->in_cycle_edge[e])
			tg_buf_adds(o, ", color=red");
		tg_buf_adds(o, "];\n");
	}
	tg_buf_adds(o, "}\n");
}

/* Mermaid: ids n0.., labels in quotes with '"' as #quot; and no line breaks. */
static void mermaid_label(struct tg_buf *o, const char *s)
{
	tg_buf_addch(o, '"');
	for (; *s; s++) {
		if (*s == '"')
			tg_buf_adds(o, "#quot;");
		else if ((unsigned char)*s >= 0x20)
			tg_buf_addch(o, *s);
	}
	tg_buf_addch(o, '"');
}

static void render_mermaid(struct tg_buf *o, const struct tg_arch_graph *g,
                           const struct tg_arch_report *r)
{
	size_t k = 0;

	tg_buf_adds(o, "graph LR\n");
	for (size_t v = 0; v < g->nodes_nr; v++) {
		tg_buf_addf(o, "  n%zu[", v);
		mermaid_label(o, g->nodes[v]);
		tg_buf_adds(o, "]\n");
	}
	for (size_t e = 0; e < g->edges_nr; e++)
		tg_buf_addf(o, "  n%u --> n%u\n", g->edges[e].from, g->edges[e].to);
	for (size_t e = 0; r && e < g->edges_nr; e++, k++)
		if (r->in_cycle_edge[e])
			tg_buf_addf(o, "  linkStyle %zu stroke:red\n", k);
}

static void json_edges(struct tg_buf *o, const struct tg_arch_graph *g, const size_t *idx, size_t n)
{
	tg_buf_addch(o, '[');
	for (size_t i = 0; i < n; i++) {
		const struct tg_arch_edge *x = &g->edges[idx[i]];
		tg_buf_adds(o, i ? ",{\"from\":" : "{\"from\":");
		tg_buf_add_jsons(o, g->nodes[x->from]);
		tg_buf_adds(o, ",\"to\":");
		tg_buf_add_jsons(o, g->nodes[x->to]);
		tg_buf_addf(o, ",\"imports\":%u,\"line\":%u}", x->count, x->line);
	}
	tg_buf_addch(o, ']');
}

static void json_nodes(struct tg_buf *o, const struct tg_arch_graph *g,
                       const struct tg_arch_report *r)
{
	tg_buf_adds(o, "\"nodes\":[");
	for (size_t v = 0; v < g->nodes_nr; v++) {
		tg_buf_adds(o, v ? ",\n{\"id\":" : "\n{\"id\":");
		tg_buf_add_jsons(o, g->nodes[v]);
		tg_buf_addf(o,
		            ",\"inferred_layer\":%u,\"fan_in\":%u,\"fan_out\":%u,\"instability\":",
		            r->level[v], r->fan_in[v], r->fan_out[v]);
		tg_buf_add_jsonnum(o, r->instability[v]);
		tg_buf_addch(o, '}');
	}
	tg_buf_adds(o, "],\n\"edges\":[");
	for (size_t e = 0; e < g->edges_nr; e++) {
		const struct tg_arch_edge *x = &g->edges[e];
		tg_buf_adds(o, e ? ",\n{\"from\":" : "\n{\"from\":");
		tg_buf_add_jsons(o, g->nodes[x->from]);
		tg_buf_adds(o, ",\"to\":");
		tg_buf_add_jsons(o, g->nodes[x->to]);
		tg_buf_addf(o, ",\"imports\":%u,\"line\":%u}", x->count, x->line);
	}
	tg_buf_adds(o, "],\n\"external\":[");
	for (size_t i = 0; i < g->ext_nr; i++) {
		tg_buf_adds(o, i ? ",\n{\"from\":" : "\n{\"from\":");
		tg_buf_add_jsons(o, g->nodes[g->ext[i].from]);
		tg_buf_adds(o, ",\"name\":");
		tg_buf_add_jsons(o, g->ext[i].name);
		tg_buf_addch(o, '}');
	}
	tg_buf_adds(o, "]");
}

static void render_json(struct tg_buf *o, const struct tg_arch_graph *g,
                        const struct tg_arch_report *r, enum tg_arch_level level)
{
	tg_buf_addf(o, "{\"level\":\"%s\",\"files\":%zu,\"imports\":%zu,\n",
	            tg_arch_level_names[level], g->files, g->imports);
	json_nodes(o, g, r);
	tg_buf_adds(o, ",\n\"cycles\":[");
	for (size_t i = 0; i < r->cycles_nr; i++) {
		const struct tg_arch_cycle *c = &r->cycles[i];
		tg_buf_adds(o, i ? ",\n{\"nodes\":[" : "\n{\"nodes\":[");
		for (size_t j = 0; j < c->nodes_nr; j++) {
			if (j)
				tg_buf_addch(o, ',');
			tg_buf_add_jsons(o, g->nodes[c->nodes[j]]);
		}
		tg_buf_adds(o, "],\"cut\":");
		json_edges(o, g, c->cut, c->cut_nr);
		tg_buf_addf(o, ",\"cut_imports\":%u}", c->cut_imports);
	}
	tg_buf_adds(o, "],\n\"layer_violations\":");
	json_edges(o, g, r->layer_violation, r->layer_violation_nr);
	tg_buf_adds(o, ",\n\"unstable_dependencies\":");
	json_edges(o, g, r->unstable, r->unstable_nr);
	tg_buf_adds(o, ",\n\"fan_in_outliers\":[");
	for (size_t i = 0; i < r->fan_in_outlier_nr; i++) {
		if (i)
			tg_buf_addch(o, ',');
		tg_buf_add_jsons(o, g->nodes[r->fan_in_outlier[i]]);
	}
	tg_buf_adds(o, "],\n\"fan_out_outliers\":[");
	for (size_t i = 0; i < r->fan_out_outlier_nr; i++) {
		if (i)
			tg_buf_addch(o, ',');
		tg_buf_add_jsons(o, g->nodes[r->fan_out_outlier[i]]);
	}
	tg_buf_adds(o, "]}\n");
}

void tg_arch_render(struct tg_buf *out, const struct tg_arch_graph *g,
                    const struct tg_arch_report *r, enum tg_arch_level level, enum tg_arch_format f)
{
	if (f == TG_ARCH_DOT)
		render_dot(out, g, r);
	else if (f == TG_ARCH_MERMAID)
		render_mermaid(out, g, r);
	else
		render_json(out, g, r, level);
}
