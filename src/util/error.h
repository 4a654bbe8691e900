#ifndef TG_ERROR_H
#define TG_ERROR_H

/*
 * Every fallible function returns a tg_status: TG_OK (0) or a negative code,
 * and leaves a message for its caller with tg_error_set(). The message is
 * per thread, so worker threads report without locking. A caller that adds
 * context (a file name, a key) wraps it with tg_error_prefix().
 */
typedef enum tg_status {
	TG_OK = 0,
	TG_ERR_USAGE = -2, /* bad usage or configuration: exit 2 */
	TG_ERR_RUN = -3,   /* the run itself failed (I/O, store, network): exit 3 */
	TG_ERR_INPUT = -4, /* one input is malformed: report it, skip it, go on */
	TG_ERR_NOTFOUND = -5,
} tg_status;

/* Exit status of the command line (README.md, "Commands"). */
enum tg_exit {
	TG_EXIT_OK = 0,
	TG_EXIT_FAIL = 1,  /* a gate or threshold failed, or something is unhealthy */
	TG_EXIT_USAGE = 2, /* bad usage or configuration */
	TG_EXIT_RUN = 3,   /* the run itself failed */
};

/* Sets this thread's message and returns code, so `return tg_error_set(...)` reads well. */
int tg_error_set(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Puts "prefix: " before the current message. Returns the code it was given. */
int tg_error_prefix(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *tg_error_message(void);
void tg_error_clear(void);
/* Maps a status onto the process exit code. */
int tg_status_exit(int status);

#endif
