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

#endif
