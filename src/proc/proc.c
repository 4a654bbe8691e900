/*
 * Configured shell commands (an analyzer, a gate, an executor) as children
 * of their own process group with a log and a timeout: the shape gate/,
 * execute/ and discover/ ask for, on top of tg_child.
 */
#include "proc/proc.h"

#include "util/error.h"

#include <errno.h>

/* Runs argv in dir, output and errors into log_path (NULL: /dev/null), killed at the timeout. */
static int run_logged(const char *dir, const char *const *argv, const char *cmd, int timeout_s,
                      const char *log_path, int append, const char *in, size_t in_len,
                      int *exit_code)
{
	struct tg_child c;
	int rc;

	tg_child_init(&c, argv);
	c.name = cmd;
	c.dir = dir;
	c.own_group = 1;
	c.timeout_ms = (unsigned)(timeout_s > 0 ? timeout_s : 600) * 1000u;
	c.in.how = TG_CHILD_NULL;
	c.out.how = TG_CHILD_PATH;
	c.out.path = log_path ? log_path : "/dev/null";
	c.out.append = append;
	c.err_to_out = 1;
	rc = tg_child_capture(&c, in, in_len, NULL, NULL);
	if (rc && c.start_errno)
		errno = c.start_errno;
	*exit_code = rc ? 127 : tg_child_code(&c);
	return rc;
}

int tg_proc_run_argv(const char *dir, const char *const *argv, const char *cmd, int timeout_s,
                     const char *log_path, const char *stdin_data, size_t stdin_len, int *exit_code)
{
	return run_logged(dir, argv, cmd, timeout_s, log_path, 1, stdin_data, stdin_len, exit_code);
}

int tg_proc_run_input(const char *dir, const char *cmd, int timeout_s, const char *log_path,
                      const char *stdin_data, size_t stdin_len, int *exit_code)
{
	const char *const argv[] = {"/bin/sh", "-c", cmd, NULL};

	return run_logged(dir, argv, cmd, timeout_s, log_path, 1, stdin_data, stdin_len, exit_code);
}

int tg_proc_run(const char *dir, const char *cmd, int timeout_s, const char *log_path)
{
	const char *const argv[] = {"/bin/sh", "-c", cmd, NULL};
	int code;

	if (run_logged(dir, argv, cmd, timeout_s, log_path, 0, NULL, 0, &code))
		return -2;
	return code;
}
