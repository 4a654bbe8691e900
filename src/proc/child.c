/*
 * Starting, feeding and waiting for a child process (proc/proc.h).
 *
 * The child is started with posix_spawn: glibc clones without copying our
 * page tables and the child execs at once, which keeps `git log` and the
 * many short git commands cheap from a process holding a large history.
 * An end is waited for with waitid(WNOWAIT) first, so that the child stays
 * a zombie while what it left in its process group is killed: its process
 * group id cannot be reused for another process meanwhile.
 */
#include "proc/proc.h"

#include "util/alloc.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

void tg_child_init(struct tg_child *c, const char *const *argv)
{
	memset(c, 0, sizeof(*c));
	c->argv = argv;
	c->in.fd = c->out.fd = c->err.fd = -1;
	c->pidfd = -1;
	c->exit_code = -1;
}

static const char *child_name(const struct tg_child *c)
{
	return c->name ? c->name : c->argv[0];
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static size_t name_len(const char *entry)
{
	return strcspn(entry, "=");
}

static int same_name(const char *a, const char *b)
{
	size_t n = name_len(a);

	return n == name_len(b) && !strncmp(a, b, n);
}

/* Our environment (or none) with c->env applied; environ itself when nothing changes. */
static char **env_build(const struct tg_child *c)
{
	char **base = c->env_clear ? NULL : environ, **envp;
	size_t nb = 0, na = 0, n = 0, i, j;

	if (!c->env && !c->env_clear)
		return environ;
	while (base && base[nb])
		nb++;
	while (c->env && c->env[na])
		na++;
	envp = tg_calloc(nb + na + 1, sizeof(*envp));
	for (i = 0; i < nb; i++) {
		for (j = 0; j < na && !same_name(base[i], c->env[j]); j++)
			;
		if (j == na)
			envp[n++] = base[i];
	}
	for (j = 0; j < na; j++)
		if (c->env[j][name_len(c->env[j])] == '=')
			envp[n++] = (char *)c->env[j];
	return envp;
}

/*
 * Connects stream s as the child's descriptor fd (0, 1 or 2). A descriptor
 * only the child needs is left in *theirs, for the caller to close once the
 * child has it.
 */
static int stream_open(struct tg_child *c, struct tg_child_stream *s, int fd,
                       posix_spawn_file_actions_t *fa, int *theirs)
{
	int p[2], flags;

	switch (s->how) {
	case TG_CHILD_INHERIT:
		return 0;
	case TG_CHILD_NULL:
		return posix_spawn_file_actions_addopen(fa, fd, "/dev/null",
		                                        fd ? O_WRONLY : O_RDONLY, 0);
	case TG_CHILD_FD:
		return posix_spawn_file_actions_adddup2(fa, s->fd, fd);
	case TG_CHILD_PIPE:
		if (pipe2(p, O_CLOEXEC))
			return errno;
		s->fd = fd ? p[0] : p[1];
		*theirs = fd ? p[1] : p[0];
		break;
	case TG_CHILD_PATH:
		flags = fd ? O_WRONLY | O_CREAT | (s->append ? O_APPEND : O_TRUNC) : O_RDONLY;
		*theirs = open(s->path, flags | O_CLOEXEC, 0644);
		if (*theirs < 0) {
			c->bad_path = s->path;
			return errno;
		}
		break;
	}
	return posix_spawn_file_actions_adddup2(fa, *theirs, fd);
}

/* Signals reset and unblocked, and a process group of its own when asked. */
static int spawn_attr(const struct tg_child *c, posix_spawnattr_t *at)
{
	sigset_t none, dfl;
	short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
	int rc;

	sigemptyset(&none);
	sigemptyset(&dfl);
	/* We may ignore SIGPIPE while feeding a child; the child must not inherit that. */
	sigaddset(&dfl, SIGPIPE);
	if (c->own_group)
		flags |= POSIX_SPAWN_SETPGROUP;
	rc = posix_spawnattr_setsigmask(at, &none);
	if (!rc)
		rc = posix_spawnattr_setsigdefault(at, &dfl);
	if (!rc)
		rc = posix_spawnattr_setpgroup(at, 0);
	if (!rc)
		rc = posix_spawnattr_setflags(at, flags);
	return rc;
}

/* A descriptor that becomes readable when the child ends (Linux 5.3), or -1. */
static int pidfd_for(pid_t pid)
{
#ifdef SYS_pidfd_open
	return (int)syscall(SYS_pidfd_open, pid, 0);
#else
	(void)pid;
	return -1;
#endif
}

/* Closes our ends of the child's pipes (descriptors given as TG_CHILD_FD stay the caller's). */
static void close_pipes(struct tg_child *c)
{
	if (c->in.how == TG_CHILD_PIPE)
		close_fd(&c->in.fd);
	if (c->out.how == TG_CHILD_PIPE)
		close_fd(&c->out.fd);
	if (c->err.how == TG_CHILD_PIPE)
		close_fd(&c->err.fd);
}

static int start_failed(struct tg_child *c, int err)
{
	c->start_errno = err;
	c->pid = 0;
	close_pipes(c);
	if (c->bad_path)
		return tg_error_set(TG_ERR_RUN, "cannot run %s: %s: %s", child_name(c), c->bad_path,
		                    strerror(err));
	if (c->dir && access(c->dir, X_OK))
		return tg_error_set(TG_ERR_RUN, "cannot run %s in %s: %s", child_name(c), c->dir,
		                    strerror(errno));
	return tg_error_set(TG_ERR_RUN, "cannot run %s: %s", child_name(c), strerror(err));
}

int tg_child_start(struct tg_child *c)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	int theirs[3] = {-1, -1, -1}, err, i;
	char **envp;

	c->pid = 0;
	c->start_errno = 0;
	c->bad_path = NULL;
	c->exit_code = -1;
	c->signal = c->timed_out = 0;
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&at);
	err = spawn_attr(c, &at);
	if (!err)
		err = stream_open(c, &c->in, 0, &fa, &theirs[0]);
	if (!err)
		err = stream_open(c, &c->out, 1, &fa, &theirs[1]);
	if (!err)
		err = c->err_to_out ? posix_spawn_file_actions_adddup2(&fa, 1, 2)
		                    : stream_open(c, &c->err, 2, &fa, &theirs[2]);
	if (!err && c->dir)
		err = posix_spawn_file_actions_addchdir_np(&fa, c->dir);
	if (!err) {
		/* What we wrote to a stream the child shares must come before what it writes. */
		if (c->out.how == TG_CHILD_INHERIT)
			fflush(stdout);
		if (c->err.how == TG_CHILD_INHERIT || c->err_to_out)
			fflush(stderr);
		envp = env_build(c);
		err = posix_spawnp(&c->pid, c->argv[0], &fa, &at, (char *const *)c->argv, envp);
		if (envp != environ)
			free(envp);
	}
	for (i = 0; i < 3; i++)
		if (theirs[i] >= 0)
			close(theirs[i]);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	if (err)
		return start_failed(c, err);
	if (c->timeout_ms)
		c->deadline = tg_clock_mono() + c->timeout_ms / 1000.0;
	if (c->timeout_ms || c->in.how == TG_CHILD_PIPE)
		c->pidfd = pidfd_for(c->pid);
	return TG_OK;
}

