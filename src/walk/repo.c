#include "walk/walk_int.h"

#include "walk/index_int.h"

#include "util/alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * When the root lies inside a git repository, git applies more than the
 * root's own ignore files: .git/info/exclude, and the .gitignore of every
 * directory from the top of the work tree down to the root. Those become
 * frames above the root's, matched with the root's path from them as lead.
 */

static void slurp(const char *path, struct tg_buf *out)
{
	char tmp[8192];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return;
	while ((n = read(fd, tmp, sizeof(tmp))) > 0 && out->len < (1u << 24))
		tg_buf_add(out, tmp, (size_t)n);
	close(fd);
}

static void trim(struct tg_buf *b)
{
	while (b->len && (b->buf[b->len - 1] == '\n' || b->buf[b->len - 1] == '\r' ||
	                  b->buf[b->len - 1] == ' '))
		tg_buf_setlen(b, b->len - 1);
}

void tg_walk_gitdir_parse(const char *top, const char *text, size_t len, struct tg_buf *out)
{
	struct tg_buf b = TG_BUF_INIT;

	tg_buf_add(&b, text, len);
	trim(&b);
	tg_buf_reset(out);
	if (!strncmp(b.buf, "gitdir: ", 8)) {
		if (b.buf[8] != '/')
			tg_buf_addf(out, "%s/", top);
		tg_buf_adds(out, b.buf + 8);
	}
	tg_buf_release(&b);
}

void tg_walk_commondir_parse(const char *gitdir, const char *text, size_t len, struct tg_buf *out)
{
	struct tg_buf c = TG_BUF_INIT;

	tg_buf_add(&c, text, len);
	trim(&c);
	tg_buf_reset(out);
	if (c.len && c.buf[0] == '/')
		tg_buf_adds(out, c.buf);
	else if (c.len)
		tg_buf_addf(out, "%s/%s", gitdir, c.buf);
	else
		tg_buf_adds(out, gitdir);
	tg_buf_release(&c);
}

/* The git directory of the work tree at top (a worktree's .git is a file naming it). */
static void git_dir(const char *top, struct tg_buf *out)
{
	struct tg_buf b = TG_BUF_INIT;
	struct stat st;

	tg_buf_reset(out);
	tg_buf_addf(out, "%s/.git", top);
	if (!stat(out->buf, &st) && !S_ISDIR(st.st_mode)) {
		slurp(out->buf, &b);
		tg_walk_gitdir_parse(top, b.buf, b.len, out);
	}
	tg_buf_release(&b);
}

/* The directory whose info/exclude and config apply: a worktree's common dir. */
static void git_common_dir(const char *gitdir, struct tg_buf *out)
{
	struct tg_buf b = TG_BUF_INIT, c = TG_BUF_INIT;

	tg_buf_addf(&b, "%s/commondir", gitdir);
	slurp(b.buf, &c);
	tg_walk_commondir_parse(gitdir, c.buf, c.len, out);
	tg_buf_release(&b);
	tg_buf_release(&c);
}

static struct tg_ignore_frame *new_frame(struct tg_walk *w, const struct tg_ignore_frame *parent,
                                         const char *lead)
{
	struct tg_ignore_frame *f = tg_calloc(1, sizeof(*f));

	f->parent = parent;
	if (lead && *lead) {
		f->leadlen = strlen(lead) + 1;
		f->lead = tg_malloc(f->leadlen + 1);
		memcpy(f->lead, lead, f->leadlen - 1);
		f->lead[f->leadlen - 1] = '/';
		f->lead[f->leadlen] = '\0';
	}
	tg_walk_keep_frame(w, f);
	return f;
}

/* The frames above the root: info/exclude, then each parent's ignore files. */
static const struct tg_ignore_frame *repo_frames(struct tg_walk *w, const char *top,
                                                 const char *common, const char *rel)
{
	struct tg_buf b = TG_BUF_INIT, text = TG_BUF_INIT;
	struct tg_ignore_frame *f;
	size_t i;

	if (*common) {
		tg_buf_addf(&b, "%s/info/exclude", common);
		slurp(b.buf, &text);
	}
	f = new_frame(w, NULL, rel);
	tg_ignore_frame_parse(f, text.buf, text.len);
	/* the top's and each directory's down to the root's parent */
	for (i = 0; *rel && i <= strlen(rel); i++) {
		if (i && rel[i] != '/' && rel[i])
			continue;
		if (i && !rel[i])
			break;
		tg_buf_reset(&text);
		tg_buf_reset(&b);
		tg_buf_addf(&b, "%s/%.*s%s.gitignore", top, (int)i, rel, i ? "/" : "");
		slurp(b.buf, &text);
		tg_buf_addch(&text, '\n');
		tg_buf_reset(&b);
		tg_buf_addf(&b, "%s/%.*s%s.terragonignore", top, (int)i, rel, i ? "/" : "");
		slurp(b.buf, &text);
		f = new_frame(w, f, rel + i + (i ? 1 : 0));
		tg_ignore_frame_parse(f, text.buf, text.len);
	}
	tg_buf_release(&b);
	tg_buf_release(&text);
	return f;
}

void tg_walk_repo_setup(struct tg_walk *w, const char *root)
{
	char *abs = realpath(root, NULL);
	struct tg_buf top = TG_BUF_INIT, b = TG_BUF_INIT, gd = TG_BUF_INIT, common = TG_BUF_INIT;
	const char *rel;
	struct stat st;

	if (!abs)
		return;
	tg_buf_adds(&top, abs);
	for (;;) {
		tg_buf_reset(&b);
		tg_buf_addf(&b, "%s/.git", top.buf);
		if (!lstat(b.buf, &st))
			break;
		while (top.len && top.buf[top.len - 1] != '/')
			tg_buf_setlen(&top, top.len - 1);
		if (top.len <= 1)
			goto out;
		tg_buf_setlen(&top, top.len - 1);
	}
	rel = abs + top.len + (abs[top.len] == '/');
	git_dir(top.buf, &gd);
	/* A .git file naming no git directory has no exclude nor index: not "/info/exclude". */
	if (gd.len)
		git_common_dir(gd.buf, &common);
	if (!w->o->no_ignore)
		w->root_frame = repo_frames(w, top.buf, common.buf, rel);
	tg_buf_reset(&b);
	if (*rel)
		tg_buf_addf(&b, "%s/", rel);
	if (gd.len)
		w->index = tg_walk_index_load(gd.buf, common.buf, b.buf);
out:
	free(abs);
	tg_buf_release(&top);
	tg_buf_release(&b);
	tg_buf_release(&gd);
	tg_buf_release(&common);
}
