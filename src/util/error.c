#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Fixed size keeps error paths free of allocation; long messages are cut. */
static _Thread_local char message[1024];

int tg_error_set(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
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
