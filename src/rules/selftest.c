/*
 * `rules test`: every rule's examples, expanded from their templates at run
 * time (so no real-format secret is ever written down), must produce an open
 * item of that rule (`match`) or none (`no_match`); a rule's fix-regex must turn each fix example's
 * `before` (found) into its `after` (no longer found). A failure is described by
 * the template, never by the expanded text, which may hold a secret.
 */
#include "rules/rule_int.h"

#include "util/alloc.h"
#include "util/error.h"
#include "util/hash.h"

#include <string.h>

struct example_sink {
	struct tg_sink sink;
	const char *rule;
	int hits;
};

static int count_hit(struct tg_sink *s, struct tg_item *it)
{
	struct example_sink *es = (struct example_sink *)s;

	if (!strcmp(it->rule_id, es->rule) && it->status == TG_STATUS_OPEN)
		es->hits++;
	tg_item_release(it);
	return TG_OK;
}

static int run_one(const struct tg_ruleset *rs, struct tg_rules_scratch *scr, size_t ri,
                   const char *tmpl, size_t k, int want, struct tg_strlist *failures)
{
	const struct tg_rule *r = &rs->rules[ri];
	struct example_sink es = {{count_hit, NULL}, r->id, 0};
	struct tg_buf text = TG_BUF_INIT, msg = TG_BUF_INIT;
	int ret;

	ret = tg_rules_expand_example(&text, tmpl, tg_hash64(r->id, strlen(r->id)) + k);
	if (!ret) {
		tg_buf_addch(&text, '\n');
		ret = tg_rules_scan(rs, scr, NULL, tg_rules_example_path(&r->languages),
		                    (const unsigned char *)text.buf, text.len, &es.sink);
	}
	if (ret)
		tg_buf_addf(&msg, "%s:%d: rule %s: %s example %zu: %s", r->pack, r->line, r->id,
		            want ? "match" : "no_match", k + 1, tg_error_message());
	else if (want && !es.hits)
		tg_buf_addf(&msg, "%s:%d: rule %s: match example %zu did not match: %s", r->pack,
		            r->line, r->id, k + 1, tmpl);
	else if (!want && es.hits)
		tg_buf_addf(&msg, "%s:%d: rule %s: no_match example %zu matched: %s", r->pack,
		            r->line, r->id, k + 1, tmpl);
	if (msg.len)
		tg_strlist_add(failures, msg.buf);
	tg_buf_release(&text);
	tg_buf_release(&msg);
	return msg.len ? 1 : 0;
}

static int scan_hits(const struct tg_ruleset *rs, struct tg_rules_scratch *scr, size_t ri,
                     const struct tg_buf *text, int *hits)
{
	const struct tg_rule *r = &rs->rules[ri];
	struct example_sink es = {{count_hit, NULL}, r->id, 0};
	int ret = tg_rules_scan(rs, scr, NULL, tg_rules_example_path(&r->languages),
	                        (const unsigned char *)text->buf, text->len, &es.sink);

	*hits = es.hits;
	return ret;
}

/* A fix example: `before` is found, the fix-regex turns it into `after`, which is not. */
static void run_fix(const struct tg_ruleset *rs, struct tg_rules_scratch *scr, size_t ri, size_t k,
                    struct tg_strlist *failures)
{
	const struct tg_rule *r = &rs->rules[ri];
	uint64_t seed = tg_hash64(r->id, strlen(r->id)) + 1000 + k;
	struct tg_buf before = TG_BUF_INIT, after = TG_BUF_INIT, got = TG_BUF_INIT;
	struct tg_buf msg = TG_BUF_INIT;
	int hits = 0, n = 0, ret;

	ret = tg_rules_expand_example(&before, r->fix_before.v[k], seed);
	if (!ret)
		ret = tg_rules_expand_example(&after, r->fix_after.v[k], seed);
	if (!ret) {
		tg_buf_addch(&before, '\n');
		tg_buf_addch(&after, '\n');
		n = tg_rules_fix_apply(r->fix.regex, r->fix.replacement ? r->fix.replacement : "",
		                       r->fix.count, before.buf, before.len, &got);
		ret = n < 0 ? n : scan_hits(rs, scr, ri, &before, &hits);
	}
	tg_buf_addf(&msg, "%s:%d: rule %s: fix example %zu: ", r->pack, r->line, r->id, k + 1);
	if (ret)
		tg_buf_adds(&msg, tg_error_message());
	else if (!hits)
		tg_buf_addf(&msg, "before did not match: %s", r->fix_before.v[k]);
	else if (strcmp(got.buf, after.buf) && r->secret_group) /* never show a secret */
		tg_buf_addf(&msg, "the fix does not give '%s'", r->fix_after.v[k]);
	else if (strcmp(got.buf, after.buf))
		tg_buf_addf(&msg, "the fix gives '%.*s', not '%s'", (int)(got.len - 1), got.buf,
		            r->fix_after.v[k]);
	else if (!scan_hits(rs, scr, ri, &after, &hits) && hits)
		tg_buf_addf(&msg, "after still matches: %s", r->fix_after.v[k]);
	else
		tg_buf_reset(&msg);
	if (msg.len)
		tg_strlist_add(failures, msg.buf);
	tg_buf_release(&before), tg_buf_release(&after), tg_buf_release(&got);
	tg_buf_release(&msg);
}

int tg_rules_test_examples(const struct tg_ruleset *rs, struct tg_strlist *failures,
                           size_t *examples)
{
	struct tg_rules_scratch *scr = tg_rules_scratch_new(rs);
	size_t i, k;

	if (!scr)
		return tg_error_set(TG_ERR_RUN, "rules: cannot allocate scratch space");
	*examples = 0;
	for (i = 0; i < rs->nr; i++) {
		const struct tg_rule *r = &rs->rules[i];
		struct tg_buf m = TG_BUF_INIT;
		if (r->dead || r->disabled)
			continue;
		if (!r->match.nr || !r->no_match.nr) {
			tg_buf_addf(&m,
			            "%s:%d: rule %s: needs at least one match and one no_match "
			            "example",
			            r->pack, r->line, r->id);
			tg_strlist_add(failures, m.buf);
			tg_buf_release(&m);
		}
		for (k = 0; k < r->match.nr; k++, (*examples)++)
			run_one(rs, scr, i, r->match.v[k], k, 1, failures);
		for (k = 0; k < r->no_match.nr; k++, (*examples)++)
			run_one(rs, scr, i, r->no_match.v[k], k, 0, failures);
		if (r->fix.regex && !r->fix_before.nr) {
			tg_buf_addf(&m,
			            "%s:%d: rule %s: a fix-regex needs at least one fix example",
			            r->pack, r->line, r->id);
			tg_strlist_add(failures, m.buf);
			tg_buf_release(&m);
		}
		for (k = 0; r->fix.regex && k < r->fix_before.nr; k++, (*examples)++)
			run_fix(rs, scr, i, k, failures);
	}
	tg_rules_scratch_free(scr);
	return TG_OK;
}
