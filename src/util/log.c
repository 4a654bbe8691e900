#include "util/log.h"

#include "util/buf.h"
#include "util/error.h"
#include "util/redact.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

enum tg_log_level tg_log_level = TG_LOG_NORMAL;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * A log line quotes paths, authors and messages from the repository: secrets
 * in it are redacted and control characters escaped, so a line is one line
 * and a file name cannot drive the terminal.
 */
static void emit(const char *tag, const char *fmt, va_list ap)
{
	struct tg_buf raw = TG_BUF_INIT, red = TG_BUF_INIT, line = TG_BUF_INIT;

	tg_buf_vaddf(&raw, fmt, ap);
	tg_redact_text(&red, raw.buf, raw.len);
	tg_buf_addf(&line, "terragon: %s", tag);
	tg_buf_add_printable(&line, red.buf, red.len);
	tg_buf_addch(&line, '\n');
	/* One lock around the whole line keeps threads' lines whole. */
	pthread_mutex_lock(&lock);
	fwrite(line.buf, 1, line.len, stderr);
	pthread_mutex_unlock(&lock);
	tg_buf_release(&raw), tg_buf_release(&red), tg_buf_release(&line);
}

#define TG_LOG_FN(name, level, tag)                                                                \
	void name(const char *fmt, ...)                                                            \
	{                                                                                          \
		va_list ap;                                                                        \
		if (tg_log_level < (level))                                                        \
			return;                                                                    \
		va_start(ap, fmt);                                                                 \
		emit(tag, fmt, ap);                                                                \
		va_end(ap);                                                                        \
	}

TG_LOG_FN(tg_error, TG_LOG_QUIET, "error: ")
TG_LOG_FN(tg_warn, TG_LOG_NORMAL, "warning: ")
TG_LOG_FN(tg_note, TG_LOG_VERBOSE, "note: ")
TG_LOG_FN(tg_debug, TG_LOG_DEBUG, "debug: ")

void tg_error_report(void)
{
	tg_error("%s", tg_error_message());
}

static int progress_shown;

static int progress_wanted(void)
{
	return (tg_log_level == TG_LOG_NORMAL || tg_log_level == TG_LOG_VERBOSE) &&
	       isatty(STDERR_FILENO);
}

void tg_progress(const char *fmt, ...)
{
	va_list ap;

	if (!progress_wanted())
		return;
	pthread_mutex_lock(&lock);
	fputs("\r\033[K", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap); /* our own counts, nothing from the repository */
	va_end(ap);
	fflush(stderr);
	progress_shown = 1;
	pthread_mutex_unlock(&lock);
}

void tg_progress_done(void)
{
	pthread_mutex_lock(&lock);
	if (progress_shown)
		fputs("\r\033[K", stderr);
	progress_shown = 0;
	pthread_mutex_unlock(&lock);
}
