/* The backlog's filters (filter.h), moved from cmd/backlog.c for serve's API. */
#include "backlog/filter.h"
#include "backlog/tier.h"

#include "util/wildmatch.h"

#include <string.h>

int tg_backlog_filter_keep(const struct tg_backlog_filter *f, const struct tg_item *it)
{
	return tg_backlog_filter_keep_tier(f, it, tg_item_tier(it));
}

int tg_backlog_filter_keep_tier(const struct tg_backlog_filter *f, const struct tg_item *it,
                                enum tg_tier tier)
{
	if (f->category && (!it->category || strcmp(f->category, it->category)))
		return 0;
	if (f->has_severity && it->severity < f->min_severity)
		return 0;
	if (it->scores.composite < f->min_score)
		return 0;
	if (f->path && (!it->path || (!tg_wildmatch(f->path, it->path, TG_WM_PATHNAME) &&
	                              strncmp(it->path, f->path, strlen(f->path)))))
		return 0;
	if (f->tier && strcmp(f->tier, "all") && strcmp(f->tier, tg_tier_name(tier)))
		return 0;
	if (f->fresh && tg_strlist_find(f->fresh, it->fingerprint) < 0)
		return 0;
	return 1;
}
