#include "proc/proc.h"

#include "util/clock.h"
#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/*
 * The input goes through an unlinked temporary file rather than a pipe: a
 * command that never reads its input must not block us writing it.
 */
static int input_fd(const char *data, size_t len)
{
	char path[] = "/tmp/terragon-stdin-XXXXXX";
	int fd;
	size_t off = 0;

	if (!data)
		return open("/dev/null", O_RDONLY | O_CLOEXEC);
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	unlink(path);
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			close(fd);
			return -1;
		}
		off += (size_t)w;
	}
	lseek(fd, 0, SEEK_SET);
	return fd;
}

static void child(const char *dir, const char *const *argv, const char *log_path, int in)
{
	int fd = open(log_path ? log_path : "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0644);

	setpgid(0, 0);
	if (fd >= 0) {
		dup2(fd, 1);
		dup2(fd, 2);
	}
	dup2(in, 0);
	if (chdir(dir) == 0)
		execvp(argv[0], (char *const *)argv);
	_exit(127);
}

int tg_proc_run_argv(const char *dir, const char *const *argv, const char *cmd, int timeout_s,
                     const char *log_path, const char *stdin_data, size_t stdin_len, int *exit_code)
{
	double deadline = tg_clock_mono() + (timeout_s > 0 ? timeout_s : 600);
	int status = 0, in = input_fd(stdin_data, stdin_len);
	pid_t pid;

	if (in < 0)
		return tg_error_set(TG_ERR_RUN, "%s: cannot prepare its input: %s", cmd,
		                    strerror(errno));
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(in);
		return tg_error_set(TG_ERR_RUN, "%s: cannot start: %s", cmd, strerror(errno));
	}
	if (pid == 0)
		child(dir, argv, log_path, in);
	close(in);
	setpgid(pid, pid);
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid) {
			*exit_code =
			        WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
			/* Whatever it left running in its group goes with it. */
			kill(-pid, SIGKILL);
			return TG_OK;
		}
		if (r < 0 && errno != EINTR)
			return tg_error_set(TG_ERR_RUN, "%s: wait: %s", cmd, strerror(errno));
		if (tg_clock_mono() > deadline) {
			kill(-pid, SIGKILL);
			waitpid(pid, &status, 0);
			*exit_code = -1;
			return TG_OK;
		}
		nanosleep(&(struct timespec){0, 20 * 1000 * 1000}, NULL);
	}
}

int tg_proc_run_input(const char *dir, const char *cmd, int timeout_s, const char *log_path,
                      const char *stdin_data, size_t stdin_len, int *exit_code)
{
	const char *const argv[] = {"/bin/sh", "-c", cmd, NULL};

	return tg_proc_run_argv(dir, argv, cmd, timeout_s, log_path, stdin_data, stdin_len,
	                        exit_code);
}

int tg_proc_run(const char *dir, const char *cmd, int timeout_s, const char *log_path)
{
	int fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int code = 0;

	if (fd >= 0)
		close(fd);
	if (tg_proc_run_input(dir, cmd, timeout_s, log_path, NULL, 0, &code))
		return -2;
	return code;
}
