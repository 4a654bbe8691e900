#ifndef TG_EXECUTE_INTERNAL_H
#define TG_EXECUTE_INTERNAL_H

/* What the execute module's files share. */

#include "execute/execute.h"
#include "github/github.h"
#include "repo/repo.h"
#include "util/strlist.h"

#include <stdint.h>

/* A hash of the user's tree state: HEAD, index, tracked and untracked content. */
int tree_state(enum tg_git_role git, const char *root, uint64_t *out);

/* Applies a rule's fix-regex to the item's lines of its file under tree;
 * TG_ERR_NOTFOUND when it matches nothing there. */
struct tg_item;
int apply_fix(const char *tree, const struct tg_item *it, const char *regex, const char *repl,
              int count);
/* Applies the SARIF fix the item carries (it->fix) under tree; refuses, with
 * the reason, a region whose text is not what the fix expects. */
int apply_sarif_fix(const char *tree, const struct tg_item *it);

/*
 * A dependency bump (fix_deps.c): the manifest and in-place lockfile edits
 * are made under tree by bump_plan_apply; `command`, when set, is the
 * configured lockfile command the caller runs in the sandbox with
 * TERRAGON_DEP_ECOSYSTEM, TERRAGON_DEP_NAME and TERRAGON_DEP_VERSION set.
 * TG_ERR_NOTFOUND with the reason when no safe edit reaches the fix.
 */
struct bump {
	int eco; /* enum tg_eco */
	char *name, *from, *to;
	const char *command;
	struct tg_buf note; /* one Markdown line per change, for the pull request */
};
int bump_plan_apply(const struct tg_config *cfg, const char *tree, const struct tg_item *it,
                    struct bump *b);
void bump_release(struct bump *b);

/* The store's executions table. */
struct execution {
	const char *fingerprint, *branch, *outcome, *reason, *gates, *pr_url;
	time_t started, finished;
	int dry_run;
	const char *commit; /* the fix's commit, or NULL (the audit trail's) */
	int pushed;         /* the branch reached the remote */
	int rolled_back;    /* and was deleted there again: no pull request */
};
int record_execution(struct tg_store *st, const struct execution *e);
int record_in_progress(struct tg_store *st, const char *fingerprint, time_t now);

/* What re-running discovery on the changed worktree said (verify.c). */
struct verification {
	int verified;         /* the item's source ran again and no longer finds it */
	int failed;           /* it is still there, or a new critical item appeared */
	struct tg_buf detail; /* how it was checked, why it could not be, or why it failed */
};
/*
 * Runs the item's source again on tree (the worktree after the change, whose
 * base is base_sha in root; git in the role git) into memory, never the store. TG_OK when the item
 * is gone and no new critical item appeared, and when it cannot be checked
 * (v->verified 0: an imported finding without a configured analyzer, or a
 * source that cannot run on a tree); otherwise a status whose message is why.
 */
struct verify_bases; /* what each source found in the base commit, kept for the run */
struct verify_bases *verify_bases_new(void);
void verify_bases_free(struct verify_bases *b);
int verify_change(const struct tg_config *cfg, const char *root, const char *base_sha,
                  enum tg_git_role git, struct verify_bases *bases, const char *tree,
                  const struct tg_item *it, struct verification *v);
/* The executions' gates JSON with the verification first (when checked). */
void verify_gates_json(struct tg_buf *out, const struct verification *v, int checked,
                       const char *gates);

/* Runs the executor in tree, inside bubblewrap where it can run (sandbox.c),
 * with <scratch>/tmp as its TMPDIR; otherwise as tg_proc_run_input does. The
 * tree's git directory is asked of git in the role git. */
int exec_run_executor(enum tg_git_role git, const char *tree, const char *scratch, const char *cmd,
                      int timeout_s, const char *log, const char *input, size_t len, int *code);

/* A reusable worktree (tree.c), held under an flock while open. */
struct exec_tree {
	struct tg_buf path;
	enum tg_git_role git; /* a dry run's trees are a reader's, made and kept apart */
	int lock;
	uint64_t seal; /* the tree's git files, as made (exec_tree_intact) */
	int tainted;   /* they changed: git must not run in the tree again */
};
/*
 * Takes a free kept worktree, cleaned (or makes one, detached at base_sha),
 * with git in the role git from then on. A tree made in the other role is
 * made again: a reader's checkout ran no smudge filter.
 */
int exec_tree_open(struct exec_tree *t, const char *root, const char *base_sha,
                   enum tg_git_role git);
/*
 * Whether the files that tell git where the tree's repository is (its .git
 * file; commondir, gitdir and config.worktree in its git directory) are as
 * they were when the tree was opened. The executor may write the tree and
 * that directory; redirected, the next git run in the tree would take its
 * configuration (hooks, fsmonitor) from wherever the executor chose, outside
 * the sandbox. When not, the tree is marked and close() drops it unread.
 */
int exec_tree_intact(struct exec_tree *t);
/* Creates branch at base_ref in the tree and checks it out; fails when the
 * branch exists (the branch is the item's lock). */
int exec_tree_branch(struct exec_tree *t, const char *branch, const char *base_ref,
                     struct tg_buf *err);
/* Cleans the tree and detaches it at base_sha (dropping it if that fails;
 * base_sha NULL: only unlocks), deletes branch (if not NULL), unlocks. */
void exec_tree_close(struct exec_tree *t, const char *root, const char *base_sha,
                     const char *branch);
/* rm -r that never follows a symbolic link. */
void exec_remove_dir(const char *path);

/* Masks the GitHub tokens' values and URLs' credentials in b. */
void audit_redact(struct tg_buf *b);
/* Appends the attempt's "execution" entry to the audit trail in st. */
int audit_append(struct tg_store *st, const struct execution *e, const char *verification);

#endif
