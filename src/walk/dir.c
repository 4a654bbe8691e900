#include "walk/walk_int.h"

#include "walk/generated_int.h"

#include "util/alloc.h"
#include "util/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* getdents64 buffer per worker: most directories in one call */
#define DENTS_BUF (64 * 1024)

static void list_add(struct tg_walk_worker *wk, const char *name, uint8_t type)
{
	TG_ALLOC_GROW(wk->offs, wk->ents_nr + 1, wk->ents_alloc);
	TG_ALLOC_GROW(wk->types, wk->ents_nr + 1, wk->types_alloc);
	wk->offs[wk->ents_nr] = (uint32_t)wk->names.len;
	wk->types[wk->ents_nr++] = type;
	tg_buf_add(&wk->names, name, strlen(name) + 1);
}

static void read_ignore_file(int dirfd, const char *name, struct tg_buf *out)
{
	char tmp[8192];
	ssize_t n;
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return;
	while ((n = read(fd, tmp, sizeof(tmp))) > 0 && out->len < (1u << 24))
		tg_buf_add(out, tmp, (size_t)n);
	tg_buf_addch(out, '\n');
	close(fd);
}

/*
 * Lists a directory into the worker's scratch lists; notes whether it holds
 * ignore files. Raw getdents64 on a plain descriptor: fdopendir would add an
 * fstat and two fcntl calls per directory, a tenth of a cached run's system
 * calls. Returns the open descriptor, or -1 after recording the skip.
 */
static int list_dir(struct tg_walk_worker *wk, struct tg_walk_job *job, int *has_ignore)
{
	struct tg_walk *w = wk->w;
	ssize_t n;
	int fd;

	fd = openat(w->rootfd, job->pathlen ? job->path : ".",
	            O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		int err = errno;

		tg_walk_skip(w, job->path, NULL,
		             err == ENOENT                    ? TG_SKIP_VANISHED
		             : err == ELOOP || err == ENOTDIR ? TG_SKIP_SYMLINK
		                                              : TG_SKIP_UNREADABLE,
		             strerror(err));
		return -1;
	}
	wk->ents_nr = 0;
	tg_buf_setlen(&wk->names, 0);
	*has_ignore = 0;
	if (!wk->dents)
		wk->dents = tg_malloc(DENTS_BUF);
	for (;;) {
		n = getdents64(fd, wk->dents, DENTS_BUF);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		for (ssize_t off = 0; off < n;) {
			const struct dirent64 *e = (const struct dirent64 *)(wk->dents + off);
			const char *nm = e->d_name;

			off += e->d_reclen;
			if (nm[0] == '.' &&
			    (!nm[1] || (nm[1] == '.' && !nm[2]) || !strcmp(nm, ".git")))
				continue;
			if (nm[0] == '.' &&
			    (!strcmp(nm, ".gitignore") || !strcmp(nm, ".terragonignore")))
				*has_ignore = 1;
			list_add(wk, nm, e->d_type);
		}
	}
	if (n < 0)
		tg_walk_skip(w, job->path, NULL, TG_SKIP_UNREADABLE, strerror(errno));
	return fd;
}

static const struct tg_ignore_frame *dir_frame(struct tg_walk_worker *wk, struct tg_walk_job *job,
                                               int dirfd)
{
	struct tg_walk *w = wk->w;
	struct tg_ignore_frame *f;
	struct tg_buf text = TG_BUF_INIT;

	read_ignore_file(dirfd, ".gitignore", &text);
	read_ignore_file(dirfd, ".terragonignore", &text);
	f = tg_calloc(1, sizeof(*f));
	f->parent = job->frame;
	f->dirlen = job->pathlen;
	tg_ignore_frame_parse(f, text.buf, text.len);
	tg_buf_release(&text);
	tg_walk_keep_frame(w, f);
	return f;
}

static void skip_symlink(struct tg_walk *w, int dirfd, const char *name, const char *path)
{
	struct stat st;

	if (fstatat(dirfd, name, &st, 0) && errno == ELOOP)
		tg_walk_skip(w, path, NULL, TG_SKIP_SYMLINK_LOOP,
		             "symbolic link loop, not followed");
	else
		tg_walk_skip(w, path, NULL, TG_SKIP_SYMLINK, "symbolic link, not followed");
}

