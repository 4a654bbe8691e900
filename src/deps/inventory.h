#ifndef TG_DEPS_INVENTORY_H
#define TG_DEPS_INVENTORY_H

/*
 * The inventory of a tree: every lockfile and manifest a reader knows
 * (deps/reader_list.h), found by the walk as the configuration asks
 * (ignore files, `exclude`), never inside node_modules/, vendor/ or .git,
 * each read beneath the root, then joined per directory and ecosystem:
 *  - a lockfile's entries that its manifest names are direct, with the
 *    manifest's scope; the others are transitive;
 *  - a manifest beside a lockfile (or below one, as a workspace member: for
 *    npm, named by the workspace globs beside the lockfile) gives no entries
 *    of its own, as the lockfile holds the
 *    exact versions; a dependency it declares that the lockfile lacks, or
 *    locks at a version outside its range, is a warning "lockfile disagrees
 *    with manifest";
 *  - a manifest alone keeps its ranges (version NULL, range set).
 * A file that cannot be read or parsed is a warning naming file:line, and
 * the other files go on.
 */

#include <stddef.h>

#include "deps/deps.h"
#include "walk/walk.h"

/*
 * Scans wo->root (a directory, or one lockfile or manifest, read alone) with the walk options wo
 * (workers, ignore files, excludes; max_file_bytes does not apply: lockfiles are large) into out,
 * sorted by ecosystem, name, version, file and line, with out->warnings sorted. *failed (may be
 * NULL) counts the files that could not be read or parsed. TG_ERR_USAGE when the root cannot be
 * walked or is a file no reader reads; TG_OK otherwise.
 */
int tg_deps_scan(const struct tg_walk_opts *wo, struct tg_dep_list *out, size_t *failed);
/*
 * As tg_deps_scan, with each file's entries kept in memo (may be NULL)
 * between runs: a file whose bytes, and the inputs in its directory and
 * those above it (what a reader may read beside it), are unchanged is not
 * read again. A file that fails to read is never kept.
 */
int tg_deps_scan_memo(const struct tg_walk_opts *wo, const struct tg_walk_memo *memo,
                      struct tg_dep_list *out, size_t *failed);

/* The join and the order on their own, for tests: files[i] names the
 * reader of the entries out->v[files[i].first ..][.nr]; root_fd is the root
 * directory the workspace globs are read beneath (-1: none). */
struct tg_deps_scanned {
	char *rel; /* the file, relative to the root */
	const struct tg_deps_reader *reader;
	size_t first, nr; /* its entries in the list */
};
void tg_deps_join(int root_fd, struct tg_dep_list *out, const struct tg_deps_scanned *files,
                  size_t nr);
void tg_deps_sort(struct tg_dep_list *out);

#endif
