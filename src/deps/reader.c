/* Finds the reader of a file by its base name (reader_list.h). */
#include <stddef.h>

#include "deps/deps.h"

#define TG_DEPS_READER(n) extern const struct tg_deps_reader tg_deps_reader_##n;
#include "deps/reader_list.h"
#undef TG_DEPS_READER

static const struct tg_deps_reader *const readers[] = {
#define TG_DEPS_READER(n) &tg_deps_reader_##n,
#include "deps/reader_list.h"
#undef TG_DEPS_READER
        NULL,
};

const struct tg_deps_reader *tg_deps_reader_for(const char *basename)
{
	for (size_t i = 0; readers[i]; i++)
		if (readers[i]->match(basename))
			return readers[i];
	return NULL;
}
