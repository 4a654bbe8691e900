// module: rules
/*
 * The rule pack loader and compiler on arbitrary bytes: a status, never a
 * crash, hang or leak; whatever loads and compiles must then scan its own
 * bytes cleanly (the input doubles as the text to scan).
 */
#include "rules/rules.h"
#include "util/error.h"
#include "util/log.h"

#include <stddef.h>
#include <stdint.h>

static int drop(struct tg_sink *s, struct tg_item *it)
{
	(void)s;
	tg_item_release(it);
	return TG_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tg_ruleset *rs = tg_ruleset_new();
	struct tg_sink sink = {drop, NULL};

	tg_log_level = TG_LOG_QUIET;
	tg_rules_set_cache_dir(rs, NULL);
	if (tg_rules_add_pack(rs, "fuzz.yaml", (const char *)data, size) == TG_OK &&
	    tg_rules_compile(rs) == TG_OK) {
		struct tg_rules_scratch *s = tg_rules_scratch_new(rs);
		if (s) {
			tg_rules_scan(rs, s, NULL, "fuzz.txt", data, size, &sink);
			tg_rules_scratch_free(s);
		}
	}
	tg_error_clear();
	tg_ruleset_free(rs);
	return 0;
}
