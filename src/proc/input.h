#ifndef TG_PROC_INPUT_H
#define TG_PROC_INPUT_H

/*
 * tg_proc_run with data on the command's standard input (an executor reads
 * the item there), its output appended to a log, and a status apart from the
 * exit code.
 */

#include <stddef.h>

/*
 * Runs `sh -c cmd` in dir, in its own process group, with stdout and stderr
 * appended to log_path (NULL: /dev/null) and stdin_data on its standard input
 * (NULL: /dev/null). timeout_s <= 0 means 600 s. On return *exit_code is the
 * exit status, 128 + the signal for a killed command, or -1 when it timed
 * out (its whole process group was killed). Returns TG_OK, or TG_ERR_RUN when
 * it could not be started.
 */
int tg_proc_run_input(const char *dir, const char *cmd, int timeout_s, const char *log_path,
                      const char *stdin_data, size_t stdin_len, int *exit_code);

#endif
