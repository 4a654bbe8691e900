// module: arch
/*
 * The import readers and the module graph on arbitrary bytes. The input is
 * up to 8 files separated by a NUL byte; each file's first byte picks its
 * path (C, headers, Python packages, JavaScript, TypeScript, Go, go.mod in
 * a few directories, tsconfig.json, package.json, C#, so that imports
 * resolve to each other), the rest is
 * its text. The graph is collapsed at every level, analysed with layers and
 * rendered in every format. No crash, no leak; every edge joins two nodes
 * and every cut edge lies inside its cycle; every edge that is not cut goes
 * from a higher inferred layer to a lower one.
 */

#include "arch/arch.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const paths[] = {
        "src/a.c",         "src/a.h",          "src/b/b.h",    "include/x/y.h",
        "pkg/__init__.py", "pkg/m.py",         "pkg/sub/n.py", "pkg/sub/__init__.py",
        "web/a.ts",        "web/b/index.js",   "web/c.mjs",    "go.mod",
        "api/api.go",      "store/s.go",       "main.go",      "src/b/b.c",
        "org/a/A.java",    "org/b/B.kt",       "r/src/lib.rs", "r/src/m/mod.rs",
        "tsconfig.json",   "web/package.json", "cs/A.cs",      "cs/B/B.cs"};

static void check(const struct tg_arch_graph *g, const struct tg_arch_report *r)
{
	for (size_t e = 0; e < g->edges_nr; e++)
		if (g->edges[e].from >= g->nodes_nr || g->edges[e].to >= g->nodes_nr ||
		    g->edges[e].from == g->edges[e].to)
			abort();
	/* once the cut edges are gone the graph is ordered: every edge goes down */
	for (size_t e = 0; e < g->edges_nr; e++)
		if (!r->in_cycle_edge[e] && r->level[g->edges[e].from] <= r->level[g->edges[e].to])
			abort();
	for (size_t i = 0; i < r->cycles_nr; i++) {
		const struct tg_arch_cycle *c = &r->cycles[i];
		if (c->nodes_nr < 2 || (c->cut_nr == 0))
			abort();
		for (size_t k = 0; k < c->cut_nr; k++) {
			const struct tg_arch_edge *x = &g->edges[c->cut[k]];
			int in_f = 0, in_t = 0;
			for (size_t j = 0; j < c->nodes_nr; j++)
				in_f |= c->nodes[j] == x->from, in_t |= c->nodes[j] == x->to;
			if (!in_f || !in_t)
				abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p[8], *t[8];
	char *texts[8];
	size_t n = 0, i = 0;
	struct tg_arch_graph files;
	struct tg_strlist globs = TG_STRLIST_INIT;
	struct tg_arch_layer layers[1] = {{"bottom", &globs}};

	while (i < size && n < 8) {
		size_t end = i;
		while (end < size && data[end])
			end++;
		if (end > i) {
			p[n] = paths[data[i] % (sizeof(paths) / sizeof(paths[0]))];
			texts[n] = strndup((const char *)data + i + 1, end - i - 1);
			t[n] = texts[n];
			n++;
		}
		i = end + 1;
	}
	tg_strlist_add(&globs, "src/**");
	tg_arch_build_mem(p, t, n, NULL, &files);
	for (int lv = TG_ARCH_FILE; lv <= TG_ARCH_PACKAGE; lv++) {
		struct tg_arch_graph g;
		struct tg_arch_report r;
		tg_arch_collapse(&files, (enum tg_arch_level)lv, &g);
		tg_arch_analyze(&g, layers, 1, &r);
		check(&g, &r);
		for (int f = TG_ARCH_DOT; f <= TG_ARCH_MERMAID; f++) {
			struct tg_buf out = TG_BUF_INIT;
			tg_arch_render(&out, &g, &r, (enum tg_arch_level)lv,
			               (enum tg_arch_format)f);
			tg_buf_release(&out);
		}
		tg_arch_report_release(&r);
		tg_arch_graph_release(&g);
	}
	tg_arch_graph_release(&files);
	tg_strlist_clear(&globs);
	for (size_t k = 0; k < n; k++)
		free(texts[k]);
	return 0;
}
