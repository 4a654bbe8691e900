/*
 * The rule packs find secrets in files; util/redact.h redacts them in any
 * text that reaches an output. The two must agree on what a secret looks
 * like: after tg_redact_text, no redacting rule finds its secret in any of
 * its own examples any more. A new secret rule whose shape the redactor does
 * not know fails here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "rules/rules.h"
#include "util/error.h"
#include "util/redact.h"

struct count {
	struct tg_sink sink;
	const char *rule;
	size_t hits;
};

static int count_emit(struct tg_sink *s, struct tg_item *it)
{
	struct count *c = s->data;

	c->hits += it->rule_id && !strcmp(it->rule_id, c->rule);
	tg_item_release(it);
	tg_item_init(it);
	return TG_OK;
}

static size_t hits(struct tg_ruleset *rs, struct tg_rules_scratch *s, const char *rule,
                   const char *path, const struct tg_buf *text)
{
	struct count c = {{count_emit, NULL}, rule, 0};

	c.sink.data = &c;
	assert_int_equal(tg_rules_scan(rs, s, NULL, path, (const unsigned char *)text->buf,
	                               text->len, &c.sink),
	                 TG_OK);
	return c.hits;
}

static void every_redacting_rule_example_is_redacted_in_text(void **state)
{
	struct tg_ruleset *rs = NULL;
	struct tg_rules_scratch *s;
	size_t i, k, checked = 0, missed = 0;
	uint64_t seed;

	(void)state;
	assert_int_equal(tg_rules_load(&rs, NULL, NULL, NULL), TG_OK);
	tg_rules_set_cache_dir(rs, NULL);
	assert_int_equal(tg_rules_compile(rs), TG_OK);
	s = tg_rules_scratch_new(rs);
	for (i = 0; i < tg_rules_count(rs); i++) {
		struct tg_rule_info r;
		tg_rules_info(rs, i, &r);
		if (!r.redact)
			continue;
		for (k = 0; k < r.match->nr; k++)
			for (seed = 1; seed <= 5; seed++) {
				struct tg_buf ex = TG_BUF_INIT, red = TG_BUF_INIT;
				const char *path = tg_rules_example_path(r.languages);
				assert_int_equal(tg_rules_expand_example(&ex, r.match->v[k], seed),
				                 TG_OK);
				if (hits(rs, s, r.id, path, &ex)) {
					tg_redact_text(&red, ex.buf, ex.len);
					checked++;
					if (hits(rs, s, r.id, path, &red)) {
						printf("%s: still found after redaction: %s\n",
						       r.id, red.buf);
						missed++;
					}
				}
				tg_buf_release(&ex);
				tg_buf_release(&red);
			}
	}
	tg_rules_scratch_free(s);
	tg_ruleset_free(rs);
	assert_int_equal(missed, 0);
	assert_true(checked >= 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(every_redacting_rule_example_is_redacted_in_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
