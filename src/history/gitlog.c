#include "history/gitlog.h"

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/*
 * How git runs for terragon, through its environment (so every git process
 * gets it, and a user's own settings of the same names win):
 * - glibc's malloc hands memory back to the kernel after each diff and takes
 *   it again for the next (brk up and down, page faults): on `git log
 *   --numstat` that is a third of git's time. A larger top pad and trim
 *   threshold keep the pages; peak resident memory stays the same.
 * - git keeps up to 96 MB of inflated delta bases and maps whole packs: with
 *   two git log processes on a 100,000-commit history that was over 1 GB
 *   resident. 16 MB of delta bases costs no measurable time on long delta
 *   chains (4 MB does); smaller pack windows bound the mapped pages.
 */
static const char *const git_env_add[] = {
        "GLIBC_TUNABLES=glibc.malloc.top_pad=33554432:glibc.malloc.trim_threshold=134217728",
        "GIT_CONFIG_COUNT=3",
        "GIT_CONFIG_KEY_0=core.deltaBaseCacheLimit",
        "GIT_CONFIG_VALUE_0=16m",
        "GIT_CONFIG_KEY_1=core.packedGitWindowSize",
        "GIT_CONFIG_VALUE_1=16m",
        "GIT_CONFIG_KEY_2=core.packedGitLimit",
        "GIT_CONFIG_VALUE_2=64m",
};

static char **git_env;
static pthread_once_t git_env_once = PTHREAD_ONCE_INIT;

/*
 * 1 when environ already sets the entry's variable (NAME=...); for the
 * GIT_CONFIG_KEY/VALUE pairs, when it has its own GIT_CONFIG_COUNT.
 */
static int env_has(const char *entry)
{
	size_t n = strcspn(entry, "=") + 1;
	size_t i;

	if (!strncmp(entry, "GIT_CONFIG_KEY_", 15) || !strncmp(entry, "GIT_CONFIG_VALUE_", 17)) {
		entry = "GIT_CONFIG_COUNT=";
		n = 17;
	}
	for (i = 0; environ[i]; i++)
		if (!strncmp(environ[i], entry, n))
			return 1;
	return 0;
}

static void git_env_build(void)
{
	size_t n = 0, i, k = 0;
	size_t extra = sizeof(git_env_add) / sizeof(git_env_add[0]);

	while (environ[n])
		n++;
	git_env = tg_calloc(n + extra + 1, sizeof(*git_env));
	for (i = 0; i < n; i++)
		git_env[k++] = environ[i];
	for (i = 0; i < extra; i++)
		if (!env_has(git_env_add[i]))
			git_env[k++] = (char *)git_env_add[i];
}

char **tg_git_environ(void)
{
	pthread_once(&git_env_once, git_env_build);
	return git_env;
}

enum { S_NONE, S_HDR1, S_HDR2, S_HDR3, S_HDR4, S_NUM, S_OLD, S_NEW };

void tg_gitlog_init(struct tg_gitlog_parser *p, tg_gitlog_fn fn, void *data)
{
	memset(p, 0, sizeof(*p));
	p->fn = fn;
	p->data = data;
	p->state = S_NONE;
}

void tg_gitlog_release(struct tg_gitlog_parser *p)
{
	free(p->tok);
	free(p->arena);
	free(p->ch);
	free(p->out);
	memset(p, 0, sizeof(*p));
}

static size_t arena_add(struct tg_gitlog_parser *p, const char *s, size_t n)
{
	size_t at = p->arena_len;

	TG_ALLOC_GROW(p->arena, p->arena_len + n + 1, p->arena_alloc);
	memcpy(p->arena + at, s, n);
	p->arena[at + n] = '\0';
	p->arena_len += n + 1;
	return at;
}

static int emit(struct tg_gitlog_parser *p)
{
	struct tg_gitlog_commit c;
	const char *par;
	size_t i;
	int rc;

	if (!p->in_commit)
		return TG_OK;
	TG_ALLOC_GROW(p->out, p->ch_nr, p->out_alloc);
	for (i = 0; i < p->ch_nr; i++) {
		p->out[i].path = p->arena + p->ch[i].path;
		p->out[i].old_path = p->ch[i].old_path ? p->arena + p->ch[i].old_path : NULL;
		p->out[i].added = p->ch[i].added;
		p->out[i].deleted = p->ch[i].deleted;
	}
	c.hash = p->arena + p->hdr[0];
	c.time = strtoll(p->arena + p->hdr[1], NULL, 10);
	c.author = p->arena + p->hdr[2];
	c.email = p->arena + p->hdr[3];
	c.parents = 0;
	for (par = p->arena + p->hdr[4]; *par;) {
		c.parents++;
		par += strcspn(par, " ");
		par += strspn(par, " ");
	}
	c.changes = p->out;
	c.changes_nr = p->ch_nr;
	p->commits++;
	rc = p->fn(&c, p->data);
	p->in_commit = 0;
	p->arena_len = 0;
	p->ch_nr = 0;
	return rc;
}