/* Decides one entry: 1 a file to read, 2 a directory to walk, 0 neither. */
static int classify(struct tg_walk_worker *wk, int dirfd, const struct tg_ignore_frame *frame,
                    const char *name, uint8_t type)
{
	struct tg_walk *w = wk->w;
	const char *path = wk->path.buf, *why;
	size_t len = wk->path.len;
	struct stat st;
	int is_dir;

	if (type == DT_UNKNOWN) {
		if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW))
			return 0; /* gone already: nothing to read */
		type = S_ISDIR(st.st_mode)   ? DT_DIR
		       : S_ISREG(st.st_mode) ? DT_REG
		       : S_ISLNK(st.st_mode) ? DT_LNK
		                             : DT_FIFO;
	}
	is_dir = type == DT_DIR;
	if (w->always.nr && tg_ignore_frame_match(&w->always, path, len, is_dir) == 1) {
		tg_debug("walk: excluded %s%s", path, is_dir ? "/" : "");
		return 0;
	}
	if (!w->o->no_ignore && tg_ignore_chain_match(frame, path, len, is_dir) == 1) {
		tg_debug("walk: ignored %s%s", path, is_dir ? "/" : "");
		return 0;
	}
	switch (type) {
	case DT_REG:
		return 1;
	case DT_DIR:
		if (w->o->skip_generated && (why = tg_walk_vendored_dir(name))) {
			tg_walk_skip(w, path, "/", TG_SKIP_VENDORED, why);
			return 0;
		}
		return 2;
	case DT_LNK:
		skip_symlink(w, dirfd, name, path);
		return 0;
	default:
		tg_walk_skip(w, path, NULL, TG_SKIP_SPECIAL, "not a regular file");
		return 0;
	}
}

static struct tg_walk_job *new_batch(struct tg_walk_dir *dir)
{
	struct tg_walk_job *j = tg_calloc(1, sizeof(*j));

	j->dir = dir;
	atomic_fetch_add(&dir->refs, 1);
	return j;
}

/* Pushes the subdirectories, then batches of files; reads the first batch here. */
static void dispatch(struct tg_walk_worker *wk, struct tg_walk_job *job, int fd,
                     struct tg_walk_job *dirs, struct tg_walk_job *dirs_last, size_t ndirs,
                     struct tg_buf *files, size_t nfiles)
{
	struct tg_walk *w = wk->w;
	struct tg_walk_dir *dir;
	struct tg_walk_job *first = NULL, *last = NULL;
	size_t i, nbatches = 0, first_nr;
	const char *p = files->buf;

	if (ndirs)
		tg_walk_push(w, dirs, dirs_last, ndirs);
	if (!nfiles) {
		close(fd);
		return;
	}
	dir = tg_calloc(1, sizeof(*dir));
	dir->fd = fd;
	atomic_init(&dir->refs, 1);
	dir->path = job->path;
	dir->pathlen = job->pathlen;
	job->path = NULL;
	first_nr = nfiles < (size_t)w->batch ? nfiles : (size_t)w->batch;
	for (i = 0; i < first_nr; i++)
		p += strlen(p) + 1;
	for (i = first_nr; i < nfiles;) {
		struct tg_walk_job *j = new_batch(dir);
		size_t k, off = (size_t)(p - files->buf);

		for (k = 0; k < (size_t)w->batch && i < nfiles; k++, i++)
			p += strlen(p) + 1;
		j->names = tg_malloc((size_t)(p - files->buf) - off);
		memcpy(j->names, files->buf + off, (size_t)(p - files->buf) - off);
		j->nr = k;
		if (last)
			last->next = j;
		else
			first = j;
		last = j;
		nbatches++;
	}
	if (nbatches)
		tg_walk_push(w, first, last, nbatches);
	tg_walk_scan_batch(wk, dir, files->buf, first_nr);
	tg_walk_dir_release(dir);
}

void tg_walk_scan_dir(struct tg_walk_worker *wk, struct tg_walk_job *job)
{
	struct tg_walk *w = wk->w;
	const struct tg_ignore_frame *frame = job->frame;
	struct tg_walk_job *dirs = NULL, *dirs_last = NULL;
	struct tg_buf files = TG_BUF_INIT;
	size_t i, ndirs = 0, nfiles = 0;
	int has_ignore, fd = list_dir(wk, job, &has_ignore);

	if (fd < 0)
		return;
	wk->dirs++;
	if (has_ignore && !w->o->no_ignore)
		frame = dir_frame(wk, job, fd);
	for (i = 0; i < wk->ents_nr; i++) {
		const char *name = wk->names.buf + wk->offs[i];
		int kind;

		tg_buf_setlen(&wk->path, 0);
		tg_buf_add(&wk->path, job->path, job->pathlen);
		tg_buf_adds(&wk->path, name);
		kind = classify(wk, fd, frame, name, wk->types[i]);
		if (kind == 1) {
			tg_buf_add(&files, name, strlen(name) + 1);
			nfiles++;
		} else if (kind == 2) {
			struct tg_walk_job *j = tg_calloc(1, sizeof(*j));

			tg_buf_addch(&wk->path, '/');
			j->pathlen = wk->path.len;
			j->path = tg_strndup(wk->path.buf, wk->path.len);
			j->frame = frame;
			j->next = dirs;
			dirs = j;
			if (!dirs_last)
				dirs_last = j;
			ndirs++;
		}
	}
	dispatch(wk, job, fd, dirs, dirs_last, ndirs, &files, nfiles);
	tg_buf_release(&files);
}
