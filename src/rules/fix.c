/* The fix a rule carries (Semgrep's `fix-regex`), for execute and `rules test`. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "rules/rule_int.h"

#include "util/error.h"

#include <pcre2.h>
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

int tg_rules_fix_apply(const char *regex, const char *replacement, int count, const char *s,
                       size_t n, struct tg_buf *out)
{
	uint32_t opts =
	        PCRE2_SUBSTITUTE_OVERFLOW_LENGTH | (count == 1 ? 0 : PCRE2_SUBSTITUTE_GLOBAL);
	PCRE2_SIZE erroff, len = n * 2 + 256;
	int err, rc;
	pcre2_code *re =
	        pcre2_compile((PCRE2_SPTR)regex, PCRE2_ZERO_TERMINATED, 0, &err, &erroff, NULL);

	if (!re)
		return tg_error_set(TG_ERR_INPUT, "fix-regex does not compile at offset %zu",
		                    (size_t)erroff);
	for (;;) {
		tg_buf_grow(out, len + 1);
		len = out->alloc - out->len - 1;
		rc = pcre2_substitute(re, (PCRE2_SPTR)s, n, 0, opts, NULL, NULL,
		                      (PCRE2_SPTR)replacement, PCRE2_ZERO_TERMINATED,
		                      (PCRE2_UCHAR *)out->buf + out->len, &len);
		if (rc != PCRE2_ERROR_NOMEMORY)
			break;
	}
	pcre2_code_free(re);
	if (rc < 0) {
		PCRE2_UCHAR msg[160];
		pcre2_get_error_message(rc, msg, sizeof(msg));
		out->buf[out->len] = '\0';
		return tg_error_set(TG_ERR_INPUT, "fix-regex failed: %s", (const char *)msg);
	}
	tg_buf_setlen(out, out->len + len);
	return rc;
}
