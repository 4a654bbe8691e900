#ifndef TG_SCAFFOLD_H
#define TG_SCAFFOLD_H

/*
 * What `terragon init --workflows` and `terragon hooks install` write: the
 * workflow guide's GitHub Actions workflows and the git hooks, as text. No
 * file is touched here (cmd/init.c and cmd/hooks.c write them).
 *
 * Workflows are least privilege (top-level `permissions: {}`, grants per
 * job), pin every action to a commit with its version beside it, keep no
 * credential after checkout, and put no `${{ }}` expression inside `run:`
 * (values reach scripts through `env:`). tests/e2e/t_scaffold_workflows.sh
 * runs actionlint and shellcheck on them.
 */

#include "util/buf.h"

#include <stddef.h>

/* An action the workflows use, pinned: `uses: ACTION@SHA # VERSION`. */
struct tg_pinned_action {
	const char *key;    /* the template's %%key%% */
	const char *action; /* owner/repo[/path] */
	const char *sha;    /* the commit the version's tag points at */
	const char *version;
};
extern const struct tg_pinned_action tg_pinned_actions[];
extern const size_t tg_pinned_action_count;

size_t tg_workflow_count(void);
/* The file name under .github/workflows/ of workflow i. */
const char *tg_workflow_file(size_t i);
/* Appends workflow i's text, every action pinned, to out. */
void tg_workflow_render(size_t i, struct tg_buf *out);

enum tg_hook { TG_HOOK_PRE_COMMIT, TG_HOOK_PRE_PUSH, TG_HOOK_COUNT };
/* "pre-commit", "pre-push". */
const char *tg_hook_name(enum tg_hook h);
/* The first line after the shebang of every hook terragon writes. */
#define TG_HOOK_MARKER "# terragon hook:"
/* The suffix of the hook that was there before, which ours runs after itself. */
#define TG_HOOK_CHAINED ".local"
/* Appends hook h's POSIX shell script to out. */
void tg_hook_script(enum tg_hook h, struct tg_buf *out);

#endif
