#ifndef TG_PROC_H
#define TG_PROC_H

/*
 * Runs a shell command as the leader of its own process group, so a command
 * that overruns its time is killed together with everything it started.
 */

#include <stddef.h>

/*
 * Runs `sh -c cmd` in dir with stdout and stderr appended to log_path
 * (NULL: /dev/null) and stdin_data on its standard input (NULL: /dev/null).
 * timeout_s <= 0 means 600 s. On return *exit_code is the exit status,
 * 128 + the signal for a killed command, or -1 when it timed out (its whole
 * process group was killed). Returns TG_OK, or TG_ERR_RUN when it could not
 * be started.
 */
int tg_proc_run(const char *dir, const char *cmd, int timeout_s, const char *log_path,
                const char *stdin_data, size_t stdin_len, int *exit_code);

#endif
