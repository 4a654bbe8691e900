/*
 * Paths named by repository content, opened beneath the repository root with
 * no symbolic link followed (beneath.h says why). A path is first checked and
 * normalised by its text alone ("a//./b" is "a/b"; "..", absolute and empty
 * paths are refused), then opened by openat2 or, without it, by the walk.
 * Both report refusals with the same messages: where openat2 only says ELOOP,
 * the walk's lstat of each component names the link.
 */
#include "util/beneath.h"

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(SYS_openat2) && __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#define HAVE_OPENAT2 1
#endif

/* Set once openat2 is known to be missing (ENOSYS), or by a test. */
static atomic_int no_openat2, walk_forced;

/* What openat2 leaves to the walk: it is missing or refused by seccomp. */
#define FALL_BACK 1

void tg_beneath_force_walk(int on)
{
	atomic_store(&walk_forced, on);
}

/* A path checked and normalised, and the root opened (O_PATH). */
struct target {
	const char *shown; /* the path as the caller gave it, for messages */
	char *path;        /* normalised: components joined by one '/'; "." for the root */
	size_t whole;      /* the length of the path asked for (path may be its parent) */
	int rootfd;
};

static int sys_error(const char *shown, int err)
{
	return tg_error_set(err == ENOENT ? TG_ERR_NOTFOUND : TG_ERR_RUN, "%s: %s", shown,
	                    strerror(err));
}

static int escapes(const char *shown, const char *why)
{
	return tg_error_set(TG_ERR_INPUT, "%s: escapes the repository (%s)", shown, why);
}

static int normalise(struct target *t, const char *path)
{
	struct tg_buf b = TG_BUF_INIT;
	const char *p = path;

	if (!*path)
		return tg_error_set(TG_ERR_INPUT, "an empty path names no file in the repository");
	if (*path == '/')
		return escapes(path, "an absolute path");
	while (*p) {
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			tg_buf_release(&b);
			return escapes(path, "a \"..\" component");
		}
		if (n && !(n == 1 && p[0] == '.')) {
			if (b.len)
				tg_buf_addch(&b, '/');
			tg_buf_add(&b, p, n);
		}
		p += n;
		while (*p == '/')
			p++;
	}
	if (!b.len)
		tg_buf_addch(&b, '.');
	t->path = tg_buf_detach(&b, &t->whole);
	return TG_OK;
}

static int target_init(struct target *t, const char *root, const char *path)
{
	int rc;

	t->shown = path;
	t->path = NULL;
	t->rootfd = -1;
	if ((rc = normalise(t, path)))
		return rc;
	/* The root is the user's choice (or found from it): followed if a link. */
	t->rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (t->rootfd < 0) {
		rc = sys_error(root, errno);
		free(t->path);
		t->path = NULL;
	}
	return rc;
}

static void target_release(struct target *t)
{
	if (t->rootfd >= 0)
		close(t->rootfd);
	free(t->path);
	t->path = NULL;
	t->rootfd = -1;
}

/*
 * Why opening `name` in dirfd failed with err, where name ends t->path at
 * `end` bytes: a symbolic link or a non-directory on the way gets its own
 * message, anything else strerror.
 */
static int component_error(const struct target *t, int dirfd, const char *name, size_t end, int err)
{
	struct stat st;

	if ((err == ELOOP || err == ENOTDIR || err == EEXIST) &&
	    !fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW)) {
		if (S_ISLNK(st.st_mode) && end >= t->whole)
			return tg_error_set(TG_ERR_INPUT, "%s: refusing symbolic link", t->shown);
		if (S_ISLNK(st.st_mode))
			return tg_error_set(TG_ERR_INPUT, "%s: refusing symbolic link %.*s",
			                    t->shown, (int)end, t->path);
		if (!S_ISDIR(st.st_mode) && end < t->whole)
			return tg_error_set(TG_ERR_RUN, "%s: %.*s is not a directory", t->shown,
			                    (int)end, t->path);
	}
	return sys_error(t->shown, err);
}

/*
 * Opens every directory of t->path but the last component, one at a time
 * with O_NOFOLLOW; *dirfd (the caller's to close) is the last one's parent
 * and *last the offset of the last component in t->path.
 */
static int walk_dirs(const struct target *t, int *dirfd, size_t *last)
{
	int cur = fcntl(t->rootfd, F_DUPFD_CLOEXEC, 0);
	const char *p = t->path, *slash;
	char *name;

	if (cur < 0)
		return sys_error(t->shown, errno);
	while ((slash = strchr(p, '/'))) {
		int next;

		name = tg_strndup(p, (size_t)(slash - p));
		next = openat(cur, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0) {
			int rc = component_error(t, cur, name, (size_t)(slash - t->path), errno);
			free(name);
			close(cur);
			return rc;
		}
		free(name);
		close(cur);
		cur = next;
		p = slash + 1;
	}
	*dirfd = cur;
	*last = (size_t)(p - t->path);
	return TG_OK;
}