/* Milliseconds left before the deadline (0: it has passed), or -1 without one. */
static int time_left(const struct tg_child *c)
{
	double left;

	if (!c->timeout_ms || c->timed_out)
		return -1;
	left = (c->deadline - tg_clock_mono()) * 1000;
	if (left <= 0)
		return 0;
	return left < INT_MAX - 1 ? (int)left + 1 : INT_MAX;
}

static void kill_child(struct tg_child *c)
{
	kill(c->own_group ? -c->pid : c->pid, SIGKILL);
	c->timed_out = 1;
}

/* Sleeps until the child ends or ms pass: on its pidfd, or in short naps without one. */
static void nap(const struct tg_child *c, int ms, int *backoff)
{
	struct pollfd p = {c->pidfd, POLLIN, 0};

	if (c->pidfd >= 0) {
		poll(&p, 1, ms);
		return;
	}
	if (ms > *backoff)
		ms = *backoff;
	nanosleep(&(struct timespec){ms / 1000, (ms % 1000) * 1000000L}, NULL);
	if (*backoff < 32)
		*backoff *= 2;
}

/* Waits until the child has ended, leaving it unreaped; kills it at its deadline. */
static int wait_end(struct tg_child *c)
{
	int backoff = 1;

	for (;;) {
		siginfo_t si;
		int ms = time_left(c);

		if (ms == 0) {
			kill_child(c);
			continue;
		}
		memset(&si, 0, sizeof(si));
		if (waitid(P_PID, (id_t)c->pid, &si, WEXITED | WNOWAIT | (ms > 0 ? WNOHANG : 0))) {
			if (errno == EINTR)
				continue;
			return tg_error_set(TG_ERR_RUN, "%s: wait: %s", child_name(c),
			                    strerror(errno));
		}
		if (si.si_pid == c->pid)
			return TG_OK;
		nap(c, ms, &backoff);
	}
}

