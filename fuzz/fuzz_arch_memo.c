// module: arch
/*
 * A file's kept imports (arch_decode_file) on arbitrary bytes: the
 * architecture source's cache file is on disk, and may be damaged. What
 * decodes encodes back to the same bytes.
 */
#include "arch/arch_int.h"

#include "util/buf.h"
#include "util/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tg_buf back = TG_BUF_INIT;
	struct arch_file f;
	enum arch_read what;
	char *module;

	if (arch_decode_file("fuzz.c", data, size, &what, &f, &module) == TG_OK) {
		arch_encode_file(what, &f, module, &back);
		if (back.len != size || memcmp(back.buf, data, size))
			abort();
		arch_file_release(&f);
		free(module);
	} else {
		tg_error_clear();
	}
	tg_buf_release(&back);
	return 0;
}