static int walk_open(const struct target *t, int flags, mode_t mode, int *fd)
{
	size_t last;
	int dirfd, rc = walk_dirs(t, &dirfd, &last);

	if (rc)
		return rc;
	*fd = openat(dirfd, t->path + last, flags | O_NOFOLLOW | O_CLOEXEC, mode);
	if (*fd < 0)
		rc = component_error(t, dirfd, t->path + last, strlen(t->path), errno);
	close(dirfd);
	return rc;
}

/* ELOOP or ENOTDIR from openat2 names no component: the walk's lstat of each does. */
static int diagnose(const struct target *t, int err)
{
	size_t last;
	int dirfd, rc = walk_dirs(t, &dirfd, &last);

	if (rc)
		return rc;
	rc = component_error(t, dirfd, t->path + last, strlen(t->path), err);
	close(dirfd);
	return rc;
}

#ifdef HAVE_OPENAT2
static int try_openat2(const struct target *t, int flags, mode_t mode, int *fd)
{
	struct open_how how;
	long r = -1;
	int tries;

	memset(&how, 0, sizeof(how));
	how.flags = (unsigned long long)(flags | O_CLOEXEC);
	/* openat2 refuses a mode that nothing would be created with. */
	if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE)
		how.mode = mode;
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
	/* EAGAIN: a rename or mount raced the lookup; the kernel asks for a retry. */
	for (tries = 0; tries < 8; tries++) {
		r = syscall(SYS_openat2, t->rootfd, t->path, &how, sizeof(how));
		if (r >= 0 || (errno != EAGAIN && errno != EINTR))
			break;
	}
	if (r >= 0) {
		*fd = (int)r;
		return TG_OK;
	}
	switch (errno) {
	case ENOSYS:
		atomic_store(&no_openat2, 1);
		return FALL_BACK;
	case EPERM:  /* a seccomp filter's answer; a real EPERM the walk reports itself */
	case EAGAIN: /* still racing: the walk holds each directory it passes */
		return FALL_BACK;
	case ELOOP:
	case ENOTDIR:
		return diagnose(t, errno);
	case EXDEV:
		return escapes(t->shown, "through a mount or a magic link");
	default:
		return sys_error(t->shown, errno);
	}
}
#endif

static int target_open(const struct target *t, int flags, mode_t mode, int *fd)
{
	*fd = -1;
#ifdef HAVE_OPENAT2
	if (!atomic_load(&walk_forced) && !atomic_load(&no_openat2)) {
		int rc = try_openat2(t, flags, mode, fd);
		if (rc != FALL_BACK)
			return rc;
	}
#endif
	return walk_open(t, flags, mode, fd);
}

int tg_beneath_open(const char *root, const char *path, int flags, mode_t mode, int *fd)
{
	struct target t;
	int rc = target_init(&t, root, path);

	*fd = -1;
	if (!rc)
		rc = target_open(&t, flags, mode, fd);
	target_release(&t);
	return rc;
}

int tg_beneath_open_file(const char *root, const char *path, int *fd, struct stat *st)
{
	/* O_NONBLOCK: opening a FIFO for reading would wait for a writer. */
	int rc = tg_beneath_open(root, path, O_RDONLY | O_NONBLOCK | O_NOCTTY, 0, fd);

	if (rc)
		return rc;
	if (fstat(*fd, st))
		rc = sys_error(path, errno);
	else if (!S_ISREG(st->st_mode))
		rc = tg_error_set(TG_ERR_INPUT, "%s: not a regular file", path);
	if (rc) {
		close(*fd);
		*fd = -1;
	}
	return rc;
}

int tg_beneath_read_file(struct tg_buf *b, const char *root, const char *path)
{
	struct stat st;
	int fd, rc = tg_beneath_open_file(root, path, &fd, &st);

	if (rc)
		return rc;
	rc = tg_buf_read_fd(b, fd, path);
	close(fd);
	return rc;
}

/* The parent directory of t->path (O_PATH, beneath the root) and the name in it. */
static int open_parent(const struct target *t, int *dirfd, const char **name)
{
	const char *slash = strrchr(t->path, '/');
	struct target parent = *t;
	int rc;

	*name = slash ? slash + 1 : t->path;
	if (!slash) {
		*dirfd = fcntl(t->rootfd, F_DUPFD_CLOEXEC, 0);
		return *dirfd < 0 ? sys_error(t->shown, errno) : TG_OK;
	}
	parent.path = tg_strndup(t->path, (size_t)(slash - t->path));
	rc = target_open(&parent, O_PATH | O_DIRECTORY, 0, dirfd);
	free(parent.path);
	return rc;
}

/* Creates the temporary beside name in dirfd; a stale one of a killed run goes. */
static int create_temp(int dirfd, const char *tmp, const char *shown, int *fd)
{
	*fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (*fd < 0 && errno == EEXIST && !unlinkat(dirfd, tmp, 0))
		*fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		             0644);
	return *fd < 0 ? sys_error(shown, errno) : TG_OK;
}

