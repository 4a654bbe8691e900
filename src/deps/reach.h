#ifndef TG_REACH_H
#define TG_REACH_H

/*
 * Reachability, without a build: an index of the packages a repository's
 * code imports and the identifiers it names, read from its Go, Rust and
 * JavaScript/TypeScript files. An advisory that lists affected imports or
 * symbols (Go's ecosystem_specific.imports, RustSec's affected functions)
 * is asked of it: a package never imported, or a symbol never named, lowers
 * the finding's confidence. It never hides the finding: a name can be
 * reached in ways a lexical index does not see (reflection, re-exports).
 */

#include <stddef.h>

#include "version/ecosystem.h"

struct tg_walk_opts;
struct tg_reach;

/*
 * Every import a Go or JavaScript/TypeScript text names, the project's own
 * relative ones included, as written (no quotes): Go's import paths,
 * JavaScript's import/export-from/require/import() specifiers. offset is
 * where its opening quote is. The reader reach's index is built with, for
 * the module graph (arch/) to share.
 */
typedef void (*tg_reach_import_fn)(const char *spec, size_t len, size_t offset, void *arg);
void tg_reach_scan_imports(enum tg_eco eco, const char *text, size_t n, tg_reach_import_fn fn,
                           void *arg);

/* Walks the tree as opts says (only the source files of eco are read). */
int tg_reach_build(const struct tg_walk_opts *opts, enum tg_eco eco, struct tg_reach **out);
void tg_reach_free(struct tg_reach *r);

/*
 * Whether the code imports the package or module `path`: Go import paths
 * (a package below it counts), a Rust crate ('-' read as '_'), an npm
 * package (a subpath import counts). -1 when the index has no files of the
 * ecosystem to say anything from.
 */
int tg_reach_imports(const struct tg_reach *r, const char *path);
/* Whether an identifier is named anywhere: the last part of "Type.Method" or "a::b::f". */
int tg_reach_names(const struct tg_reach *r, const char *symbol);

#endif
