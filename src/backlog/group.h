#ifndef TG_GROUP_H
#define TG_GROUP_H

/*
 * One item per piece of work (README.md, "Grouping"): the findings of one
 * rule in one file become one item listing each occurrence, or those of one
 * rule across the repository (a fix that is one change everywhere, such as
 * pinning every action). Only findings group: rule matches, secrets,
 * compliance findings and imported results; never metric items (one per
 * function), hotspots, dependencies or file-level items.
 */

#include "backlog/backlog.h"

/* "file", "rule" or "none" (the configuration's value_discovery.grouping);
 * TG_ERR_USAGE on another name. */
int tg_grouping_parse(const char *s, enum tg_grouping *out);
const char *tg_grouping_name(enum tg_grouping g);

/*
 * Folds b's findings as each item's own hint (it->grouping) says, or dflt
 * when the item defers. Findings of different status, source or rule never
 * merge. A grouped item takes a stable fingerprint (tg_group_fingerprint),
 * the highest severity, the first occurrence's place and evidence, every
 * occurrence in it->occurrences, a title with the count, and an effort
 * that grows with log2 of the count. A lone finding is left as it is.
 * Returns the number of items folded away.
 */
size_t tg_backlog_group(struct tg_backlog *b, enum tg_grouping dflt);

/*
 * The fingerprint of the grouped item holding it: the rule's file
 * fingerprint for TG_GROUP_FILE (tg_fingerprint_file(rule, path)), and for
 * TG_GROUP_RULE the same with the path "" (the repository). An imported
 * tool's rule is named "source/rule" so it never meets ours.
 */
void tg_group_fingerprint(char out[17], const struct tg_item *it, enum tg_grouping g);

/*
 * Keeps a grouped item open while one occurrence is left. That lone
 * finding has its own fingerprint (tg_backlog_group leaves it alone), so
 * when it is the only new item of a group the store holds open and this run
 * does not have, it takes the group's fingerprint instead. stored(fp, arg)
 * says the store's status of fp, or -1 when the store does not hold it.
 * Returns the number of items carried; b's index follows.
 */
size_t tg_group_carry(struct tg_backlog *b, int (*stored)(const char *fp, void *arg), void *arg);

/* The effort factor of n occurrences: 1 + log2(n) (1 for one). */
double tg_group_effort_factor(size_t n);

#endif
