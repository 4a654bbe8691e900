#ifndef TG_DEPS_RECORD_INT_H
#define TG_DEPS_RECORD_INT_H

/*
 * What the readers of Go, crates.io, Maven, RubyGems, Packagist and NuGet
 * files share: making a record, lines of byte offsets, the line of a JSON key
 * (jansson keeps none), a sibling file opened beneath the root, and the one
 * path from a direct dependency down to each package (`via`).
 */

#include <jansson.h>
#include <stddef.h>

#include "deps/deps.h"
#include "util/buf.h"
#include "util/hashmap.h"

/*
 * A record appended to out: eco, file, line, the name as written (normalised
 * by tg_dep_set_name, which also makes the purl) and the exact version (may
 * be NULL). Scope runtime, origin registry, transitive: the caller changes
 * what the format says.
 */
struct tg_dep *tg_deps_add(struct tg_dep_list *out, enum tg_eco eco, const char *file, int line,
                           const char *name, const char *version);

/* Removes the last record of l (one a reader made and then found it should not). */
void tg_deps_drop_last(struct tg_dep_list *l);

/* The 1-based line of byte offset off in data. */
int tg_deps_line_at(const char *data, size_t len, size_t off);

/*
 * The line of a JSON object key in document order. Lockfiles list their
 * entries in the order jansson iterates them, so each search starts where the
 * last one ended and wraps to the start once.
 */
struct tg_deps_keyscan {
	const char *data;
	size_t len, pos;
};
/* The line of the next "key" followed by ':' and then `then` (0: anything); 0 when absent. */
int tg_deps_keyscan_line(struct tg_deps_keyscan *s, const char *key, char then);
/* The line of the next "key": "value"; 0 when absent. */
int tg_deps_keyscan_value_line(struct tg_deps_keyscan *s, const char *key, const char *value);

/* f's bytes as JSON, or TG_ERR_INPUT "file:line: malformed JSON: ..." (the caller frees *out). */
int tg_deps_json_load(const struct tg_deps_file *f, json_t **out);
/* A string member of an object, or NULL. */
const char *tg_deps_json_str(const json_t *obj, const char *key);

/*
 * Reads rel_dir/name (rel_dir: the directory of f->rel) beneath f's root
 * into b: TG_OK, TG_ERR_NOTFOUND, or the refusal of util/beneath.h.
 */
int tg_deps_read_sibling(const struct tg_deps_file *f, const char *name, struct tg_buf *b,
                         char **rel_out);
/* The same for a path relative to f's directory ("../pom.xml"), resolved by its text
 * and refused (TG_ERR_INPUT) when it leaves the root. */
int tg_deps_read_relative(const struct tg_deps_file *f, const char *path, struct tg_buf *b,
                          char **rel_out);

/*
 * The dependency graph of a lockfile, for `via`: nodes by key (a name, or
 * "name version" where versions differ), each with the label shown in a path;
 * roots are the direct dependencies. tg_deps_graph_via() is the shortest path
 * from a root ("a > b > c"), NULL for a root or a node no root reaches.
 */
struct tg_deps_graph {
	struct tg_hashmap index; /* key -> node index + 1 */
	struct tg_deps_node *nodes;
	size_t nr, alloc;
	int solved;
};
#define TG_DEPS_GRAPH_INIT                                                                         \
	{                                                                                          \
		TG_HASHMAP_INIT, NULL, 0, 0, 0                                                     \
	}
/* The node of key, added with label when new; its index. */
size_t tg_deps_graph_node(struct tg_deps_graph *g, const char *key, const char *label);
void tg_deps_graph_edge(struct tg_deps_graph *g, size_t from, size_t to);
void tg_deps_graph_root(struct tg_deps_graph *g, size_t node);
/* 1 when a root reaches key (roots included); -1 when key is not a node. */
int tg_deps_graph_reached(struct tg_deps_graph *g, const char *key);
char *tg_deps_graph_via(struct tg_deps_graph *g, const char *key);
void tg_deps_graph_release(struct tg_deps_graph *g);

#endif
