// module: rules
/*
 * The pickle opcode reader on arbitrary bytes (raw streams and zip members):
 * bounded work, no read past the end, no crash, hang or leak.
 */
#include "rules/rules.h"
#include "util/error.h"

#include <stddef.h>
#include <stdint.h>

static int count(void *ctx, const char *module, const char *name, size_t offset)
{
	(void)module, (void)name, (void)offset;
	(*(size_t *)ctx)++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = 0;

	tg_pickle_scan(data, size, count, &n);
	tg_error_clear();
	return 0;
}
