/*
 * The history source: git history gives hotspots (recent activity x sqrt(complexity))
 * and knowledge risks as items, and each file's change rate, which becomes
 * the interest on its technical debt when the backlog is scored.
 */
#include "discover/discover.h"

#include "history/history.h"
#include "store/store.h"
#include "util/error.h"
#include "util/log.h"

#include <string.h>

/*
 * Hotspot items: the top of the ranking (activity x sqrt(complexity), see
 * history/activity.c). bench/backtest.sh found the top 50 still twice as
 * likely as the average source file to get a bug fix within the year.
 */
#define HOTSPOT_ITEMS 50
/*
 * The first this many are high severity: where the next fixes most likely
 * land. Only a few: a file-level hotspot is advice to refactor, not a change
 * to make, and ten of them filled the top of every backlog; the complex
 * functions of hot files rank on their own (their debt bears the file's
 * churn as interest).
 */
#define HOTSPOT_HIGH 3

struct ranked {
	struct tg_sink *to;
	int hotspots;
};

/*
 * A hotspot's inputs by its rank. Measured against the fixes that followed,
 * the best hotspots predicted better than a single complex function does
 * (README: "How well the backlog predicts"), so the first three are set to
 * score above complexity items of the same file: value 8 and risk reduction
 * 13, a job of 5, impact 7. The rest are medium, with value and risk
 * reduction 5, below a high finding. The confidence falls from 9 by a tenth
 * a rank, so equal inputs do not leave their order to the fingerprint.
 */
static int emit_ranked(struct tg_sink *sink, struct tg_item *it)
{
	struct ranked *r = sink->data;

	if (it->rule_id && !strcmp(it->rule_id, "history/hotspot")) {
		int rank = r->hotspots++, top = rank < HOTSPOT_HIGH;

		it->severity = top ? TG_SEV_HIGH : TG_SEV_MEDIUM;
		it->job_size = 5;
		it->inputs.business_value = top ? 8 : 5;
		it->inputs.time_criticality = 3;
		it->inputs.risk_reduction = top ? 13 : 5;
		it->inputs.impact = 7;
		it->inputs.confidence = 9.0 - 0.1 * rank;
	}
	return r->to->emit(r->to, it);
}

static int collect(const struct tg_discover_ctx *ctx, struct tg_sink *sink,
                   struct tg_source_run *run, struct tg_strlist *skipped)
{
	const struct tg_config *cfg = ctx->cfg;
	struct tg_history_opts o;
	struct tg_history *h = NULL;
	struct tg_store *st = NULL;
	struct ranked ranked = {sink, 0};
	struct tg_sink ranked_sink = {emit_ranked, &ranked};
	int rc;

	tg_history_opts_init(&o);
	o.since = cfg->history.since && *cfg->history.since ? cfg->history.since : NULL;
	o.first_parent = cfg->history.first_parent;
	o.min_revs = cfg->history.min_revs;
	o.min_shared_revs = cfg->history.min_shared_revs;
	o.min_coupling = cfg->history.min_coupling;
	o.inactive_months = cfg->history.inactive_months;
	o.bots = &cfg->history.bots;
	/* Knowledge risk is about the project's own code: not vendored, tests, examples, docs. */
	o.knowledge_min_lines = cfg->history.knowledge_min_lines;
	o.knowledge_skip[0] = &cfg->value_discovery.contexts.vendored;
	o.knowledge_skip[1] = &cfg->value_discovery.contexts.fixture;
	o.knowledge_skip[2] = &cfg->value_discovery.contexts.test;
	o.knowledge_skip[3] = &cfg->value_discovery.contexts.example;
	o.knowledge_skip[4] = &cfg->value_discovery.contexts.docs;
	o.now = ctx->now;
	/*
	 * The history is kept in the store on its own connection (the run's
	 * writes come after every source), so a rerun reads only the commits
	 * after the stored head. A store that cannot be opened costs time, not
	 * results.
	 */
	if (ctx->use_store && !o.since &&
	    tg_store_open_in(&st, ctx->root, cfg->store.path, TG_STORE_CREATE, -1)) {
		tg_warn("history: reading all of it (no store: %s)", tg_error_message());
		tg_error_clear();
		st = NULL;
	}
	o.store = st;
	rc = tg_history_build(&h, ctx->root, &o);
	if (rc) {
		if (st)
			tg_store_close(st);
		return rc;
	}
	tg_debug("history: commits read %ld, served from the store %ld", tg_history_commits_read(h),
	         tg_history_commits(h) - tg_history_commits_read(h));
	if (tg_history_partial(h))
		tg_strlist_add(skipped, "git history: shallow clone, counts are partial "
		                        "(fetch full history: git fetch --unshallow, or "
		                        "fetch-depth: 0 in CI)");
	rc = tg_history_emit_items(h, &o, tg_history_complexity, NULL, HOTSPOT_ITEMS, &ranked_sink);
	if (!rc)
		tg_strlist_add(&run->covered, "");
	tg_history_forget_store(h); /* closed here; the history outlives it */
	if (st)
		tg_store_close(st);
	*ctx->history = h;
	return rc;
}

const struct tg_source tg_source_history = {"history", "architecture_analysis", collect, 0, NULL};

double tg_discover_change_rate(const char *path, void *arg)
{
	return tg_history_change_rate(arg, path);
}
