// module: deps
/*
 * The npm readers on arbitrary bytes: package.json, package-lock.json,
 * pnpm-lock.yaml, yarn.lock (v1 and Berry) and bun.lock each return a status
 * (never crash, hang or leak), and every entry they return is complete.
 */
#include "deps/deps.h"
#include "util/error.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[] = {"package.json", "package-lock.json", "pnpm-lock.yaml",
                                    "yarn.lock", "bun.lock"};

static void check(const struct tg_dep_list *l)
{
	size_t n = 0;

	for (size_t i = 0; i < l->nr; i++) {
		const struct tg_dep *d = &l->v[i];

		if (!d->name || !d->purl || !d->file || d->eco != TG_ECO_NPM || d->line < 0)
			abort();
		/* Touch every string: a dangling one shows under ASan. */
		n += strlen(d->name) + strlen(d->purl) + (d->version ? strlen(d->version) : 0) +
		     (d->range ? strlen(d->range) : 0) + (d->via ? strlen(d->via) : 0);
		for (size_t k = 0; k < d->hashes.nr; k++)
			n += strlen(d->hashes.v[k]);
	}
	(void)n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);

	memcpy(text, data, size);
	text[size] = 0;
	for (size_t r = 0; r < sizeof(names) / sizeof(names[0]); r++) {
		struct tg_dep_list l = TG_DEP_LIST_INIT;
		struct tg_deps_file f = {-1, names[r], text, size};
		int rc = tg_deps_reader_for(names[r])->read(&f, &l);

		if (rc && rc != TG_ERR_INPUT)
			abort();
		if (!rc)
			check(&l);
		tg_error_clear();
		tg_dep_list_clear(&l);
	}
	free(text);
	return 0;
}