/* "12" or "-" (binary) into *v; returns the rest after the tab, or NULL. */
static const char *parse_count(const char *s, long *v)
{
	char *end;

	if (*s == '-' && s[1] == '\t') {
		*v = -1;
		return s + 2;
	}
	if (*s < '0' || *s > '9')
		return NULL;
	errno = 0;
	*v = strtol(s, &end, 10);
	if (errno || *end != '\t')
		return NULL;
	return end + 1;
}

static int start_commit(struct tg_gitlog_parser *p, const char *t, size_t n)
{
	int rc = emit(p);

	if (rc)
		return rc;
	p->in_commit = 1;
	p->hdr[0] = arena_add(p, t + 1, n - 1);
	p->state = S_HDR1;
	return TG_OK;
}

static int bad(struct tg_gitlog_parser *p, const char *what)
{
	return tg_error_set(TG_ERR_INPUT, "git log output: byte %lld: %s", p->offset, what);
}

static int numstat(struct tg_gitlog_parser *p, const char *t, size_t n)
{
	long a, d;
	const char *rest;

	while (n && *t == '\n') {
		t++;
		n--;
	}
	if (!n)
		return TG_OK;
	if (!p->in_commit)
		return bad(p, "change before any commit header");
	rest = parse_count(t, &a);
	if (rest)
		rest = parse_count(rest, &d);
	if (!rest || rest > t + n)
		return bad(p, "expected 'added<TAB>deleted<TAB>path'");
	TG_ALLOC_GROW(p->ch, p->ch_nr + 1, p->ch_alloc);
	p->ch[p->ch_nr].added = a;
	p->ch[p->ch_nr].deleted = d;
	p->ch[p->ch_nr].old_path = 0;
	if (rest == t + n) {
		p->state = S_OLD; /* a rename: old and new path follow as tokens */
		return TG_OK;
	}
	p->ch[p->ch_nr].path = arena_add(p, rest, (size_t)(t + n - rest));
	p->ch_nr++;
	return TG_OK;
}

static int token(struct tg_gitlog_parser *p, const char *t, size_t n)
{
	switch (p->state) {
	case S_NONE:
	case S_NUM:
		if (n && t[0] == '\x01')
			return start_commit(p, t, n);
		if (p->state == S_NONE) {
			while (n && *t == '\n')
				t++, n--;
			return n ? bad(p, "expected a commit header") : TG_OK;
		}
		return numstat(p, t, n);
	case S_HDR1:
	case S_HDR2:
	case S_HDR3:
	case S_HDR4:
		p->hdr[p->state - S_HDR1 + 1] = arena_add(p, t, n);
		p->state = p->state == S_HDR4 ? S_NUM : p->state + 1;
		return TG_OK;
	case S_OLD:
		p->ch[p->ch_nr].old_path = arena_add(p, t, n);
		p->state = S_NEW;
		return TG_OK;
	case S_NEW:
		p->ch[p->ch_nr].path = arena_add(p, t, n);
		p->ch_nr++;
		p->state = S_NUM;
		return TG_OK;
	}
	return bad(p, "parser state");
}

int tg_gitlog_feed(struct tg_gitlog_parser *p, const char *buf, size_t len)
{
	while (len) {
		const char *z = memchr(buf, '\0', len);
		size_t n = z ? (size_t)(z - buf) : len;
		int rc;

		if (!z) {
			TG_ALLOC_GROW(p->tok, p->tok_len + n, p->tok_alloc);
			memcpy(p->tok + p->tok_len, buf, n);
			p->tok_len += n;
			p->offset += (long long)n;
			return TG_OK;
		}
		if (p->tok_len) {
			/* NUL-terminated like a token read in place, for strtol. */
			TG_ALLOC_GROW(p->tok, p->tok_len + n + 1, p->tok_alloc);
			memcpy(p->tok + p->tok_len, buf, n);
			p->tok_len += n;
			p->tok[p->tok_len] = '\0';
			rc = token(p, p->tok, p->tok_len);
			p->tok_len = 0;
		} else {
			rc = token(p, buf, n);
		}
		if (rc)
			return rc;
		p->offset += (long long)n + 1;
		buf += n + 1;
		len -= n + 1;
	}
	return TG_OK;
}

