#ifndef TG_ARCH_H
#define TG_ARCH_H

/*
 * The module graph, read without a build: the imports of C and C++
 * (#include), Python (import, from), JavaScript and TypeScript (import,
 * export from, require), Go (imports within go.mod's module) and Java and
 * Kotlin (imports of the classes their package declarations place), resolved
 * to the repository's own files. Imports that resolve to nothing inside the
 * tree are kept apart, as external edges. From the graph: cycles (Tarjan's
 * strongly connected components, each with the edges a greedy feedback arc
 * set would cut), layering violations, fan-in and fan-out outliers and
 * unstable dependencies (Martin's instability).
 */

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/strlist.h"

struct tg_walk_opts;

enum tg_arch_lang {
	TG_ARCH_NONE,
	TG_ARCH_C,
	TG_ARCH_PY,
	TG_ARCH_JS,
	TG_ARCH_GO,
	TG_ARCH_JAVA,
	TG_ARCH_RUST,
	TG_ARCH_CS,
	/* tsconfig.json, jsconfig.json and package.json: how bare specifiers resolve, not nodes */
	TG_ARCH_JSCONF
};

/* The language whose imports a path's file holds, by its extension. */
enum tg_arch_lang tg_arch_lang_of(const char *path);

/*
 * An import as written: its text (C: the header; Python: the dotted module,
 * leading dots for relative ones; JavaScript: the specifier; Go: the import
 * path; Java and Kotlin: the import, or with flag 2 the file's own package;
 * Rust: a `use` path as "crate::a::b", or with flag 3 a `mod name;`; C#: a
 * `using` namespace, class or alias target, with flag 2 the file's first
 * namespace; JavaScript configuration: arch_int.h's ARCH_JS_* entries),
 * its 1-based line and a flag: C's <...> form, or Python's
 * `from M import NAME` (spec is M.NAME, which may name M's attribute).
 */
typedef void (*tg_arch_import_fn)(void *arg, const char *spec, size_t len, int line, int flag);
void tg_arch_read_imports(enum tg_arch_lang lang, const char *text, size_t n, tg_arch_import_fn fn,
                          void *arg);

struct tg_arch_edge {
	uint32_t from, to;
	uint32_t line;  /* of the first import it stands for, in from's first file */
	uint32_t count; /* the file-level imports it stands for */
};

struct tg_arch_ext {
	uint32_t from;
	char *name; /* as written */
};

struct tg_arch_graph {
	char **nodes; /* sorted; a Go package is its directory, ending in '/' */
	size_t nodes_nr;
	struct tg_arch_edge *edges; /* internal, sorted by (from, to), no self-edge */
	size_t edges_nr, edges_alloc;
	struct tg_arch_ext *ext; /* to outside code, sorted by (from, name), each once */
	size_t ext_nr, ext_alloc;
	size_t files, imports; /* source files read, imports found */
	size_t files_cached;   /* of files, those whose imports came from the cache */
};

#define TG_ARCH_GRAPH_INIT                                                                         \
	{                                                                                          \
		NULL, 0, NULL, 0, 0, NULL, 0, 0, 0, 0, 0                                           \
	}

/*
 * Walks the tree as wo says and builds the file graph. C includes are
 * resolved against the including file's directory, then the include
 * directories of compile_commands.json (at the root or under build*\/) when
 * there is one, then the tree (the file whose path ends in the header's).
 */
int tg_arch_build(const struct tg_walk_opts *wo, struct tg_arch_graph *g);
/*
 * tg_arch_build keeping each file's imports as written in cache_file (NULL:
 * no cache) between runs, keyed as analyze/cache.h keys files: a rerun over
 * an unchanged tree reads no file. Resolution runs every time.
 */
int tg_arch_build_cached(const struct tg_walk_opts *wo, const char *cache_file,
                         struct tg_arch_graph *g);
/* Where a tree's cache lives (to free): analyze/cache.h's place, named "arch". NULL: none. */
char *tg_arch_cache_file(const char *root, const char *repo_root);
/*
 * tg_arch_build_cached in two steps, so a caller can keep what it made of a
 * graph and skip resolving the same inputs again: the walk (every file's
 * imports as read or cached, go.mod's modules, compile_commands.json's
 * include directories), with a digest of them that does not depend on the
 * walk's order; then the resolution into g, which frees the inputs.
 */
