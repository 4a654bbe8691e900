/* The fix a rule carries (Semgrep's `fix-regex`), for execute. */
#include "rules/rule.h"

#include "util/error.h"

#include <string.h>

int tg_rules_fix(const struct tg_ruleset *rs, const char *rule_id, const char **regex,
                 const char **replacement, int *count)
{
	size_t i;

	for (i = 0; rule_id && i < rs->nr; i++) {
		const struct tg_rule *r = &rs->rules[i];
		if (strcmp(r->id, rule_id) || r->disabled || r->dead || !r->fix.regex)
			continue;
		*regex = r->fix.regex;
		*replacement = r->fix.replacement ? r->fix.replacement : "";
		*count = r->fix.count;
		return TG_OK;
	}
	return TG_ERR_NOTFOUND;
}
