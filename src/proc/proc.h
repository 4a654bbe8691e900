#ifndef TG_PROC_H
#define TG_PROC_H

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

#endif
