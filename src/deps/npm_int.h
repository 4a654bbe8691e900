#ifndef TG_DEPS_NPM_INT_H
#define TG_DEPS_NPM_INT_H

/*
 * What the npm readers (reader_npm_*.c) share: where a JSON object key is
 * (jansson gives no lines), what a dependency spec names (aliases, origins),
 * and the one path from a direct dependency down, built from a lockfile's
 * graph breadth-first.
 */

#include <stddef.h>

#include "deps/deps.h"
#include "util/hashmap.h"
#include "util/yaml.h"

/*
 * The 1-based line of each object key of a JSON text, by its path from the
 * top: the keys joined by '\n' ("packages\nnode_modules/a"). Keys at depth
 * max_depth or less are all recorded, deeper ones only when their value is an
 * object. Keys are their raw bytes between the quotes. A cheap scan, not a
 * parser: jansson has read (or will read) the same text.
 */
void tg_npm_json_lines(const char *data, size_t len, int max_depth, struct tg_hashmap *lines);
/* The line of the key at path a (then b, c when not NULL), or 0. */
int tg_npm_line(const struct tg_hashmap *lines, const char *a, const char *b, const char *c);
void tg_npm_lines_release(struct tg_hashmap *lines);

/*
 * A dependency spec as package.json writes it ("^1.2.0", "npm:real@^2",
 * "file:../x", "github:u/r", "https://..."): its origin, and for an npm:
 * alias the real name and range. *name and *range point into spec or stay.
 */
struct tg_npm_spec {
	enum tg_dep_origin origin;
	const char *name; /* the real package name: the alias target, else the key */
	size_t name_len;
	const char *range; /* the range, for a registry spec */
};
void tg_npm_spec_parse(const char *key, const char *spec, struct tg_npm_spec *out);

/* "name@version" or "@scope/name@version" split at its last '@' past the first
 * character; *at is the index of that '@', or 0 when there is none. */
size_t tg_npm_split_at(const char *s, size_t len);

/*
 * One path from a direct dependency down, for a lockfile that lists each
 * package's dependencies: nodes are out->v[first + i]; an edge says node
 * `from` depends on node `to`; roots are the project's direct dependencies.
 * tg_npm_graph_via sets via ("a > b > c") on every node reached
 * breadth-first from the roots, and direct = 1 on the roots.
 */
struct tg_npm_graph {
	size_t first, nr;
	size_t **edges; /* per node: [0] = count, [1] = capacity, then node indices */
	char *root;     /* per node: 1 when a direct dependency */
};
void tg_npm_graph_init(struct tg_npm_graph *g, size_t first, size_t nr);
void tg_npm_graph_edge(struct tg_npm_graph *g, size_t from, size_t to);
void tg_npm_graph_via(struct tg_npm_graph *g, struct tg_dep_list *out);
void tg_npm_graph_release(struct tg_npm_graph *g);

/* Appends a registry package name@version of file:line with its integrity. */
struct tg_dep *tg_npm_add(struct tg_dep_list *out, const struct tg_deps_file *f, const char *name,
                          const char *version, int line);
/* The origin of a lockfile's resolved URL or version field ("git+...", "file:..."). */
enum tg_dep_origin tg_npm_resolved_origin(const char *resolved);

/* A JSON text with // and block comments and trailing commas (bun.lock)
 * made plain JSON, same length and lines, into out. */
void tg_npm_jsonc_plain(const char *data, size_t len, struct tg_buf *out);

/*
 * The names the package.json beside f declares (every section, aliases by
 * their real name), read beneath the root: the direct dependencies of a
 * lockfile that does not list them (package-lock v1, yarn.lock): each name,
 * and each "name@range" as written, whose value is its scope + 1. Returns
 * 1 when there is such a file and it parsed, else 0.
 */
int tg_npm_sibling_manifest(const struct tg_deps_file *f, struct tg_hashmap *names);

/*
 * Whether the package.json at manifest_rel is a workspace of the project
 * whose lockfile is lock_rel: its directory matches a glob of the
 * package.json (`workspaces`, or `workspaces.packages`) or the
 * pnpm-workspace.yaml (`packages`) beside the lockfile, read beneath the root.
 */
int tg_npm_workspace_member(int root_fd, const char *lock_rel, const char *manifest_rel);

/* libyaml document trees (util/yaml.h), as pnpm-lock.yaml and Berry's yarn.lock hold. */
yaml_node_t *tg_npm_yaml_get(yaml_document_t *doc, yaml_node_t *map, const char *key);
/* A scalar node's text, or NULL for anything else. */
const char *tg_npm_yaml_str(yaml_node_t *n);

/* Scope by reach, for lockfiles without dev flags: a node reached from a root
 * whose scope is runtime (in g->root, scope[i] as set on out) is runtime, one
 * only reached from dev roots dev, from optional roots optional. */
void tg_npm_graph_scope(struct tg_npm_graph *g, struct tg_dep_list *out);

#endif
