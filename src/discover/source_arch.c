/*
 * The architecture source (architecture_analysis, with history): the module
 * graph (arch/) as items. One item a cycle, with the imports a feedback arc
 * set cuts as evidence and an effort from their number; one a layering
 * violation; a few unstable dependencies and fan-out outliers. Each kind is
 * capped, and none is above medium severity: advice about structure should
 * not push concrete fixes off the top of the backlog.
 */
#include "discover/discover.h"

#include <stdlib.h>
#include <string.h>

#include "version.h" /* TG_VERSION, generated */

#include "analyze/tree.h"
#include "arch/arch.h"
#include "backlog/item.h"
#include "discover/memo_int.h"
#include "discover/scan_cache_int.h"
#include "util/error.h"
#include "util/log.h"
#include "util/hash.h"
#include "util/alloc.h"
#include "util/buf.h"

/* Items of each kind at most: the largest cycles, the most lopsided dependencies. */
#define CYCLE_ITEMS    5
#define LAYER_ITEMS    10
#define UNSTABLE_ITEMS 3
#define FAN_OUT_ITEMS  3
/* Nodes and edges an item's evidence lists, at most. */
#define EVIDENCE_LINES 20

/* Effort from the imports to change: one is a small job, a dozen a big one. */
static void effort(struct tg_item *it, unsigned imports)
{
	it->job_size = imports <= 1    ? 2
	               : imports <= 3  ? 3
	               : imports <= 6  ? 5
	               : imports <= 12 ? 8
	                               : 13;
	it->remediation_minutes = 60.0 * (imports ? imports : 1);
}

static void item_start(struct tg_item *it, const char *rule, enum tg_severity sev)
{
	tg_item_init(it);
	it->source = tg_strdup("architecture");
	it->rule_id = tg_strdup(rule);
	it->category = tg_strdup("architecture");
	it->severity = sev;
	it->grouping = TG_GROUP_NONE;
	/*
	 * Below the category's defaults: a structural change is worth doing, but
	 * seldom before a concrete defect, and its small job size (one import to
	 * cut) would otherwise lift it over them.
	 */
	it->inputs.business_value = sev >= TG_SEV_MEDIUM ? 3 : 2;
	it->inputs.time_criticality = 1;
	it->inputs.risk_reduction = sev >= TG_SEV_MEDIUM ? 3 : 2;
	it->inputs.impact = sev >= TG_SEV_MEDIUM ? 4 : 3;
	it->inputs.ease = 4;
}

/* A node as a path: a Go package without its trailing '/', the root as NULL. */
static char *node_path(const char *node)
{
	size_t n = strlen(node);

	if (n && node[n - 1] == '/')
		n--;
	if (!n || (n == 1 && node[0] == '.'))
		return NULL;
	return tg_strndup(node, n);
}

static void edge_line(struct tg_buf *b, const struct tg_arch_graph *g, size_t e)
{
	const struct tg_arch_edge *x = &g->edges[e];

	tg_buf_addf(b, "%s -> %s (%u import%s, first at line %u)\n", g->nodes[x->from],
	            g->nodes[x->to], x->count, x->count == 1 ? "" : "s", x->line);
}

