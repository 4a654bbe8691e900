#ifndef TG_DEPS_READER_PY_INT_H
#define TG_DEPS_READER_PY_INT_H

/*
 * What the PyPI readers share (reader_py*.c): PEP 508 requirement strings,
 * which requirements files, pyproject.toml, pdm.lock and the markers of
 * every format write the same way, and the record they all fill.
 */

#include <stddef.h>

#include "deps/deps.h"

/* One PEP 508 requirement, its parts as written (each malloc'd or NULL). */
struct tg_py_req {
	char *name;
	char *extras; /* "a,b" without brackets */
	char *spec;   /* ">=1.0,<2": the version specifier, whitespace removed */
	char *url;    /* name @ url */
	char *marker; /* the environment marker after ';', trimmed */
};

/*
 * Parses s[0..len) as "name[extras] spec ; marker" or "name[extras] @ url ;
 * marker". Returns TG_OK, or TG_ERR_INPUT with a message (no file:line: the
 * caller knows where the string was).
 */
int tg_py_req_parse(const char *s, size_t len, struct tg_py_req *r);
void tg_py_req_release(struct tg_py_req *r);

/* The exact version a specifier pins ("==1.0", "===1.0", one clause, no
 * wildcard), malloc'd, or NULL. */
char *tg_py_spec_exact(const char *spec);

/* A URL's origin: VCS schemes (git+, hg+, svn+, bzr+) git; file: or a bare
 * path a path; anything else a direct archive URL. */
enum tg_dep_origin tg_py_url_origin(const char *url);

/* The scope an environment marker implies: `extra == "dev"` (or test, lint,
 * docs, typing) dev, another extra optional, none def. */
enum tg_dep_scope tg_py_marker_scope(const char *marker, enum tg_dep_scope def);
/* 1 when a group or extra name means development: dev, test, lint, docs... */
int tg_py_dev_name(const char *name, size_t len);

/*
 * A PyPI dependency appended to out: name as written (normalised by
 * tg_dep_set_name), version exact or NULL, range or NULL, file and line.
 */
struct tg_dep *tg_py_dep_add(struct tg_dep_list *out, const char *file, int line, const char *name,
                             const char *version, const char *range);
/* A dependency from a requirement: version when the spec pins one, else the
 * spec as range; origin from the URL; scope from the marker. */
struct tg_dep *tg_py_dep_from_req(struct tg_dep_list *out, const char *file, int line,
                                  const struct tg_py_req *r, enum tg_dep_scope scope);

/*
 * A lockfile's dependency graph, for direct/transitive, scope and via. Each
 * package is either a dependency (its index in out) or the project itself
 * (uv.lock's editable or virtual root), whose edges are the direct
 * dependencies, each with the scope its declaration gives.
 */
#include "util/hashmap.h"

#define TG_PY_PROJECT ((size_t)-1)

struct tg_py_edge {
	char *name;    /* normalised */
	char *version; /* when the lockfile says which of several versions, else NULL */
	enum tg_dep_scope kind;
};

struct tg_py_pkg {
	char *name; /* normalised */
	char *version;
	size_t dep; /* index in out, or TG_PY_PROJECT */
	struct tg_py_edge *edges;
	size_t nr_edges, alloc_edges;
	size_t indegree;
	int reached;
	int root; /* named by the manifest beside the lockfile */
};

struct tg_py_graph {
	struct tg_py_pkg *v;
	size_t nr, alloc;
	struct tg_hashmap by_name; /* "name" and "name version" -> index + 1 */
	int has_project;
};

#define TG_PY_GRAPH_INIT                                                                           \
	{                                                                                          \
		NULL, 0, 0, TG_HASHMAP_INIT, 0                                                     \
	}

/* A package (name as written); returns its index. */
size_t tg_py_graph_add(struct tg_py_graph *g, const char *name, const char *version, size_t dep);
/* An edge from package from to a package named (as written), version or NULL. */
void tg_py_graph_edge(struct tg_py_graph *g, size_t from, const char *name, const char *version,
                      enum tg_dep_scope kind);
/*
 * Walks the graph breadth first and fills out's direct, via and (when
 * set_scope) scope. With a project package, its edges are the direct
 * dependencies, runtime ones walked first, then optional, then dev: a
 * package reached from a runtime one is runtime. Without one (poetry.lock,
 * pdm.lock), the roots are the packages tg_py_graph_manifest_roots marked,
 * else those nothing depends on: their via stays NULL, direct stays 0 for
 * the inventory's join with the manifest to decide.
 */
void tg_py_graph_finish(struct tg_py_graph *g, struct tg_dep_list *out, int set_scope);
/* Marks the packages the pyproject.toml beside f names as the walk's roots. */
void tg_py_graph_manifest_roots(struct tg_py_graph *g, const struct tg_deps_file *f);
void tg_py_graph_release(struct tg_py_graph *g);

/* "sha256:<hex>" added to d->hashes, once. */
void tg_py_add_hash(struct tg_dep *d, const char *algo_colon_hex);

#endif
