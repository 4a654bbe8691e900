#ifndef TG_FUNCTIONS_TREE_H
#define TG_FUNCTIONS_TREE_H

#include <stddef.h>

#include "functions/functions.h"
#include "util/strlist.h"
#include "walk/walk.h"

/* `functions` over a tree: every function of every file the walk hands over. */

struct tg_function_row {
	const char *path; /* relative to the walk root; shared by the file's rows */
	struct tg_function f;
};

struct tg_function_table {
	struct tg_function_row *v;
	size_t nr;
	struct tg_walk_stats stats;
	char **paths; /* the rows' paths, owned */
	size_t paths_nr;
};

#define TG_FUNCTION_TABLE_INIT                                                                     \
	{                                                                                          \
		NULL, 0, TG_WALK_STATS_INIT, NULL, 0                                               \
	}

/*
 * Scans the files of the walk wo in the languages tg_functions_supported()
 * knows, only those named in langs when it is not empty (as tg_lang names
 * them), on wo's workers. Rows are in no order. Returns what tg_walk_run()
 * returns; on failure *out is released.
 */
int tg_functions_tree(struct tg_function_table *out, const struct tg_walk_opts *wo,
                      const struct tg_strlist *langs);
void tg_function_table_release(struct tg_function_table *t);

/* Limits on a function's measures; -1: none. */
struct tg_function_limits {
	long ccn, nloc, params, tokens;
};

#define TG_FUNCTION_LIMITS_NONE                                                                    \
	{                                                                                          \
		-1, -1, -1, -1                                                                     \
	}

/* Whether f is over a limit: strictly greater, as lizard warns. */
int tg_function_over(const struct tg_function *f, const struct tg_function_limits *lim);
/* Keeps only the rows over a limit. */
void tg_function_table_keep_over(struct tg_function_table *t, const struct tg_function_limits *lim);

/* Orders: by path then line (then rank on the line); by the measure, largest first; by name. */
enum tg_function_order {
	TG_FUNCTIONS_BY_PATH,
	TG_FUNCTIONS_BY_CCN,
	TG_FUNCTIONS_BY_NLOC,
	TG_FUNCTIONS_BY_NAME
};
void tg_function_table_sort(struct tg_function_table *t, enum tg_function_order by);

#endif
