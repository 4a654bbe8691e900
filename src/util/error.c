#include "util/error.h"

#include "util/redact.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Fixed size keeps error paths free of allocation; long messages are cut. */
static _Thread_local char message[1024];

/*
 * A message may quote what it was given (a configuration value of the wrong
 * type, a line of an imported report): secrets in it are redacted here, once
 * for every message. Only a message that holds one costs an allocation.
 */
static void redact_message(void)
{
	struct tg_buf b = TG_BUF_INIT;
	size_t n = strlen(message);

	if (!tg_redact_needed(message, n))
		return;
	tg_redact_text(&b, message, n);
	snprintf(message, sizeof(message), "%s", b.buf);
	tg_buf_release(&b);
}

int tg_error_set(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	redact_message();
	return code;
}

int tg_error_prefix(int code, const char *fmt, ...)
{
	char old[sizeof(message)];
	size_t n;
	va_list ap;

	memcpy(old, message, sizeof(old));
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	n = strlen(message);
	/* Truncation is fine: a cut message beats a lost one. */
	if (old[0] && n + 2 < sizeof(message)) {
		memcpy(message + n, ": ", 2);
		n += 2;
		size_t m = strlen(old);
		if (m > sizeof(message) - n - 1)
			m = sizeof(message) - n - 1;
		memcpy(message + n, old, m);
		message[n + m] = '\0';
	}
	redact_message();
	return code;
}

const char *tg_error_message(void)
{
	return message[0] ? message : "unknown error";
}

void tg_error_clear(void)
{
	message[0] = '\0';
}

int tg_status_exit(int status)
{
	switch (status) {
	case TG_OK:
		return TG_EXIT_OK;
	case TG_ERR_USAGE:
		return TG_EXIT_USAGE;
	default:
		return TG_EXIT_RUN;
	}
}
