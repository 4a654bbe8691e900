// module: functions
/*
 * The readers of a project's own complexity limit (functions/limit.h) on
 * arbitrary bytes: the first byte picks the file name (and so the reader:
 * INI, TOML, YAML, ESLint text, command lines), the rest is the file. No
 * crash, no leak, and a limit found is within bounds and says where.
 */

#include "functions/limit.h"

#include <stdint.h>
#include <stdlib.h>

static const char *const names[] = {
        "setup.cfg",      "tox.ini",       ".flake8",        "pyproject.toml",
        "ruff.toml",      ".golangci.yml", ".golangci.toml", ".golangci.json",
        ".eslintrc.json", ".eslintrc.yml", ".eslintrc",      "eslint.config.mjs",
        "package.json",   "Makefile",      ".gitlab-ci.yml", ".github/workflows/ci.yml",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tg_ccn_limits l = TG_CCN_LIMITS_INIT;

	if (!size)
		return 0;
	tg_ccn_limits_from_text(&l, names[data[0] % (sizeof(names) / sizeof(names[0]))],
	                        (const char *)data + 1, size - 1);
	for (int f = 0; f < TG_LIMIT_FAMILIES; f++) {
		const struct tg_ccn_limit *c = &l.of[f];

		if (c->value < 0 || c->value > 100000 || (c->value && (!c->where || !c->what)))
			abort();
	}
	tg_ccn_limits_release(&l);
	return 0;
}
