#ifndef TG_BACKLOG_TIER_H
#define TG_BACKLOG_TIER_H

/*
 * The backlog's two tiers. Work to act on now comes first, ranked; the watch
 * list follows: findings that are true but are not the next change to make
 * (low severity, in tests or docs, ownership facts, length alone). Every item
 * stays in the backlog and its outputs; the tier only decides where it
 * ranks and whether execute takes it.
 */

#include "backlog/item.h"

enum tg_tier {
	TG_TIER_ACT = 0,
	TG_TIER_WATCH,
};

/* Why the item belongs on the watch list, or NULL when it is work to act on now. */
const char *tg_item_watch_reason(const struct tg_item *it);

static inline enum tg_tier tg_item_tier(const struct tg_item *it)
{
	return tg_item_watch_reason(it) ? TG_TIER_WATCH : TG_TIER_ACT;
}

const char *tg_tier_name(enum tg_tier t);

#endif
