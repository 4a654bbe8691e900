#include "cmd/cmd.h"

#include "arch/arch.h"
#include "cmd/setup.h"
#include "util/buf.h"
#include "util/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
        "terragon deps-graph [PATH] [-C DIR] [-c FILE] [--level file|dir|package] "
        "[--format dot|json|mermaid] [-j N] [--no-ignore] [--no-cache]",
        "",
        "The module graph of the tree under PATH (default .), from the imports its C and C++, "
        "Python, JavaScript and TypeScript and Go files name, read without building "
        "(README: Architecture). Edges to outside code are left out of the drawing and listed "
        "under \"external\" in JSON; edges a feedback arc set would cut to break a cycle are "
        "red. Each file's imports are cached between runs as count's counts are (in "
        ".terragon/cache/ when the repository has .terragon/, else $XDG_CACHE_HOME/terragon), "
        "so an unchanged file is not read again; nothing else is written.",
        NULL};

static int choice(const char *const *names, const char *s)
{
	for (int i = 0; names[i]; i++)
		if (!strcmp(names[i], s))
			return i;
	return 0;
}

int cmd_deps_graph(int argc, const char **argv)
{
	int no_ignore = 0, no_cache = 0, jobs = 0, rc;
	char *cache = NULL;
	const char *format = "dot", *level = "dir", *repo = NULL, *config = NULL;
	const struct tg_option opts[] = {
	        TG_OPT_REPO(&repo, &config),
	        TG_OPT_CHOICE(0, "level", &level, tg_arch_level_names,
	                      "a node per file, directory (the default) or top-level package"),
	        TG_OPT_CHOICE(0, "format", &format, tg_arch_format_names,
	                      "Graphviz DOT (the default), JSON with the findings, or Mermaid"),
	        TG_OPT_INT('j', "jobs", &jobs, "N", "worker threads (default: one per core)"),
	        TG_OPT_BOOL(0, "no-ignore", &no_ignore,
	                    "also read files that ignore files skip, and generated or large ones"),
	        TG_OPT_BOOL(0, "no-cache", &no_cache,
	                    "read every file, neither using nor updating the imports' cache"),
	        TG_OPT_END()};
	int n = tg_options_parse_args(argc, argv, opts, usage, 0, 1);
	struct tg_setup_tree st;
	struct tg_arch_graph files, g;
	struct tg_arch_report r;
	struct tg_buf out = TG_BUF_INIT;
	enum tg_arch_level lv;

	if (n < 0)
		return tg_cmd_parse_exit(n);
	if (jobs < 0) {
		tg_options_usage(opts, usage, 1);
		return TG_EXIT_USAGE;
	}
	rc = tg_setup_tree_open(&st, repo, n ? argv[0] : NULL, config, jobs);
	if (rc) {
		tg_error_report();
		return tg_status_exit(rc);
	}
	st.wo.no_ignore = no_ignore;
	st.wo.skip_generated = !no_ignore;
	if (!no_cache)
		cache = tg_arch_cache_file(st.wo.root, st.root);
	rc = tg_arch_build_cached(&st.wo, cache, &files);
	free(cache);
	if (rc) {
		tg_error_report();
		tg_setup_tree_close(&st);
		return tg_status_exit(rc);
	}
	lv = (enum tg_arch_level)choice(tg_arch_level_names, level);
	tg_arch_collapse(&files, lv, &g);
	tg_arch_analyze_config(&g, &st.cfg, &r);
	tg_arch_render(&out, &g, &r, lv, (enum tg_arch_format)choice(tg_arch_format_names, format));
	fwrite(out.buf, 1, out.len, stdout);
	tg_note("deps-graph: %zu files (%zu from the cache), %zu imports, %zu nodes, %zu internal "
	        "edges, %zu cycles",
	        files.files, files.files_cached, files.imports, g.nodes_nr, g.edges_nr,
	        r.cycles_nr);
	tg_buf_release(&out);
	tg_arch_report_release(&r);
	tg_arch_graph_release(&g);
	tg_arch_graph_release(&files);
	tg_setup_tree_close(&st);
	return TG_EXIT_OK;
}
