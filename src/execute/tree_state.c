/*
 * The user's tree state, hashed before the executor runs and after: execute
 * must leave the user's HEAD, index, working tree and configuration alone.
 */
#include "execute/execute_int.h"

#include "util/alloc.h"
#include "util/hash.h"
#include "util/log.h"

#include <stdlib.h>
#include <string.h>

/* The store lives in the tree and changes as we record: not the user's state. */
#define NOT_STORE ":(exclude).terragon"

/* Adds path's content (when it is a readable file) to the hash. */
static void hash_file(const char *root, const char *path, struct tg_hasher *h, struct tg_buf *tmp,
                      struct tg_buf *data)
{
	tg_buf_reset(tmp);
	tg_buf_addf(tmp, "%s/%s", root, path);
	tg_buf_reset(data);
	if (!tg_buf_read_file(data, tmp->buf))
		tg_hasher_add(h, data->buf, data->len);
	tg_hasher_adds(h, path);
}

/* The path of a porcelain v2 record: after `fields` space-separated fields. */
static const char *record_path(const char *rec, int fields)
{
	while (fields-- > 0 && (rec = strchr(rec, ' ')))
		rec++;
	return rec;
}

/*
 * One `git status --porcelain=v2 --branch` says HEAD (branch and commit), the
 * index (each changed entry's object name) and which files differ in the
 * worktree or are untracked; the content of those is hashed from the files,
 * so a second change to an already changed file is seen. With the local
 * configuration, that is the user's state in two git runs.
 */
int tree_state(enum tg_git_role git, const char *root, uint64_t *out)
{
	struct tg_buf b = TG_BUF_INIT, tmp = TG_BUF_INIT, data = TG_BUF_INIT;
	struct tg_hasher h;
	const char *p, *end, *path;

	tg_hasher_init(&h);
	tg_repo_git_as(git, root, &b, NULL, "status", "--porcelain=v2", "-z", "--branch",
	               "--no-ahead-behind", "--untracked-files=all", "--", ".", NOT_STORE, NULL);
	tg_hasher_add(&h, b.buf, b.len);
	tg_hasher_adds(&h, "");
	tg_debug("tree state: git status: %zu bytes, %016llx", b.len,
	         (unsigned long long)tg_hash64(b.buf, b.len));
	for (p = b.buf, end = b.buf + b.len; p < end; p += strlen(p) + 1) {
		/* 1: changed, 2: renamed (its origin follows), u: unmerged, ?: untracked */
		path = *p == '1'   ? record_path(p, 8)
		       : *p == '2' ? record_path(p, 9)
		       : *p == 'u' ? record_path(p, 10)
		       : *p == '?' ? p + 2
		                   : NULL;
		if (path && (*p == '?' || p[3] != '.'))
			hash_file(root, path, &h, &tmp, &data);
		if (*p == '2')
			p += strlen(p) + 1;
	}
	tg_buf_reset(&b);
	tg_repo_git_as(git, root, &b, NULL, "config", "--local", "--list", NULL);
	tg_hasher_add(&h, b.buf, b.len);
	*out = tg_hasher_finish(&h);
	tg_buf_release(&b);
	tg_buf_release(&tmp);
	tg_buf_release(&data);
	return 0;
}
