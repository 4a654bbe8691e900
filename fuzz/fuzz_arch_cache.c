// module: arch
/*
 * The imports cache's payload reader (arch/cache.c) on arbitrary bytes: a
 * damaged payload is refused whole and leaves the builder as it was; one
 * that is read encodes back to the same bytes. The first input byte picks
 * the path (a source file of each language, or go.mod). No crash, no leak.
 */
#include "arch/arch_int.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const paths[] = {"src/a.c", "pkg/m.py",   "web/a.ts",    "api/api.go",
                                    "go.mod",  "org/A.java", "r/src/lib.rs"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arch_builder b;
	struct tg_buf again = TG_BUF_INIT;
	const char *path;

	if (!size)
		return 0;
	path = paths[data[0] % (sizeof(paths) / sizeof(paths[0]))];
	arch_builder_init(&b);
	if (arch_decode(&b, path, data + 1, size - 1) == TG_OK) {
		if (b.files_nr + b.mods_nr > 1)
			abort();
		if (b.files_nr)
			arch_encode(&again, &b.files[0], NULL, 0);
		else if (b.mods_nr)
			arch_encode(&again, NULL, b.mods[0].module, 1);
		/* go.mod without a module decodes to nothing: nothing to compare */
		if (again.len && (again.len != size - 1 || memcmp(again.buf, data + 1, size - 1)))
			abort();
	} else if (b.files_nr || b.mods_nr) {
		abort();
	}
	tg_error_clear();
	tg_buf_release(&again);
	arch_builder_release(&b);
	return 0;
}
