// module: version
/*
 * Version order and constraints on arbitrary bytes: the first byte picks
 * the ecosystem, the rest is two strings split at the first NUL (a and b).
 * tg_version_cmp must be antisymmetric and reflexive; a and b go through
 * tg_constraint_parse, tg_constraint_allows and tg_constraint_bump, whose
 * result, when there is one, must parse and admit b.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/error.h"
#include "version/version.h"

static void constraint(enum tg_eco eco, const char *text, const char *v)
{
	struct tg_constraint c, again;
	struct tg_buf out;
	int allows;

	if (tg_constraint_parse(eco, text, &c))
		return;
	tg_constraint_allows(&c, v, &allows);
	tg_buf_init(&out, 0);
	if (!tg_constraint_bump(&c, v, &out)) {
		if (tg_constraint_parse(eco, out.buf, &again))
			abort();
		if (tg_constraint_allows(&again, v, &allows) || !allows)
			abort();
		tg_constraint_release(&again);
	}
	tg_buf_release(&out);
	tg_constraint_release(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum tg_eco eco;
	char *a, *b;
	size_t n;
	int ab, ba, aa;

	if (!size || size > 4096)
		return 0;
	eco = (enum tg_eco)(data[0] % TG_ECO_COUNT);
	a = malloc(size + 1);
	memcpy(a, data + 1, size - 1);
	a[size - 1] = '\0';
	a[size] = '\0';
	n = strlen(a);
	b = a + (n < size - 1 ? n + 1 : n);
	if (!tg_version_cmp(eco, a, b, &ab)) {
		if (tg_version_cmp(eco, b, a, &ba) || ab != -ba)
			abort();
		if (tg_version_cmp(eco, a, a, &aa) || aa)
			abort();
	}
	tg_version_valid(eco, a);
	tg_version_is_prerelease(eco, a);
	constraint(eco, a, b);
	tg_error_clear();
	free(a);
	return 0;
}