struct tg_arch_inputs;
int tg_arch_gather(const struct tg_walk_opts *wo, const char *cache_file,
                   struct tg_arch_inputs **out);
uint64_t tg_arch_inputs_digest(const struct tg_arch_inputs *in);
void tg_arch_resolve(struct tg_arch_inputs *in, struct tg_arch_graph *g);
void tg_arch_inputs_free(struct tg_arch_inputs *in);

/* For tests and fuzzing: the graph of files given in memory (paths and texts). */
void tg_arch_build_mem(const char *const *paths, const char *const *texts, size_t n,
                       const struct tg_strlist *include_dirs, struct tg_arch_graph *g);

enum tg_arch_level { TG_ARCH_FILE, TG_ARCH_DIR, TG_ARCH_PACKAGE };
extern const char *const tg_arch_level_names[]; /* "file", "dir", "package", NULL */

/*
 * The graph with each node replaced by its directory (dir) or its top-level
 * package (package: the first path component, the first two under src/,
 * lib/, pkg/, internal/, cmd/, packages/): edges counted, self-edges dropped.
 */
void tg_arch_collapse(const struct tg_arch_graph *in, enum tg_arch_level level,
                      struct tg_arch_graph *out);
void tg_arch_graph_release(struct tg_arch_graph *g);

/* A layer of the configuration, bottom first: its name and path globs. */
struct tg_arch_layer {
	const char *name;
	const struct tg_strlist *paths;
};

struct tg_arch_cycle {
	uint32_t *nodes; /* sorted */
	size_t nodes_nr;
	size_t *cut; /* edge indexes a greedy feedback arc set cuts to break it */
	size_t cut_nr;
	uint32_t cut_imports; /* the imports those edges stand for */
};

struct tg_arch_report {
	struct tg_arch_cycle *cycles; /* largest first */
	size_t cycles_nr;
	int *layer;              /* per node: its layer's index, -1 none */
	size_t *layer_violation; /* edges from a lower layer to a higher one */
	size_t layer_violation_nr;
	uint32_t *fan_in, *fan_out; /* per node: distinct internal neighbours */
	double *instability;        /* per node: fan_out / (fan_in + fan_out); 0 alone */
	uint32_t *fan_in_outlier, *fan_out_outlier; /* nodes, most first */
	size_t fan_in_outlier_nr, fan_out_outlier_nr;
	size_t *unstable; /* edges from a stable node to a clearly less stable one */
	size_t unstable_nr;
	int *in_cycle_edge; /* per edge: 1 when the feedback arc set cuts it */
	/*
	 * Per node: the layer the graph itself gives it, its height once the cut
	 * edges are gone (0: imports nothing of ours; else one more than the
	 * highest it imports). Against that order the only upward edges are the
	 * cut ones, so the inferred order's violations are the cycles' cuts.
	 */
	uint32_t *level;
};

/* How much less stable a dependency must be to count as unstable (0..1). */
#define TG_ARCH_UNSTABLE_GAP 0.5

void tg_arch_analyze(const struct tg_arch_graph *g, const struct tg_arch_layer *layers,
                     size_t layers_nr, struct tg_arch_report *r);
struct tg_config;
/* tg_arch_analyze with the configuration's architecture.layers. */
void tg_arch_analyze_config(const struct tg_arch_graph *g, const struct tg_config *cfg,
                            struct tg_arch_report *r);
void tg_arch_report_release(struct tg_arch_report *r);

enum tg_arch_format { TG_ARCH_DOT, TG_ARCH_JSON, TG_ARCH_MERMAID };
extern const char *const tg_arch_format_names[]; /* "dot", "json", "mermaid", NULL */
void tg_arch_render(struct tg_buf *out, const struct tg_arch_graph *g,
                    const struct tg_arch_report *r, enum tg_arch_level level,
                    enum tg_arch_format f);

#endif
