#ifndef TG_RULES_TREE_H
#define TG_RULES_TREE_H

#include <stddef.h>

#include "backlog/item.h"
#include "rules/rules.h"
#include "walk/walk.h"

/* `rules scan` over files and trees: every finding of every file read. */

struct tg_rules_findings {
	struct tg_item *v;
	size_t nr, alloc;
	size_t files, bytes; /* read and scanned */
};

#define TG_RULES_FINDINGS_INIT                                                                     \
	{                                                                                          \
		NULL, 0, 0, 0, 0                                                                   \
	}

/*
 * Scans wo->root with rs (compiled) and appends its findings to out: a file
 * is read as it is, binaries (models) too; a directory is walked with wo, on
 * its workers. Returns TG_OK, the read's error, or what tg_walk_run() returns.
 */
int tg_rules_scan_tree(const struct tg_ruleset *rs, const struct tg_walk_opts *wo,
                       struct tg_rules_findings *out);
/* Orders the findings by path, line, column and rule id. */
void tg_rules_findings_sort(struct tg_rules_findings *f);
void tg_rules_findings_release(struct tg_rules_findings *f);

#endif
