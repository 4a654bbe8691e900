#ifndef TG_EXECUTE_ATTEMPT_H
#define TG_EXECUTE_ATTEMPT_H

#include "execute/execute_int.h"

struct exec_ctx {
	const struct tg_config *cfg;
	const char *root;
	struct tg_store *store;
	struct tg_buf *out;
	int dry_run;
	int named;            /* --item: the user chose the item, watch list or not */
	enum tg_git_role git; /* a dry run's git is a reader: it runs no hook, filter or signer */
	struct tg_github gh;
	char *base;     /* the base branch's name, as the pull request names it */
	char *base_ref; /* where the worktree starts: <remote>/<base> or <base> */
	char *base_sha;
	uint64_t state;           /* the user's tree before */
	struct tg_ruleset *rules; /* for fix-regex; NULL when they could not be loaded */
	struct verify_bases *bases;
};

/* Returns 0, TG_EXIT_FAIL or TG_EXIT_RUN; *proposed is set when a pull request
 * was opened (or, in dry-run, would have been). */
struct tg_item;
struct tg_ruleset;
/* The fix-regex for the item, if its rule has one (and it has a path). */
int exec_rule_fix(const struct exec_ctx *c, const struct tg_item *it, const char **regex,
                  const char **repl, int *count);
int exec_attempt(struct exec_ctx *c, const struct tg_item *it, int *proposed);

#endif
