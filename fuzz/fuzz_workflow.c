// module: compliance
/*
 * The workflow audit on arbitrary bytes: it must return a status (never
 * crash, hang or leak), and every finding it reports must be complete.
 */
#include "compliance/compliance.h"
#include "util/error.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int check(const struct tg_compliance_finding *f, void *arg)
{
	size_t *n = arg;

	if (!f->rule_id || !f->title || !f->message || !f->path || f->line < 1 || f->k < 0)
		abort();
	/* Touch every string: a dangling one shows under ASan. */
	*n += strlen(f->rule_id) + strlen(f->title) + strlen(f->message) +
	      (f->evidence ? strlen(f->evidence) : 0) + (f->key ? strlen(f->key) : 0);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = 0;
	int rc = tg_compliance_workflow("fuzz.yml", (const char *)data, size, check, &n);

	if (rc != TG_OK && rc != TG_ERR_INPUT)
		abort();
	tg_error_clear();
	return 0;
}
