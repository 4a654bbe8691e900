#ifndef TG_LOG_H
#define TG_LOG_H

/*
 * Messages go to stderr, data to stdout. The level is set once from -q, -v
 * and --debug before any thread starts.
 */
enum tg_log_level {
	TG_LOG_QUIET = 0,   /* errors only */
	TG_LOG_NORMAL = 1,  /* errors and warnings */
	TG_LOG_VERBOSE = 2, /* notes: what was assumed, what was skipped */
	TG_LOG_DEBUG = 3,   /* per-file decisions and timings */
};

extern enum tg_log_level tg_log_level;

void tg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tg_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tg_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tg_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * A one-line progress report on stderr, rewritten in place; only when stderr
 * is a terminal and the level is normal or verbose. tg_progress_done() clears it.
 */
void tg_progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tg_progress_done(void);
/* Prints the current thread's tg_error_message() as an error. */
void tg_error_report(void);

#endif
