#include "proc/proc.h"

#include "util/clock.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int tg_proc_run(const char *dir, const char *cmd, int timeout_s, const char *log_path)
{
	double deadline = tg_clock_mono() + (timeout_s > 0 ? timeout_s : 600);
	int status = 0, fd;
	pid_t pid = fork();

	if (pid < 0)
		return -2;
	if (pid == 0) {
		setpgid(0, 0);
		fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		if (chdir(dir) == 0)
			execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	/* Both sides set the group, so the kill below cannot miss it whichever runs first. */
	setpgid(pid, pid);
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		if (r < 0 && errno != EINTR)
			return -2;
		if (tg_clock_mono() > deadline) {
			kill(-pid, SIGKILL);
			waitpid(pid, &status, 0);
			return -1;
		}
		nanosleep(&(struct timespec){0, 20 * 1000 * 1000}, NULL);
	}
}
