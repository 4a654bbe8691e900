#include "walk/index.h"

#include "util/alloc.h"
#include "util/hash.h"
#include "util/log.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/*
 * Blob ids of tracked files from the git index. An id names a file's bytes
 * only while its stat data still matches the entry, and only when the entry
 * is older than the index file itself ("racily clean" entries are not
 * trusted, as git does not trust them).
 */
struct ix_entry {
	char *path; /* relative to the walk root */
	unsigned char oid[20];
	uint32_t size, ino;
	int64_t mtime_s;
	uint32_t mtime_ns;
};

struct tg_walk_index {
	struct ix_entry *v;
	size_t nr;
	uint32_t *slots; /* open addressing: entry index + 1, 0 = empty */
	size_t mask;
};

static int racy(const git_index_entry *e, const struct stat *ist)
{
	if ((int64_t)e->mtime.seconds != (int64_t)ist->st_mtim.tv_sec)
		return (int64_t)e->mtime.seconds > (int64_t)ist->st_mtim.tv_sec;
	return e->mtime.nanoseconds >= (uint32_t)ist->st_mtim.tv_nsec;
}

static void insert(struct tg_walk_index *ix, size_t i)
{
	size_t h = (size_t)tg_hash64(ix->v[i].path, strlen(ix->v[i].path)) & ix->mask;

	while (ix->slots[h])
		h = (h + 1) & ix->mask;
	ix->slots[h] = (uint32_t)(i + 1);
}

static void add_entries(struct tg_walk_index *ix, git_index *idx, const char *prefix)
{
	size_t i, n = git_index_entrycount(idx), plen = strlen(prefix);
	const char *ipath = git_index_path(idx);
	struct stat ist;

	if (!ipath || stat(ipath, &ist))
		return;
	ix->v = tg_calloc(n ? n : 1, sizeof(*ix->v));
	for (i = 0; i < n; i++) {
		const git_index_entry *e = git_index_get_byindex(idx, i);
		struct ix_entry *x;

		if (!e || GIT_INDEX_ENTRY_STAGE(e) != 0 ||
		    (e->flags_extended & GIT_INDEX_ENTRY_EXTENDED_FLAGS))
			continue;
		if (!S_ISREG(e->mode) || racy(e, &ist) || strncmp(e->path, prefix, plen))
			continue;
		x = &ix->v[ix->nr++];
		x->path = tg_strdup(e->path + plen);
		memcpy(x->oid, e->id.id, 20);
		x->size = e->file_size;
		x->ino = e->ino;
		x->mtime_s = e->mtime.seconds;
		x->mtime_ns = e->mtime.nanoseconds;
	}
}

struct tg_walk_index *tg_walk_index_load(const char *top, const char *prefix)
{
	struct tg_walk_index *ix;
	git_repository *repo = NULL;
	git_index *idx = NULL;
	size_t i, cap = 16;

	git_libgit2_init();
	if (git_repository_open(&repo, top) || git_repository_index(&idx, repo)) {
		const git_error *e = git_error_last();

		tg_debug("walk: no git index for %s: %s", top, e && e->message ? e->message : "?");
		git_repository_free(repo);
		git_libgit2_shutdown();
		return NULL;
	}
	ix = tg_calloc(1, sizeof(*ix));
	add_entries(ix, idx, prefix);
	git_index_free(idx);
	git_repository_free(repo);
	git_libgit2_shutdown();
	while (cap < ix->nr * 2)
		cap *= 2;
	ix->slots = tg_calloc(cap, sizeof(*ix->slots));
	ix->mask = cap - 1;
	for (i = 0; i < ix->nr; i++)
		insert(ix, i);
	tg_debug("walk: %zu blob ids from the git index of %s", ix->nr, top);
	return ix;
}

const unsigned char *tg_walk_index_oid(const struct tg_walk_index *ix, const char *path, size_t len,
                                       const struct stat *st)
{
	size_t h = (size_t)tg_hash64(path, len) & ix->mask;
	uint32_t s;

	for (; (s = ix->slots[h]); h = (h + 1) & ix->mask) {
		const struct ix_entry *x = &ix->v[s - 1];

		if (strncmp(x->path, path, len) || x->path[len])
			continue;
		if (x->size != (uint32_t)st->st_size || x->mtime_s != (int64_t)st->st_mtim.tv_sec)
			return NULL;
		if (x->mtime_ns && x->mtime_ns != (uint32_t)st->st_mtim.tv_nsec)
			return NULL;
		if (x->ino && x->ino != (uint32_t)st->st_ino)
			return NULL;
		return x->oid;
	}
	return NULL;
}

int tg_walk_index_has(const struct tg_walk_index *ix, const char *path, size_t len)
{
	size_t h = (size_t)tg_hash64(path, len) & ix->mask;
	uint32_t s;

	for (; (s = ix->slots[h]); h = (h + 1) & ix->mask)
		if (!strncmp(ix->v[s - 1].path, path, len) && !ix->v[s - 1].path[len])
			return 1;
	return 0;
}

void tg_walk_index_free(struct tg_walk_index *ix)
{
	size_t i;

	if (!ix)
		return;
	for (i = 0; i < ix->nr; i++)
		free(ix->v[i].path);
	free(ix->v);
	free(ix->slots);
	free(ix);
}