static int emit_cycle(const struct tg_arch_graph *g, const struct tg_arch_cycle *c,
                      const char *level, struct tg_sink *sink)
{
	struct tg_item it;
	struct tg_buf b = TG_BUF_INIT;
	const struct tg_arch_edge *first = &g->edges[c->cut[0]];
	int rc;

	/* A directory cycle is often a package and its subpackages: lower than files'. */
	item_start(&it,
	           !strcmp(level, "file") ? "architecture/import-cycle"
	                                  : "architecture/module-cycle",
	           !strcmp(level, "file") ? TG_SEV_MEDIUM : TG_SEV_LOW);
	/* Identity: its members, whatever the edges between them. */
	for (size_t i = 0; i < c->nodes_nr; i++)
		tg_buf_addf(&b, "%s\n", g->nodes[c->nodes[i]]);
	tg_fingerprint_file(it.fingerprint, it.rule_id, b.buf);
	tg_buf_reset(&b);
	it.path = node_path(g->nodes[first->from]);
	it.start_line = !strcmp(level, "file") ? (int)first->line : 0;
	tg_buf_addf(&b, "Import cycle of %zu %s: %s", c->nodes_nr,
	            !strcmp(level, "file") ? "files" : "directories", g->nodes[c->nodes[0]]);
	for (size_t i = 1; i < c->nodes_nr && i < 3; i++)
		tg_buf_addf(&b, ", %s", g->nodes[c->nodes[i]]);
	tg_buf_addf(&b, "%s (cut %u import%s)", c->nodes_nr > 3 ? "..." : "", c->cut_imports,
	            c->cut_imports == 1 ? "" : "s");
	it.title = tg_buf_detach(&b, NULL);
	tg_buf_addf(&b,
	            "These %zu %s import each other in a cycle: none can be understood, tested or "
	            "reused without the others. Removing the %zu edge%s below (%u import%s) breaks "
	            "it: move the shared code down, or invert the dependency.",
	            c->nodes_nr, !strcmp(level, "file") ? "files" : "directories", c->cut_nr,
	            c->cut_nr == 1 ? "" : "s", c->cut_imports, c->cut_imports == 1 ? "" : "s");
	it.message = tg_buf_detach(&b, NULL);
	tg_buf_adds(&b, "cut:\n");
	for (size_t i = 0; i < c->cut_nr && i < EVIDENCE_LINES; i++)
		edge_line(&b, g, c->cut[i]);
	tg_buf_adds(&b, "members:\n");
	for (size_t i = 0; i < c->nodes_nr && i < EVIDENCE_LINES; i++)
		tg_buf_addf(&b, "%s\n", g->nodes[c->nodes[i]]);
	if (c->nodes_nr > EVIDENCE_LINES)
		tg_buf_addf(&b, "... and %zu more\n", c->nodes_nr - EVIDENCE_LINES);
	it.evidence = tg_buf_detach(&b, NULL);
	effort(&it, c->cut_imports);
	it.metric = (double)c->nodes_nr;
	it.inputs.confidence = 8; /* measured, lexically: a conditional import still counts */
	rc = sink->emit(sink, &it);
	tg_item_release(&it);
	return rc;
}

/* One edge as an item: a layering violation or an unstable dependency. */
static int emit_edge(const struct tg_arch_graph *g, size_t e, const char *rule,
                     enum tg_severity sev, const char *title, const char *message,
                     struct tg_sink *sink)
{
	struct tg_item it;
	struct tg_buf b = TG_BUF_INIT;
	const struct tg_arch_edge *x = &g->edges[e];
	int rc;

	item_start(&it, rule, sev);
	tg_buf_addf(&b, "%s\n%s", g->nodes[x->from], g->nodes[x->to]);
	tg_fingerprint_file(it.fingerprint, rule, b.buf);
	tg_buf_reset(&b);
	it.path = node_path(g->nodes[x->from]);
	it.title = tg_strdup(title);
	it.message = tg_strdup(message);
	edge_line(&b, g, e);
	it.evidence = tg_buf_detach(&b, NULL);
	effort(&it, x->count);
	it.inputs.confidence = 7;
	rc = sink->emit(sink, &it);
	tg_item_release(&it);
	return rc;
}

static int emit_layers(const struct tg_arch_graph *g, const struct tg_arch_report *r,
                       const struct tg_config *cfg, struct tg_sink *sink)
{
	int rc = 0;

	for (size_t i = 0; i < r->layer_violation_nr && i < LAYER_ITEMS && !rc; i++) {
		const struct tg_arch_edge *x = &g->edges[r->layer_violation[i]];
		const char *lf = cfg->architecture.layers[r->layer[x->from]].name,
		           *lt = cfg->architecture.layers[r->layer[x->to]].name;
		struct tg_buf t = TG_BUF_INIT, m = TG_BUF_INIT;
		tg_buf_addf(&t, "Layering violation: %s (layer %s) imports %s (layer %s)",
		            g->nodes[x->from], lf, g->nodes[x->to], lt);
		tg_buf_addf(
		        &m,
		        "architecture.layers puts %s below %s, so %s may not import %s. Move what "
		        "it needs down a layer, or pass it in from above.",
		        lf, lt, g->nodes[x->from], g->nodes[x->to]);
		rc = emit_edge(g, r->layer_violation[i], "architecture/layer-violation",
		               TG_SEV_MEDIUM, t.buf, m.buf, sink);
		tg_buf_release(&t);
		tg_buf_release(&m);
	}
	return rc;
}

