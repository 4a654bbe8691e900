/*
 * The history source: git history gives hotspots (revisions x complexity)
 * and knowledge risks as items, and each file's change rate, which becomes
 * the interest on its technical debt when the backlog is scored.
 */
#include "discover/discover.h"

#include "history/history.h"
#include "util/error.h"
#include "util/log.h"

/* Hotspot items beyond this many are noise: the top of the list is the point. */
#define HOTSPOT_ITEMS 20

static int collect(const struct tg_discover_ctx *ctx, struct tg_sink *sink,
                   struct tg_source_run *run, struct tg_strlist *skipped)
{
	const struct tg_config *cfg = ctx->cfg;
	struct tg_history_opts o;
	struct tg_history *h = NULL;
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
	rc = tg_history_build(&h, ctx->root, &o);
	if (rc)
		return rc;
	if (tg_history_partial(h))
		tg_strlist_add(skipped, "git history: shallow clone, counts are partial "
		                        "(fetch full history: git fetch --unshallow, or "
		                        "fetch-depth: 0 in CI)");
	rc = tg_history_emit_items(h, &o, tg_history_complexity, NULL, HOTSPOT_ITEMS, sink);
	if (!rc)
		tg_strlist_add(&run->covered, "");
	*ctx->history = h;
	return rc;
}

const struct tg_source tg_source_history = {"history", "architecture_analysis", collect, 0};

double tg_discover_change_rate(const char *path, void *arg)
{
	return tg_history_change_rate(arg, path);
}
