/*
 * What turns the sources' raw findings into the backlog's items, the same in
 * a discover run, a --baseline run and execute's verification, so an item's
 * fingerprint is the same in all three: where each finding lives (its
 * context; vendored code left out unless asked for), then one item per
 * finding across sources, then one item per piece of work (grouping).
 * Each step is one call here, in that order.
 */
#include "discover/discover.h"

#include "backlog/context.h"
#include "backlog/group.h"
#include "backlog/merge.h"
#include "util/clock.h"
#include "util/alloc.h"
#include "util/hashmap.h"
#include "util/log.h"

#include <stdlib.h>
#include <string.h>

/* The configuration's value_discovery.grouping; "file" when unset (keys.c checks it). */
static enum tg_grouping grouping_of(const struct tg_config *cfg)
{
	enum tg_grouping g = TG_GROUP_FILE;

	if (cfg && cfg->value_discovery.grouping)
		tg_grouping_parse(cfg->value_discovery.grouping, &g);
	return g;
}

struct vendored {
	int include;
	struct tg_run_summary *summary;
};

static int keep_unvendored(const struct tg_item *it, void *arg)
{
	struct vendored *v = arg;

	if (it->context != TG_CONTEXT_VENDORED || v->include)
		return 1;
	if (v->summary) {
		v->summary->vendored_items++;
		tg_strlist_add(&v->summary->left_out, it->fingerprint);
	}
	return 0;
}

/*
 * Classes every item with a path, and leaves vendored code out unless
 * value_discovery.include_vendored. Submodules are read from the run's root;
 * verification and --baseline (no summary) work on trees without their
 * submodules checked out, so they have none to class.
 */
static void classify(const struct tg_config *cfg, struct tg_backlog *b,
                     struct tg_run_summary *summary)
{
	struct tg_contexts *c =
	        tg_contexts_new(cfg, summary && summary->repo_root ? summary->repo_root : NULL);
	struct vendored v = {cfg->value_discovery.include_vendored, summary};
	size_t i;

	for (i = 0; i < b->nr; i++)
		if (b->items[i].path)
			b->items[i].context = tg_contexts_classify(c, b->items[i].path);
	tg_contexts_free(c);
	tg_backlog_retain(b, keep_unvendored, &v);
	if (summary)
		tg_strlist_sort(&summary->left_out);
}

/* A file-level finding of rule: the hotspot and large-file items folded below. */
static int is_rule(const struct tg_item *it, const char *rule)
{
	return it->path && tg_item_is_rule(it, rule);
}

/* retain hands each item at its position before the move: the flag array's index. */
static int not_dropped(const struct tg_item *it, void *arg)
{
	struct tg_backlog *b = ((void **)arg)[0];
	const unsigned char *drop = ((void **)arg)[1];

	return !drop[it - b->items];
}

/*
 * A hotspot and a large-file item of one file are one job (refactor that
 * file): the hotspot, which says why now, keeps the other as an occurrence.
 */
static void fold_file_items(struct tg_backlog *b)
{
	struct tg_hashmap hot = TG_HASHMAP_INIT;
	unsigned char *drop;
	size_t i, dropped = 0;

	for (i = 0; i < b->nr; i++)
		if (is_rule(&b->items[i], "history/hotspot"))
			tg_hashmap_put(&hot, b->items[i].path, strlen(b->items[i].path), NULL)
			        ->val.u64 = i;
	if (!hot.nr)
		return;
	drop = tg_calloc(b->nr ? b->nr : 1, 1);
	for (i = 0; i < b->nr; i++) {
		const struct tg_item *it = &b->items[i];
		struct tg_hashmap_entry *e;
		struct tg_item *h;
		if (!is_rule(it, "large-file") || it->status != TG_STATUS_OPEN ||
		    !(e = tg_hashmap_get(&hot, it->path, strlen(it->path))))
			continue;
		h = &b->items[e->val.u64];
		if (!h->occurrences_nr)
			tg_item_add_occurrence(h, h->path, h->start_line, h->end_line, h->source,
			                       h->rule_id);
		tg_item_add_occurrence(h, it->path, it->start_line, it->end_line, it->source,
		                       it->rule_id);
		drop[i] = 1;
		dropped++;
	}
	if (dropped) {
		void *arg[2] = {b, drop};
		tg_backlog_retain(b, not_dropped, arg);
	}
	free(drop);
	tg_hashmap_release(&hot);
}

void tg_discover_refine(const struct tg_config *cfg, struct tg_backlog *b,
                        struct tg_run_summary *summary)
{
	double t0 = tg_clock_mono();
	size_t merged;

	classify(cfg, b, summary);
	merged = tg_backlog_merge_findings(b);
	tg_backlog_group(b, grouping_of(cfg));
	fold_file_items(b);
	tg_debug("refine: %zu items merged into the same finding of another source, %.3f ms",
	         merged, (tg_clock_mono() - t0) * 1e3);
}
