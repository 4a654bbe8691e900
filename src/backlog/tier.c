/*
 * Which findings are work to act on now. Maintainers of redis, curl,
 * sqlalchemy, flask and requests judged the top 30 of each backlog
 * (bench/judged/): ownership facts, functions that are long but hold no
 * decisions, test keys and low-severity hygiene were noise at the top every
 * time, yet each is true and worth seeing. So they are kept, below the work,
 * with the reason.
 */
#include "backlog/tier.h"

#include <string.h>

struct watch_rule {
	const char *rule, *why;
};

static const struct watch_rule watch_rules[] = {
        {"history/knowledge-risk",
         "ownership: plan who learns the code; no change to the code fixes it"},
        {"history/bus-factor",
         "ownership: plan who learns the code; no change to the code fixes it"},
        {"long-function", "length alone: no decision logic to untangle"},
        {"large-file", "a long file without a hotspot: nothing says the length costs now"},
        /* Structure inferred from the graph, not a rule the team set (a layering
         * violation against architecture.layers stays work): all eight such items at
         * the top of redis, curl, sqlalchemy and flask were judged noise (include-
         * guarded header cycles, Python cycles through lazy imports). */
        {"architecture/import-cycle", "structure to know: no measured cost of the cycle"},
        {"architecture/module-cycle", "structure to know: no measured cost of the cycle"},
        {"architecture/unstable-dependency", "structure to know: no measured cost"},
        {"architecture/fan-out", "structure to know: no measured cost"},
};

/* The scanner's markers: rule "<kind>-marker" of category debt (TODO, FIXME, XXX, ...). */
static int is_marker(const struct tg_item *it)
{
	size_t n = it->rule_id ? strlen(it->rule_id) : 0;

	return n > 7 && !strcmp(it->rule_id + n - 7, "-marker") && it->category &&
	       !strcmp(it->category, "debt");
}

static int audit_requirement(const struct tg_item *it)
{
	return it->category && !strcmp(it->category, "compliance") && it->scores.boost > 1;
}

const char *tg_item_watch_reason(const struct tg_item *it)
{
	size_t i;

	switch (it->context) {
	case TG_CONTEXT_CODE:
		break;
	case TG_CONTEXT_TEST:
		return "in test code";
	case TG_CONTEXT_FIXTURE:
		return "in a test fixture";
	case TG_CONTEXT_EXAMPLE:
		return "in an example";
	case TG_CONTEXT_DOCS:
		return "in documentation";
	case TG_CONTEXT_VENDORED:
		return "in vendored code";
	}
	/* An audit requirement (a control of a configured framework: score.c boosted it)
	 * is work whatever its severity: an auditor asks for it. */
	if (it->severity <= TG_SEV_LOW && !audit_requirement(it))
		return "low severity";
	/* A rule's own LOW confidence (an audit pattern: eval, MD5) or a card number
	 * without a card word: often intended, worth a look, not the next change. */
	if (it->source && !strcmp(it->source, "rules") && it->inputs.confidence > 0 &&
	    it->inputs.confidence <= 4)
		return "a pattern that is often intended (low confidence): review it";
	for (i = 0; i < sizeof(watch_rules) / sizeof(*watch_rules); i++)
		if (tg_item_is_rule(it, watch_rules[i].rule))
			return watch_rules[i].why;
	/* TODO, FIXME, XXX...: all twelve that reached the judges' top 30 were noise
	 * (typing notes, deferrals to a major version, FIXMEs untouched for 12 years). */
	if (is_marker(it))
		return "a note the authors left where they work: resolve it when working there";
	return NULL;
}

const char *tg_tier_name(enum tg_tier t)
{
	return t == TG_TIER_WATCH ? "watch" : "act";
}
