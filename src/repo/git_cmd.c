/*
 * The git command line, for what must behave as the user's git does: every
 * write (hooks, credential helpers, signing, LFS), and reads whose answer
 * depends on the user's git configuration (url.*.insteadOf).
 */
#include "repo/repo.h"

#include "util/buf.h"
#include "util/error.h"

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

int tg_repo_git(const char *dir, struct tg_buf *out, struct tg_buf *err, ...)
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

int tg_repo_remote_url(const char *root, const char *name, char **url)
{
	struct tg_buf out = TG_BUF_INIT;

	*url = NULL;
	if (tg_repo_git(root, &out, NULL, "remote", "get-url", name, NULL) || !out.len) {
		tg_buf_release(&out);
		return tg_error_set(TG_ERR_NOTFOUND, "%s: no remote %s", root, name);
	}
	tg_buf_trim(&out);
	*url = tg_buf_detach(&out, NULL);
	return TG_OK;
}
