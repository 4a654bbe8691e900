#ifndef TG_PROC_H
#define TG_PROC_H

#include <stddef.h>

/*
 * Running a configured shell command (an analyzer, a gate's command) in its
 * own process group, so a command that overruns is killed with everything
 * it started.
 */

/*
 * Runs `sh -c cmd` in dir with stdout and stderr to log_path (truncated).
 * Returns its exit status (128 + signal when killed by one), -1 when it
 * overran timeout_s (0: 600 s) and was killed, -2 when it could not be
 * started (errno tells why).
 */
int tg_proc_run(const char *dir, const char *cmd, int timeout_s, const char *log_path);

/*
 * The same with data on the command's standard input (an executor reads the
 * item there), its output appended to log_path (NULL: /dev/null) and a status
 * apart from the exit code: *exit_code is the exit status, 128 + the signal
 * for a killed command, or -1 when it timed out (its whole process group was
 * killed). Returns TG_OK, or TG_ERR_RUN when it could not be started.
 */
int tg_proc_run_input(const char *dir, const char *cmd, int timeout_s, const char *log_path,
                      const char *stdin_data, size_t stdin_len, int *exit_code);

/* The same with argv run directly (argv[0] looked up on PATH); cmd names it in messages. */
int tg_proc_run_argv(const char *dir, const char *const *argv, const char *cmd, int timeout_s,
                     const char *log_path, const char *stdin_data, size_t stdin_len,
                     int *exit_code);

/*
 * Where a sandboxed command may write: the whole filesystem is read-only
 * (so it still sees every tool and script) but for `writable` (NULL-
 * terminated, bound read-write) and tmpdir (writable, its TMPDIR; NULL: none).
 */
struct tg_sandbox {
	const char *const *writable;
	const char *tmpdir;
};

/*
 * Whether commands can run inside bubblewrap here: bwrap is on PATH, it can
 * make its namespaces (a container may forbid them; tried once per process)
 * and TERRAGON_NO_SANDBOX is not set. When not, *why (may be NULL) says why.
 */
int tg_proc_sandbox_available(const char **why);

/*
 * tg_proc_run_input inside bubblewrap when it is available (every namespace
 * unshared but the network, killed when we die); *sandboxed tells whether it
 * was. When it is not available the command runs as tg_proc_run_input does.
 */
int tg_proc_run_sandboxed(const char *dir, const char *cmd, int timeout_s, const char *log_path,
                          const char *stdin_data, size_t stdin_len, const struct tg_sandbox *sb,
                          int *exit_code, int *sandboxed);

#endif