static int write_in(const struct tg_buf *b, const struct target *t, int dirfd, const char *name)
{
	struct tg_buf tmp = TG_BUF_INIT;
	struct stat st;
	int fd, keep_mode = 0, rc;

	if (!fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW)) {
		if (S_ISLNK(st.st_mode))
			return tg_error_set(TG_ERR_INPUT, "%s: refusing symbolic link", t->shown);
		if (!S_ISREG(st.st_mode))
			return tg_error_set(TG_ERR_INPUT, "%s: not a regular file", t->shown);
		keep_mode = 1;
	} else if (errno != ENOENT) {
		return sys_error(t->shown, errno);
	}
	tg_buf_addf(&tmp, "%s.tmp.%ld", name, (long)getpid());
	if ((rc = create_temp(dirfd, tmp.buf, t->shown, &fd))) {
		tg_buf_release(&tmp);
		return rc;
	}
	if (keep_mode && fchmod(fd, st.st_mode & 07777))
		rc = sys_error(t->shown, errno);
	if (!rc)
		rc = tg_buf_write_fd(b, fd, t->shown);
	if (close(fd) && !rc)
		rc = sys_error(t->shown, errno);
	/* renameat replaces what is at name, never what a link there points to. */
	if (!rc && renameat(dirfd, tmp.buf, dirfd, name))
		rc = sys_error(t->shown, errno);
	if (rc)
		unlinkat(dirfd, tmp.buf, 0);
	tg_buf_release(&tmp);
	return rc;
}

int tg_beneath_write_file(const struct tg_buf *b, const char *root, const char *path)
{
	struct target t;
	const char *name;
	int dirfd, rc = target_init(&t, root, path);

	if (!rc && !strcmp(t.path, "."))
		rc = tg_error_set(TG_ERR_INPUT, "%s: is the repository's root, not a file", path);
	if (!rc && !(rc = open_parent(&t, &dirfd, &name))) {
		rc = write_in(b, &t, dirfd, name);
		close(dirfd);
	}
	target_release(&t);
	return rc;
}

int tg_beneath_mkdir(const char *root, const char *path, mode_t mode)
{
	struct target t;
	int rc = target_init(&t, root, path), cur;
	const char *p;

	if (rc)
		return rc;
	cur = fcntl(t.rootfd, F_DUPFD_CLOEXEC, 0);
	if (cur < 0)
		rc = sys_error(path, errno);
	/* One component at a time: mkdirat never follows a link at its last
	 * component, and the open after it refuses one that was already there. */
	for (p = t.path; !rc && strcmp(t.path, ".");) {
		size_t n = strcspn(p, "/"), end = (size_t)(p - t.path) + n;
		char *name = tg_strndup(p, n);
		int next = -1;

		if (mkdirat(cur, name, mode) && errno != EEXIST)
			rc = sys_error(path, errno);
		else if ((next = openat(cur, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) <
		         0)
			rc = component_error(&t, cur, name, end, errno);
		free(name);
		if (rc)
			break;
		close(cur);
		cur = next;
		if (!p[n])
			break;
		p += n + 1;
	}
	if (cur >= 0)
		close(cur);
	target_release(&t);
	return rc;
}

int tg_beneath_create(const char *root, const char *path)
{
	const char *slash = strrchr(path, '/');
	struct stat st;
	int fd, rc = TG_OK;

	if (slash) {
		char *dir = tg_strndup(path, (size_t)(slash - path));
		rc = tg_beneath_mkdir(root, dir, 0777);
		free(dir);
	}
	/* O_NONBLOCK: a FIFO with no reader fails (ENXIO) instead of waiting. */
	if (!rc)
		rc = tg_beneath_open(root, path, O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK, 0644,
		                     &fd);
	if (rc)
		return rc;
	if (fstat(fd, &st))
		rc = sys_error(path, errno);
	else if (!S_ISREG(st.st_mode))
		rc = tg_error_set(TG_ERR_INPUT, "%s: not a regular file", path);
	close(fd);
	return rc;
}

int tg_beneath_lstat(const char *root, const char *path, struct stat *st)
{
	struct target t;
	const char *name;
	int dirfd, rc = target_init(&t, root, path);

	if (!rc && !(rc = open_parent(&t, &dirfd, &name))) {
		if (fstatat(dirfd, name, st, AT_SYMLINK_NOFOLLOW))
			rc = sys_error(path, errno);
		else if (S_ISLNK(st->st_mode))
			rc = tg_error_set(TG_ERR_INPUT, "%s: refusing symbolic link", path);
		close(dirfd);
	}
	target_release(&t);
	return rc;
}

int tg_beneath_regular(const char *root, const char *path)
{
	struct stat st;
	int rc = tg_beneath_lstat(root, path, &st);

	if (!rc && !S_ISREG(st.st_mode))
		rc = tg_error_set(TG_ERR_INPUT, "%s: not a regular file", path);
	return rc;
}
