/*
 * The backlog's order: the work to act on now, then the watch list
 * (backlog/tier.h), each by score, with one exception at the top. The top is
 * what people read and what execute acts on, and a rule that fires often
 * (a complex function in every module, a hotspot in every busy file) would
 * otherwise fill it with one kind of work. So in the first ORDER_TOP places
 * one rule holds at most ORDER_MAX_SAME of any ORDER_WINDOW consecutive
 * places: its next item waits until other rules' items have taken their
 * turn, and takes the first place where it fits. The scores themselves are
 * untouched (a score never depends on the other items); below the top, the
 * order is the score's alone.
 */
#include "backlog/backlog.h"
#include "backlog/tier.h"

#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

#define ORDER_TOP      50
#define ORDER_WINDOW   10
#define ORDER_MAX_SAME 3

static int same_rule(const struct tg_item *a, const struct tg_item *b)
{
	if (!a->rule_id || !b->rule_id)
		return a->rule_id == b->rule_id;
	return !strcmp(a->rule_id, b->rule_id);
}

/* Does `it` fit after the placed items: fewer than the maximum of its rule in the window? */
static int fits(const struct tg_item *placed, size_t nr, const struct tg_item *it)
{
	size_t i = nr > ORDER_WINDOW - 1 ? nr - (ORDER_WINDOW - 1) : 0;
	int same = 0;

	for (; i < nr; i++)
		same += same_rule(&placed[i], it);
	return same < ORDER_MAX_SAME;
}

/* Moves the watch list after the work, each keeping its order; returns the work's count. */
static size_t partition_tiers(struct tg_backlog *b)
{
	struct tg_item *out = tg_malloc((b->nr ? b->nr : 1) * sizeof(*out));
	size_t act = 0, i, w;

	for (i = 0; i < b->nr; i++)
		if (tg_item_tier(&b->items[i]) == TG_TIER_ACT)
			out[act++] = b->items[i];
	for (i = 0, w = act; i < b->nr; i++)
		if (tg_item_tier(&b->items[i]) == TG_TIER_WATCH)
			out[w++] = b->items[i];
	if (b->nr) /* b->items is NULL in an empty backlog */
		memcpy(b->items, out, b->nr * sizeof(*out));
	free(out);
	return act;
}

void tg_backlog_order(struct tg_backlog *b)
{
	struct tg_item *out;
	unsigned char *taken;
	size_t placed = 0, i, top, act;

	if (b->nr)
		qsort(b->items, b->nr, sizeof(*b->items), tg_score_compare);
	act = partition_tiers(b);
	top = act < ORDER_TOP ? act : ORDER_TOP;
	if (act <= ORDER_MAX_SAME)
		return;
	out = tg_malloc(b->nr * sizeof(*out));
	taken = tg_calloc(b->nr, 1);
	while (placed < top) {
		size_t pick = b->nr, first = b->nr;
		for (i = 0; i < act && pick == b->nr; i++) {
			if (taken[i])
				continue;
			if (first == b->nr)
				first = i;
			if (fits(out, placed, &b->items[i]))
				pick = i;
		}
		if (pick == b->nr) /* only items of crowded rules are left */
			pick = first;
		taken[pick] = 1;
		out[placed++] = b->items[pick];
	}
	for (i = 0; i < b->nr; i++)
		if (!taken[i])
			out[placed++] = b->items[i];
	memcpy(b->items, out, b->nr * sizeof(*out));
	free(out);
	free(taken);
}
