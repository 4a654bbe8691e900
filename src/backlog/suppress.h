#ifndef TG_SUPPRESS_H
#define TG_SUPPRESS_H

/*
 * Suppression, used by every source: an inline `terragon:ignore` or
 * `terragon:ignore[rule-id,...]` comment on the item's line or the line above
 * (for a function item, its first line), and the configuration's
 * value_discovery.ignore entries by fingerprint, rule or path glob (git's
 * wildmatch on the whole path, util/wildmatch.h), each with a reason and an
 * optional expiry. A suppressed item is kept, with status
 * suppressed, so its history is not lost.
 */

#include "backlog/item.h"

#include <stddef.h>
#include <time.h>

/* Does the file's text suppress rule_id at 1-based `line`? */
int tg_suppress_inline(const unsigned char *data, size_t len, int line, const char *rule_id);

struct tg_suppress_rule {
	const char *fingerprint, *rule, *path, *reason;
	time_t expires; /* 0 = never */
};

/*
 * Marks it suppressed when one rule matches and has not expired at now;
 * returns the matching rule's index or -1. A fingerprint rule may be a
 * prefix of 6 or more characters.
 */
long tg_suppress_match(const struct tg_suppress_rule *rules, size_t nr, struct tg_item *it,
                       time_t now);

#endif
