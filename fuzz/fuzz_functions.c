// module: functions
/*
 * The function recognizers on arbitrary bytes: the first byte picks the
 * language, the rest is the file. No crash, no leak, and every function it
 * reports is well formed (lines in order and within the file, CCN at least 1).
 */

#include "functions/functions.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const langs[] = {"C",          "C++",    "Java",  "C#",   "JavaScript",
                                    "TypeScript", "Python", "Go",    "Rust", "Ruby",
                                    "PHP",        "Kotlin", "Swift", "Scala"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tg_function_list l = {NULL, 0, 0};
	size_t lines = 1;

	if (!size)
		return 0;
	for (size_t i = 1; i < size; i++)
		lines += data[i] == '\n' ||
		         (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n'));
	tg_functions_scan_named(langs[data[0] % (sizeof(langs) / sizeof(langs[0]))], data + 1,
	                        size - 1, &l);
	for (size_t i = 0; i < l.nr; i++) {
		const struct tg_function *f = &l.v[i];

		if (!f->name || f->ccn < 1 || f->start_line < 1 || f->end_line < f->start_line ||
		    f->end_line > lines)
			abort();
		if (i && f->start_line < l.v[i - 1].start_line)
			abort();
	}
	tg_function_list_clear(&l);
	return 0;
}
