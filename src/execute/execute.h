#ifndef TG_EXECUTE_H
#define TG_EXECUTE_H

/*
 * Autonomous execution: takes the highest-scored open items that something
 * can fix (the configured executor command), changes the code in a separate
 * git worktree on its own branch, runs the quality gates' commands, commits,
 * and (unless dry-run) pushes and opens a pull request through the GitHub
 * REST API. The user's working tree, index, HEAD and configuration are never
 * touched; every attempt is recorded in the store's executions table.
 */

#include "config/config.h"
#include "store/store.h"
#include "util/buf.h"

struct tg_execute_opts {
	int dry_run;
	int max_prs;
	const char *item; /* a fingerprint prefix, or NULL for the best items */
};

/*
 * Runs one execution pass over the stored backlog; what it did goes to out
 * (diffs and pull-request bodies in dry-run). Returns a negative status with
 * its message when it could not start (no token: TG_ERR_RUN; a bad --item or
 * base branch: TG_ERR_USAGE; the remote or the API unreachable: TG_ERR_RUN);
 * otherwise the exit code: 0 when it did what it could (also when nothing
 * was eligible), 1 when a candidate failed (its executor or its gates), 3
 * when the run failed (push rejected, API down). Each failure of an attempt
 * is logged as it happens and recorded in the store.
 */
int tg_execute_run(const struct tg_config *cfg, const char *root, struct tg_store *store,
                   const struct tg_execute_opts *o, struct tg_buf *out);

/*
 * Removes the worktrees execute keeps for reuse (<git common dir>/terragon/
 * tree-N), listing each in out; one a running execute holds is kept, and the
 * status says so.
 */
int tg_execute_remove_trees(const char *root, struct tg_buf *out);

/* Building blocks, public for tests. */
/* "<prefix><first 8 of fingerprint>-<slug of title>" */
void tg_execute_branch(struct tg_buf *out, const char *prefix, const char *fingerprint,
                       const char *title);

#endif