static int emit_unstable(const struct tg_arch_graph *g, const struct tg_arch_report *r,
                         struct tg_sink *sink)
{
	int rc = 0;

	for (size_t i = 0; i < r->unstable_nr && i < UNSTABLE_ITEMS && !rc; i++) {
		const struct tg_arch_edge *x = &g->edges[r->unstable[i]];
		struct tg_buf t = TG_BUF_INIT, m = TG_BUF_INIT;
		tg_buf_addf(&t, "Stable %s depends on unstable %s (instability %.2f -> %.2f)",
		            g->nodes[x->from], g->nodes[x->to], r->instability[x->from],
		            r->instability[x->to]);
		tg_buf_addf(
		        &m,
		        "%s is imported by %u and imports %u (instability %.2f); %s is imported by "
		        "%u and imports %u (%.2f). What many depend on should not depend on what "
		        "changes easily (Martin's stable dependencies principle): depend on an "
		        "interface in %s instead.",
		        g->nodes[x->from], r->fan_in[x->from], r->fan_out[x->from],
		        r->instability[x->from], g->nodes[x->to], r->fan_in[x->to],
		        r->fan_out[x->to], r->instability[x->to], g->nodes[x->from]);
		rc = emit_edge(g, r->unstable[i], "architecture/unstable-dependency", TG_SEV_LOW,
		               t.buf, m.buf, sink);
		tg_buf_release(&t);
		tg_buf_release(&m);
	}
	return rc;
}

static int emit_fan_out(const struct tg_arch_graph *g, const struct tg_arch_report *r,
                        struct tg_sink *sink)
{
	int rc = 0;

	for (size_t i = 0; i < r->fan_out_outlier_nr && i < FAN_OUT_ITEMS && !rc; i++) {
		uint32_t v = r->fan_out_outlier[i];
		struct tg_item it;
		struct tg_buf b = TG_BUF_INIT;
		item_start(&it, "architecture/fan-out", TG_SEV_LOW);
		tg_fingerprint_file(it.fingerprint, it.rule_id, g->nodes[v]);
		it.path = node_path(g->nodes[v]);
		tg_buf_addf(&b, "%s imports %u of the project's files (fan-in %u)", g->nodes[v],
		            r->fan_out[v], r->fan_in[v]);
		it.title = tg_buf_detach(&b, NULL);
		it.message =
		        tg_strdup("Far more imports than the rest of the project's files: it "
		                  "does too much, or it is where everything meets. Split it by "
		                  "what its parts need.");
		for (size_t e = 0, k = 0; e < g->edges_nr && k < EVIDENCE_LINES; e++)
			if (g->edges[e].from == v)
				edge_line(&b, g, e), k++;
		it.evidence = tg_buf_detach(&b, NULL);
		it.metric = r->fan_out[v];
		effort(&it, 8);
		it.inputs.confidence = 6;
		rc = sink->emit(sink, &it);
		tg_item_release(&it);
	}
	return rc;
}

static int emit_level(const struct tg_arch_graph *files, enum tg_arch_level level,
                      const struct tg_config *cfg, struct tg_sink *sink)
{
	struct tg_arch_graph g;
	struct tg_arch_report r;
	int rc = 0;

	tg_arch_collapse(files, level, &g);
	tg_arch_analyze_config(&g, cfg, &r);
	for (size_t i = 0; i < r.cycles_nr && i < CYCLE_ITEMS && !rc; i++)
		rc = emit_cycle(&g, &r.cycles[i], tg_arch_level_names[level], sink);
	if (!rc && level == TG_ARCH_DIR)
		rc = emit_layers(&g, &r, cfg, sink);
	if (!rc && level == TG_ARCH_DIR)
		rc = emit_unstable(&g, &r, sink);
	if (!rc && level == TG_ARCH_FILE)
		rc = emit_fan_out(&g, &r, sink);
	tg_arch_report_release(&r);
	tg_arch_graph_release(&g);
	return rc;
}

/*
 * The items of the last run, kept with the key of what made them (the
 * inputs' digest, architecture.layers, terragon's version): a rerun whose
 * files' imports are all unchanged resolves nothing and analyses no graph.
 */
