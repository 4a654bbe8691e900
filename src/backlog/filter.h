#ifndef TG_BACKLOG_FILTER_H
#define TG_BACKLOG_FILTER_H

/*
 * The backlog's filters, the same for `terragon backlog` (its options) and
 * `terragon serve`'s /api/backlog (its query parameters).
 */

#include "backlog/item.h"
#include "backlog/tier.h"
#include "util/strlist.h"

struct tg_backlog_filter {
	const char *category; /* NULL: any */
	const char *path;     /* a glob (git's wildmatch) or a path prefix; NULL: any */
	int has_severity;     /* only min_severity and above */
	enum tg_severity min_severity;
	double min_score;
	const char *tier; /* "act" or "watch" (backlog/tier.h); NULL or "all": any */
	/* Fingerprints of the items opened after a run (tg_persist_new_since); NULL: any. */
	const struct tg_strlist *fresh;
};

/* Whether the item passes every filter set. */
int tg_backlog_filter_keep(const struct tg_backlog_filter *f, const struct tg_item *it);
/* The same for an item whose tier is known (serve's index keeps the tier, not the fields
 * it comes from). */
int tg_backlog_filter_keep_tier(const struct tg_backlog_filter *f, const struct tg_item *it,
                                enum tg_tier tier);

#endif
