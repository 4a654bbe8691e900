/*
 * Every git write goes through the git command line, so the user's hooks,
 * credential helpers, signing and LFS behave as configured.
 */
#include "execute/internal.h"

#include "util/alloc.h"
#include "util/hash.h"
#include "util/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

enum { MAX_ARGS = 32 };

static void read_all(int fd, struct tg_buf *out)
{
	char chunk[8192];
	ssize_t n;

	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		if (out)
			tg_buf_add(out, chunk, (size_t)n);
	}
}

static int spawn(const char *dir, const char **argv, struct tg_buf *out, struct tg_buf *err)
{
	char errpath[] = "/tmp/terragon-git-XXXXXX";
	int pipefd[2], efd = mkstemp(errpath), status = 0;
	pid_t pid;

	if (efd < 0)
		return -1;
	unlink(errpath);
	if (pipe(pipefd)) {
		close(efd);
		return -1;
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int in = open("/dev/null", O_RDONLY);
		dup2(in, 0);
		dup2(pipefd[1], 1);
		dup2(efd, 2);
		close(pipefd[0]);
		if (chdir(dir) == 0)
			execvp("git", (char *const *)argv);
		_exit(127);
	}
	close(pipefd[1]);
	if (pid > 0)
		read_all(pipefd[0], out);
	close(pipefd[0]);
	if (pid < 0 || waitpid(pid, &status, 0) < 0) {
		close(efd);
		return -1;
	}
	lseek(efd, 0, SEEK_SET);
	read_all(efd, err);
	close(efd);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int xgit(const char *dir, struct tg_buf *out, struct tg_buf *err, ...)
{
	const char *argv[MAX_ARGS + 4];
	size_t n = 0;
	va_list ap;
	const char *a;

	/* No optional locks: our reads must not refresh the user's index. */
	argv[n++] = "git";
	argv[n++] = "--no-optional-locks";
	va_start(ap, err);
	while ((a = va_arg(ap, const char *)) && n < MAX_ARGS)
		argv[n++] = a;
	va_end(ap);
	argv[n] = NULL;
	return spawn(dir, argv, out, err);
}

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
int tree_state(const char *root, uint64_t *out)
{
	struct tg_buf b = TG_BUF_INIT, tmp = TG_BUF_INIT, data = TG_BUF_INIT;
	struct tg_hasher h;
	const char *p, *end, *path;

	tg_hasher_init(&h);
	xgit(root, &b, NULL, "status", "--porcelain=v2", "-z", "--branch", "--no-ahead-behind",
	     "--untracked-files=all", "--", ".", NOT_STORE, NULL);
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
	xgit(root, &b, NULL, "config", "--local", "--list", NULL);
	tg_hasher_add(&h, b.buf, b.len);
	*out = tg_hasher_finish(&h);
	tg_buf_release(&b);
	tg_buf_release(&tmp);
	tg_buf_release(&data);
	return 0;
}
