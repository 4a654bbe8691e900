#include "walk/walk.h"

#include "walk/ignore_int.h"

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * The matcher on its own: every directory's frame kept by its path, so a
 * path can be matched without a walk. The walk itself chains frames instead.
 */
struct ig_dir {
	char *dir; /* "" or "a/b/" */
	struct tg_ignore_frame frame;
};

struct tg_ignore {
	struct ig_dir *dirs;
	size_t nr, alloc;
	struct tg_ignore_frame exclude; /* .git/info/exclude: lowest precedence */
	struct tg_ignore_frame globs;   /* config excludes: override everything */
};

struct tg_ignore *tg_ignore_new(void)
{
	return tg_calloc(1, sizeof(struct tg_ignore));
}

void tg_ignore_free(struct tg_ignore *ig)
{
	size_t i;

	if (!ig)
		return;
	for (i = 0; i < ig->nr; i++) {
		free(ig->dirs[i].dir);
		tg_ignore_frame_release(&ig->dirs[i].frame);
	}
	free(ig->dirs);
	tg_ignore_frame_release(&ig->exclude);
	tg_ignore_frame_release(&ig->globs);
	free(ig);
}

void tg_ignore_add(struct tg_ignore *ig, const char *dir, const char *text, size_t len)
{
	struct tg_buf d = TG_BUF_INIT;
	size_t i;

	while (*dir == '/')
		dir++;
	tg_buf_adds(&d, dir);
	while (d.len && d.buf[d.len - 1] == '/')
		tg_buf_setlen(&d, d.len - 1);
	if (d.len)
		tg_buf_addch(&d, '/');
	for (i = 0; i < ig->nr; i++)
		if (!strcmp(ig->dirs[i].dir, d.buf))
			break;
	if (i == ig->nr) {
		TG_ALLOC_GROW(ig->dirs, ig->nr + 1, ig->alloc);
		memset(&ig->dirs[i], 0, sizeof(ig->dirs[i]));
		ig->dirs[i].frame.dirlen = d.len;
		ig->dirs[i].dir = tg_buf_detach(&d, NULL);
		ig->nr++;
	}
	tg_buf_release(&d);
	tg_ignore_frame_parse(&ig->dirs[i].frame, text, len);
}

void tg_ignore_add_exclude(struct tg_ignore *ig, const char *text, size_t len)
{
	tg_ignore_frame_parse(&ig->exclude, text, len);
}

void tg_ignore_add_globs(struct tg_ignore *ig, const struct tg_strlist *globs)
{
	size_t i;

	for (i = 0; globs && i < globs->nr; i++)
		tg_ignore_frame_parse(&ig->globs, globs->v[i], strlen(globs->v[i]));
}

/* Decides one path on its own, its parents aside. */
static int match_one(const struct tg_ignore *ig, const char *path, size_t len, int is_dir)
{
	size_t i, best, bestlen;
	int r;
	unsigned char *used;

	if (tg_ignore_frame_match(&ig->globs, path, len, is_dir) == 1)
		return 1;
	used = tg_calloc(ig->nr + 1, 1);
	/* deepest directory first: a deeper ignore file overrides a shallower one */
	for (;;) {
		best = ig->nr;
		bestlen = 0;
		for (i = 0; i < ig->nr; i++) {
			const struct ig_dir *d = &ig->dirs[i];
			size_t dl = d->frame.dirlen;

			if (used[i] || dl >= len || memcmp(d->dir, path, dl))
				continue;
			if (best == ig->nr || dl > bestlen) {
				best = i;
				bestlen = dl;
			}
		}
		if (best == ig->nr)
			break;
		used[best] = 1;
		r = tg_ignore_frame_match(&ig->dirs[best].frame, path + bestlen, len - bestlen,
		                          is_dir);
		if (r >= 0) {
			free(used);
			return r;
		}
	}
	free(used);
	return tg_ignore_frame_match(&ig->exclude, path, len, is_dir) == 1;
}

int tg_ignore_match(const struct tg_ignore *ig, const char *relpath, int is_dir)
{
	size_t len = strlen(relpath), i;

	/* nothing under an excluded directory can be re-included */
	for (i = 1; i < len; i++)
		if (relpath[i] == '/' && match_one(ig, relpath, i, 1))
			return 1;
	while (len && relpath[len - 1] == '/')
		len--;
	return match_one(ig, relpath, len, is_dir);
}

static void load_file(struct tg_ignore *ig, int dirfd, const char *name, const char *dir)
{
	struct tg_buf b = TG_BUF_INIT;
	char tmp[4096];
	ssize_t n;
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return;
	while ((n = read(fd, tmp, sizeof(tmp))) > 0)
		tg_buf_add(&b, tmp, (size_t)n);
	close(fd);
	if (dir)
		tg_ignore_add(ig, dir, b.buf, b.len);
	else
		tg_ignore_add_exclude(ig, b.buf, b.len);
	tg_buf_release(&b);
}

static void load_dir(struct tg_ignore *ig, int dirfd, struct tg_buf *path, int depth)
{
	DIR *d;
	struct dirent *e;
	struct tg_strlist subdirs = TG_STRLIST_INIT;
	size_t i, keep = path->len;

	load_file(ig, dirfd, ".gitignore", path->buf);
	load_file(ig, dirfd, ".terragonignore", path->buf);
	d = fdopendir(dirfd);
	if (!d) {
		close(dirfd);
		return;
	}
	while ((e = readdir(d))) {
		struct stat st;
		int isdir = e->d_type == DT_DIR;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    !strcmp(e->d_name, ".git"))
			continue;
		if (e->d_type == DT_UNKNOWN && !fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW))
			isdir = S_ISDIR(st.st_mode);
		if (isdir)
			tg_strlist_add(&subdirs, e->d_name);
	}
	for (i = 0; i < subdirs.nr && depth < 256; i++) {
		int fd;

		tg_buf_setlen(path, keep);
		tg_buf_adds(path, subdirs.v[i]);
		if (tg_ignore_match(ig, path->buf, 1))
			continue;
		fd = openat(dirfd, subdirs.v[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		tg_buf_addch(path, '/');
		if (fd >= 0)
			load_dir(ig, fd, path, depth + 1);
	}
	tg_buf_setlen(path, keep);
	tg_strlist_clear(&subdirs);
	closedir(d);
}

int tg_ignore_load(struct tg_ignore **out, const char *root, const struct tg_strlist *globs)
{
	struct tg_ignore *ig;
	struct tg_buf path = TG_BUF_INIT;
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	*out = NULL;
	if (fd < 0)
		return tg_error_set(TG_ERR_USAGE, "%s: %s", root, strerror(errno));
	ig = tg_ignore_new();
	tg_ignore_add_globs(ig, globs);
	load_file(ig, fd, ".git/info/exclude", NULL);
	load_dir(ig, fd, &path, 0);
	tg_buf_release(&path);
	*out = ig;
	return TG_OK;
}