static uint64_t items_key(const struct tg_arch_inputs *in, const struct tg_config *cfg)
{
	struct tg_hasher h;
	uint64_t digest = tg_arch_inputs_digest(in);

	tg_hasher_init(&h);
	tg_hasher_adds(&h, TG_VERSION);
	tg_hasher_add(&h, &digest, sizeof(digest));
	for (size_t i = 0; i < cfg->architecture.layers_nr; i++) {
		tg_hasher_adds(&h, cfg->architecture.layers[i].name);
		tg_hasher_adds(&h, cfg->architecture.layers[i].paths);
	}
	return tg_hasher_finish(&h);
}

/* The kept items emitted into sink when their key is this one: 1, else 0. */
static int items_served(const char *file, uint64_t key, struct tg_sink *sink)
{
	struct tg_buf b = TG_BUF_INIT;
	uint64_t kept;
	int served = 0;

	if (file && !tg_buf_read_file(&b, file) && b.len >= 8) {
		memcpy(&kept, b.buf, 8);
		if (kept == key && scan_cache_emit(b.buf + 8, b.len - 8, sink) == TG_OK)
			served = 1;
		else if (kept == key)
			tg_warn("%s: the cache is damaged; analysing the graph again", file);
	}
	tg_error_clear();
	tg_buf_release(&b);
	return served;
}

/* The items on their way to the run's sink, encoded for the next run. */
struct kept_items {
	struct tg_sink *to;
	struct tg_buf items; /* the key, the count, then the items */
	uint32_t nr;
};

static int keep_item(struct tg_sink *sink, struct tg_item *it)
{
	struct kept_items *k = sink->data;

	tg_item_encode(&k->items, it);
	k->nr++;
	return k->to->emit(k->to, it);
}

static int emit_graph(const struct tg_discover_ctx *ctx, struct tg_arch_inputs *in,
                      const char *file, uint64_t key, struct tg_sink *sink)
{
	struct tg_arch_graph files;
	struct kept_items k = {sink, TG_BUF_INIT, 0};
	struct tg_sink keep = {keep_item, &k};
	int rc;

	tg_arch_resolve(in, &files);
	tg_buf_add(&k.items, &key, 8);
	tg_buf_add(&k.items, &k.nr, 4);
	rc = emit_level(&files, TG_ARCH_FILE, ctx->cfg, &keep);
	if (!rc)
		rc = emit_level(&files, TG_ARCH_DIR, ctx->cfg, &keep);
	memcpy(k.items.buf + 8, &k.nr, 4);
	if (!rc && file && tg_buf_write_file(&k.items, file)) {
		tg_debug("architecture: items not cached: %s", tg_error_message());
		tg_error_clear();
	}
	tg_buf_release(&k.items);
	tg_arch_graph_release(&files);
	return rc;
}

static int collect(const struct tg_discover_ctx *ctx, struct tg_sink *sink,
                   struct tg_source_run *run, struct tg_strlist *skipped)
{
	struct tg_walk_opts wo;
	struct tg_arch_inputs *in;
	char *cache, *file;
	uint64_t key;
	int rc;

	(void)skipped;
	tg_walk_opts_from_config(&wo, ctx->root, ctx->cfg, ctx->root, 0, ctx->own_outputs);
	wo.skip_generated = 1;
	/*
	 * With the store: the items beside it, and each file's imports in
	 * arch/'s cache, shared with deps-graph and review, in .terragon/cache
	 * when .terragon/ exists. The items' place first: it makes the store's
	 * cache directory, so the first run (whose store is not open yet, while
	 * other sources may be making .terragon/) keeps the imports where the
	 * next run looks, not in $XDG_CACHE_HOME.
	 */
	file = ctx->use_store ? discover_cache_file(ctx->root, ctx->cfg->store.path, "arch-items")
	                      : NULL;
	cache = ctx->use_store ? tg_arch_cache_file(ctx->root, ctx->root) : NULL;
	rc = tg_arch_gather(&wo, cache, &in);
	free(cache);
	if (rc) {
		free(file);
		return rc;
	}
	key = items_key(in, ctx->cfg);
	if (items_served(file, key, sink)) {
		tg_debug(
		        "architecture: the graph's items served from cache (its inputs unchanged)");
		tg_arch_inputs_free(in);
	} else {
		rc = emit_graph(ctx, in, file, key, sink);
	}
	free(file);
	if (!rc)
		tg_strlist_add(&run->covered, "");
	/* run->files stays 0: the scanner counts these files already */
	return rc;
}

const struct tg_source tg_source_architecture = {"architecture", "architecture_analysis", collect,
                                                 1, NULL};
