// module: util
/*
 * Redaction and terminal escaping on arbitrary bytes: no crash, no read past
 * the text, redaction is idempotent (its output holds nothing it would
 * redact again), tg_redact_needed agrees with tg_redact_text, and escaped
 * text holds no control byte.
 */

#include "util/buf.h"
#include "util/redact.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tg_buf once = TG_BUF_INIT, twice = TG_BUF_INIT, shown = TG_BUF_INIT;
	/* a copy of exactly the bytes, not NUL-terminated, so reading past the end is caught */
	char *p = malloc(size ? size : 1);
	size_t n, i;

	memcpy(p, data, size);
	n = tg_redact_text(&once, p, size);
	if (!!n != tg_redact_needed(p, size))
		abort();
	if (tg_redact_text(&twice, once.buf, once.len) || strcmp(once.buf, twice.buf))
		abort();
	tg_buf_add_printable(&shown, p, size);
	for (i = 0; i < shown.len; i++)
		if ((unsigned char)shown.buf[i] < 0x20 || shown.buf[i] == 0x7f)
			abort();
	tg_buf_release(&once), tg_buf_release(&twice), tg_buf_release(&shown);
	free(p);
	return 0;
}
