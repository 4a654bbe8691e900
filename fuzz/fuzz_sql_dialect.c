// module: store
/*
 * The SQLite-to-PostgreSQL translation (store/dialect.c) on arbitrary text:
 * nothing may crash or read past the end; every `?` outside quotes becomes
 * one numbered parameter, so the count is at most the number of '?'.
 */
#include "store/sql.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct tg_buf out = TG_BUF_INIT;
	size_t q = 0, i;
	int n;

	memcpy(text, data, size);
	text[size] = 0;
	for (i = 0; text[i]; i++)
		q += text[i] == '?';
	n = tg_sql_dialect_pg(&out, text);
	if (n < 0 || (size_t)n > q || strlen(out.buf) != out.len)
		abort();
	tg_buf_release(&out);
	free(text);
	return 0;
}