int tg_gitlog_finish(struct tg_gitlog_parser *p)
{
	int rc;

	if (p->tok_len) {
		/* The last token may lack its NUL (a trailing newline, say). */
		TG_ALLOC_GROW(p->tok, p->tok_len + 1, p->tok_alloc);
		p->tok[p->tok_len] = '\0';
		rc = token(p, p->tok, p->tok_len);
		p->tok_len = 0;
		if (rc)
			return rc;
	}
	if (p->state != S_NUM && p->state != S_NONE)
		return bad(p, "the stream ended inside a commit");
	return emit(p);
}

static int spawn_git(const char *repo, const char *const *args, int out_fd, int err_fd, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	const char **argv;
	size_t n = 0, i;
	int rc;

	while (args[n])
		n++;
	argv = tg_calloc(n + 6, sizeof(*argv));
	argv[0] = "git";
	argv[1] = "-C";
	argv[2] = repo;
	argv[3] = "-c";
	argv[4] = "core.quotepath=off";
	for (i = 0; i < n; i++)
		argv[5 + i] = args[i];
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
	if (err_fd >= 0)
		posix_spawn_file_actions_adddup2(&fa, err_fd, 2);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	rc = posix_spawnp(pid, "git", &fa, NULL, (char *const *)argv, tg_git_environ());
	posix_spawn_file_actions_destroy(&fa);
	free(argv);
	if (rc)
		return tg_error_set(TG_ERR_RUN, "cannot run git: %s", strerror(rc));
	return TG_OK;
}

static int wait_git(pid_t pid, FILE *err, const char *what)
{
	int status;
	char line[512] = "";

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return tg_error_set(TG_ERR_RUN, "git %s: waitpid: %s", what,
			                    strerror(errno));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return TG_OK;
	if (err) {
		rewind(err);
		if (!fgets(line, sizeof(line), err))
			line[0] = '\0';
		line[strcspn(line, "\n")] = '\0';
	}
	return tg_error_set(TG_ERR_RUN, "git %s failed: %s", what, line[0] ? line : "(no message)");
}

int tg_gitlog_run(const char *repo, const char *const *args, struct tg_gitlog_parser *p)
{
	int fds[2], rc, rc2;
	pid_t pid;
	FILE *err = tmpfile();
	char *buf;
	ssize_t n;

	if (pipe2(fds, O_CLOEXEC) < 0) {
		if (err)
			fclose(err);
		return tg_error_set(TG_ERR_RUN, "pipe: %s", strerror(errno));
	}
	rc = spawn_git(repo, args, fds[1], err ? fileno(err) : -1, &pid);
	close(fds[1]);
	if (rc) {
		close(fds[0]);
		if (err)
			fclose(err);
		return rc;
	}
	buf = tg_malloc(1 << 16);
	while ((n = read(fds[0], buf, 1 << 16)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = tg_error_set(TG_ERR_RUN, "reading git log: %s", strerror(errno));
			break;
		}
		if (rc == TG_OK)
			rc = tg_gitlog_feed(p, buf, (size_t)n);
		/* After a parse error keep draining so git is not killed by SIGPIPE mid-write. */
	}
	free(buf);
	close(fds[0]);
	rc2 = wait_git(pid, err, args[0]);
	if (err)
		fclose(err);
	if (rc == TG_OK)
		rc = rc2;
	if (rc == TG_OK)
		rc = tg_gitlog_finish(p);
	return rc;
}

int tg_git_capture(const char *repo, const char *const *args, struct tg_buf *out)
{
	int fds[2], status, rc;
	pid_t pid;
	char buf[4096];
	ssize_t n;
	int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);

	if (pipe2(fds, O_CLOEXEC) < 0) {
		close(devnull);
		return tg_error_set(TG_ERR_RUN, "pipe: %s", strerror(errno));
	}
	rc = spawn_git(repo, args, fds[1], devnull, &pid);
	close(fds[1]);
	close(devnull);
	if (rc) {
		close(fds[0]);
		return rc;
	}
	while ((n = read(fds[0], buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		tg_buf_add(out, buf, (size_t)n);
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return tg_error_set(TG_ERR_RUN, "git: waitpid: %s", strerror(errno));
	while (out->len && out->buf[out->len - 1] == '\n')
		tg_buf_setlen(out, out->len - 1);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}
