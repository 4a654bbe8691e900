// module: fleet
/*
 * fleet run's repository list (plain or YAML, from the user) on arbitrary
 * bytes: nothing may crash; a list read has at least one repository, each
 * with a non-empty URL and overrides of the form key=value.
 */
#include "fleet/fleet.h"

#include "util/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct tg_fleet_list l;
	size_t i, j;

	memcpy(text, data, size);
	text[size] = 0;
	if (tg_fleet_list_parse(&l, "fuzz", text, size) == TG_OK) {
		if (!l.nr)
			abort();
		for (i = 0; i < l.nr; i++) {
			if (!l.v[i].url || !*l.v[i].url)
				abort();
			for (j = 0; j < l.v[i].overrides.nr; j++)
				if (!strchr(l.v[i].overrides.v[j], '='))
					abort();
		}
		tg_fleet_list_release(&l);
	}
	tg_error_clear();
	free(text);
	return 0;
}
