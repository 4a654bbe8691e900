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

static void hash_untracked(const char *root, const struct tg_buf *list, struct tg_hasher *h)
{
	struct tg_buf path = TG_BUF_INIT, data = TG_BUF_INIT;
	const char *p = list->buf, *end = list->buf + list->len;

	while (p < end) {
		size_t n = strlen(p);
		tg_buf_reset(&path);
		tg_buf_addf(&path, "%s/%s", root, p);
		tg_buf_reset(&data);
		if (!tg_buf_read_file(&data, path.buf))
			tg_hasher_add(h, data.buf, data.len);
		tg_hasher_adds(h, p);
		p += n + 1;
	}
	tg_buf_release(&path);
	tg_buf_release(&data);
}

/* The store lives in the tree and changes as we record: not the user's state. */
#define NOT_STORE ":(exclude).terragon"

int tree_state(const char *root, uint64_t *out)
{
	static const char *const reads[][7] = {
	        {"symbolic-ref", "-q", "HEAD", NULL},
	        {"rev-parse", "-q", "--verify", "HEAD", NULL},
	        {"status", "--porcelain=v1", "-z", "--untracked-files=all", ".", NOT_STORE},
	        {"diff", "--binary", NULL},
	        {"diff", "--cached", "--binary", NULL},
	        {"config", "--local", "--list", NULL},
	};
	struct tg_buf b = TG_BUF_INIT;
	struct tg_hasher h;
	size_t i;

	tg_hasher_init(&h);
	for (i = 0; i < sizeof(reads) / sizeof(reads[0]); i++) {
		const char **r = (const char **)reads[i];
		tg_buf_reset(&b);
		xgit(root, &b, NULL, r[0], r[1], r[2], r[3], r[4], r[5], NULL);
		tg_hasher_add(&h, b.buf, b.len);
		tg_hasher_adds(&h, "");
		tg_debug("tree state: git %s: %zu bytes, %016llx", r[0], b.len,
		         (unsigned long long)tg_hash64(b.buf, b.len));
	}
	tg_buf_reset(&b);
	xgit(root, &b, NULL, "ls-files", "-z", "-o", "--exclude-standard", "--", ".", NOT_STORE,
	     NULL);
	hash_untracked(root, &b, &h);
	*out = tg_hasher_finish(&h);
	tg_buf_release(&b);
	return 0;
}
