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

#endif
