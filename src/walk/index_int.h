#ifndef TG_WALK_INDEX_H
#define TG_WALK_INDEX_H

#include <stddef.h>
#include <sys/stat.h>

/* Internal to the walk: blob ids of tracked files, read once from the git index. */
struct tg_walk_index;

/*
 * The index in git_dir (the work tree's: a worktree has its own), keeping the
 * entries under prefix ("" or "a/b/"). NULL when there is none, or none this
 * reader follows (common_dir's config says SHA-256, a split index, damage).
 */
struct tg_walk_index *tg_walk_index_load(const char *git_dir, const char *common_dir,
                                         const char *prefix);
/*
 * Parses an index file's bytes (ist: the file's stat, for racily clean
 * entries) into ix (zeroed); -1 when they are not an index of version 2 to 4
 * with SHA-1 ids (the entries read so far stay in ix, to be freed).
 */
int tg_walk_index_parse(struct tg_walk_index *ix, const unsigned char *buf, size_t len,
                        const char *prefix, const struct stat *ist);
/* An empty index, for tg_walk_index_parse. */
struct tg_walk_index *tg_walk_index_new(void);
/* The blob id of path when st still matches its index entry, else NULL. */
const unsigned char *tg_walk_index_oid(const struct tg_walk_index *ix, const char *path, size_t len,
                                       const struct stat *st);
int tg_walk_index_has(const struct tg_walk_index *ix, const char *path, size_t len);
void tg_walk_index_free(struct tg_walk_index *ix);

#endif