int tg_child_finish(struct tg_child *c)
{
	int status = 0, rc;

	if (c->pid <= 0)
		return tg_error_set(TG_ERR_RUN, "%s: not started", child_name(c));
	close_pipes(c);
	rc = wait_end(c);
	/* Whatever it left running in its group goes with it. */
	if (c->own_group)
		kill(-c->pid, SIGKILL);
	while (waitpid(c->pid, &status, 0) < 0) {
		if (errno != EINTR) {
			rc = rc ? rc
			        : tg_error_set(TG_ERR_RUN, "%s: wait: %s", child_name(c),
			                       strerror(errno));
			break;
		}
	}
	close_fd(&c->pidfd);
	if (WIFEXITED(status)) {
		c->exit_code = WEXITSTATUS(status);
	} else if (WIFSIGNALED(status)) {
		c->exit_code = -1;
		c->signal = WTERMSIG(status);
	}
	return rc;
}

/* Writes what the child's stdin takes now; closes it when all is written or it is gone. */
static void feed(struct tg_child *c, const char *in, size_t len, size_t *off)
{
	ssize_t w = *off < len ? write(c->in.fd, in + *off, len - *off) : 0;

	if (w > 0)
		*off += (size_t)w;
	else if (w < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (w <= 0 || *off == len)
		close_fd(&c->in.fd); /* done, or it stopped reading (EPIPE) */
}

static void drain(int *fd, struct tg_buf *to)
{
	char chunk[16384];
	ssize_t n = read(*fd, chunk, sizeof(chunk));

	if (n > 0)
		tg_buf_add(to, chunk, (size_t)n);
	else if (n == 0 || (errno != EINTR && errno != EAGAIN))
		close_fd(fd);
}

/*
 * Moves the bytes until the child's streams end or its deadline passes. Its
 * pidfd (when there is one) tells when it has ended: input it did not read
 * by then is dropped, though a process it left behind might hold its stdin.
 */
static int pump(struct tg_child *c, const char *in, size_t len, struct tg_buf *out,
                struct tg_buf *err)
{
	size_t off = 0;
	int ended = c->pidfd < 0;

	while (c->in.fd >= 0 || (out && c->out.fd >= 0) || (err && c->err.fd >= 0)) {
		struct pollfd p[4];
		int n = 0, ms = time_left(c), i;

		if (ms == 0) {
			kill_child(c);
			break;
		}
		if (c->in.fd >= 0)
			p[n++] = (struct pollfd){c->in.fd, POLLOUT, 0};
		if (out && c->out.fd >= 0)
			p[n++] = (struct pollfd){c->out.fd, POLLIN, 0};
		if (err && c->err.fd >= 0)
			p[n++] = (struct pollfd){c->err.fd, POLLIN, 0};
		if (!ended)
			p[n++] = (struct pollfd){c->pidfd, POLLIN, 0};
		if (poll(p, (nfds_t)n, ms) < 0) {
			if (errno == EINTR)
				continue;
			return tg_error_set(TG_ERR_RUN, "%s: poll: %s", child_name(c),
			                    strerror(errno));
		}
		for (i = 0; i < n; i++) {
			if (!p[i].revents)
				continue;
			if (p[i].fd == c->in.fd)
				feed(c, in, len, &off);
			else if (out && p[i].fd == c->out.fd)
				drain(&c->out.fd, out);
			else if (err && p[i].fd == c->err.fd)
				drain(&c->err.fd, err);
			else if (p[i].fd == c->pidfd && !ended)
				ended = 1;
		}
		if (ended && c->pidfd >= 0)
			close_fd(&c->in.fd);
	}
	return TG_OK;
}

/*
 * A write into a pipe whose reader is gone raises SIGPIPE, which would end
 * us: it is blocked in this thread while feeding, and one it raised is
 * taken back before the mask is restored.
 */
static int pump_guarded(struct tg_child *c, const char *in, size_t len, struct tg_buf *out,
                        struct tg_buf *err)
{
	sigset_t pipe_set, old, pending;
	int rc;

	if (c->in.fd < 0)
		return pump(c, in, len, out, err);
	fcntl(c->in.fd, F_SETFL, fcntl(c->in.fd, F_GETFL) | O_NONBLOCK);
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	rc = pump(c, in, len, out, err);
	if (!sigismember(&old, SIGPIPE) && !sigpending(&pending) && sigismember(&pending, SIGPIPE))
		sigtimedwait(&pipe_set, NULL, &(struct timespec){0, 0});
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

int tg_child_run(struct tg_child *c)
{
	int rc = tg_child_start(c);

	return rc ? rc : tg_child_finish(c);
}

int tg_child_capture(struct tg_child *c, const char *in, size_t in_len, struct tg_buf *out,
                     struct tg_buf *err)
{
	int rc, rc2;

	if (in)
		c->in.how = TG_CHILD_PIPE;
	if (out)
		c->out.how = TG_CHILD_PIPE;
	if (err)
		c->err.how = TG_CHILD_PIPE;
	rc = tg_child_start(c);
	if (rc)
		return rc;
	rc = pump_guarded(c, in, in_len, out, err);
	rc2 = tg_child_finish(c);
	return rc ? rc : rc2;
}

int tg_child_check(const struct tg_child *c, const char *detail)
{
	const char *name = child_name(c);

	if (!c->timed_out && !c->signal && c->exit_code == 0)
		return TG_OK;
	if (detail)
		return tg_error_set(TG_ERR_RUN, "%s failed: %s", name, detail);
	if (c->timed_out)
		return tg_error_set(TG_ERR_RUN, "%s failed: killed after its timeout of %u ms",
		                    name, c->timeout_ms);
	if (c->signal)
		return tg_error_set(TG_ERR_RUN, "%s failed: killed by signal %d (%s)", name,
		                    c->signal, strsignal(c->signal));
	return tg_error_set(TG_ERR_RUN, "%s failed: exit status %d", name, c->exit_code);
}

int tg_child_code(const struct tg_child *c)
{
	if (c->timed_out)
		return -1;
	return c->signal ? 128 + c->signal : c->exit_code;
}

int tg_child_stream_out(struct tg_child *c, int (*feed)(void *arg, const char *buf, size_t len),
                        void *arg, const char *what)
{
	char *buf = tg_malloc(1 << 16);
	ssize_t n;
	int rc = TG_OK;

	while ((n = read(c->out.fd, buf, 1 << 16)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = tg_error_set(TG_ERR_RUN, "reading %s: %s", what, strerror(errno));
			break;
		}
		if (rc == TG_OK)
			rc = feed(arg, buf, (size_t)n);
	}
	free(buf);
	return rc;
}
