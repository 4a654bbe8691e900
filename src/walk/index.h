#ifndef TG_WALK_INDEX_H
#define TG_WALK_INDEX_H

#include <stddef.h>
#include <sys/stat.h>

/* Internal to the walk: blob ids of tracked files, read once from the git index. */
struct tg_walk_index;

/* The index of the work tree at top, keeping entries under prefix ("" or "a/b/"). NULL if none. */
struct tg_walk_index *tg_walk_index_load(const char *top, const char *prefix);
/* The blob id of path when st still matches its index entry, else NULL. */
const unsigned char *tg_walk_index_oid(const struct tg_walk_index *ix, const char *path, size_t len,
                                       const struct stat *st);
int tg_walk_index_has(const struct tg_walk_index *ix, const char *path, size_t len);
void tg_walk_index_free(struct tg_walk_index *ix);

#endif
