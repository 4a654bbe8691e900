/* The configuration's architecture.layers, as the analysis takes them. */
#include "arch/arch.h"

#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "util/alloc.h"

void tg_arch_analyze_config(const struct tg_arch_graph *g, const struct tg_config *cfg,
                            struct tg_arch_report *r)
{
	size_t n = cfg->architecture.layers_nr;
	struct tg_arch_layer *layers = tg_calloc(n ? n : 1, sizeof(*layers));
	struct tg_strlist *globs = tg_calloc(n ? n : 1, sizeof(*globs));

	for (size_t i = 0; i < n; i++) {
		const char *p = cfg->architecture.layers[i].paths;
		while (p && *p) {
			size_t k = strcspn(p, "\n");
			tg_strlist_addn(&globs[i], p, k);
			p += k + (p[k] == '\n');
		}
		layers[i].name = cfg->architecture.layers[i].name;
		layers[i].paths = &globs[i];
	}
	tg_arch_analyze(g, layers, n, r);
	for (size_t i = 0; i < n; i++)
		tg_strlist_clear(&globs[i]);
	free(globs);
	free(layers);
}
