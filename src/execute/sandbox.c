/*
 * The executor in bubblewrap: it may write its worktree, the worktree's own
 * git directory (its index, which `git status` refreshes) and a
 * scratch TMPDIR, and nothing else; the repository's shared git directory
 * (objects, refs, configuration) stays read-only, so it cannot commit, move
 * a branch or change the user's configuration either.
 */
#include "execute/execute_int.h"

#include "proc/proc.h"
#include "util/alloc.h"
#include "util/log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *git_path(enum tg_git_role git, const char *tree, const char *what)
{
	struct tg_buf out = TG_BUF_INIT;

	if (tg_repo_git_as(git, tree, &out, NULL, "rev-parse", "--path-format=absolute", what,
	                   NULL) ||
	    !out.len) {
		tg_buf_release(&out);
		return NULL;
	}
	tg_buf_trim(&out);
	return tg_buf_detach(&out, NULL);
}

/* The executor changes files; terragon pushes. It gets no token to push with. */
static const char *const tokens[] = {"TERRAGON_GITHUB_TOKEN", "GH_TOKEN", "GITHUB_TOKEN"};

int exec_run_executor(enum tg_git_role git, const char *tree, const char *scratch, const char *cmd,
                      int timeout_s, const char *log, const char *input, size_t len, int *code)
{
	static int told;
	struct tg_buf tmp = TG_BUF_INIT;
	char *gitdir = git_path(git, tree, "--git-dir");
	const char *writable[] = {tree, gitdir, NULL};
	struct tg_sandbox sb = {writable, NULL};
	const char *why = NULL;
	char *saved[3];
	int rc, sandboxed = 0, i;

	tg_buf_addf(&tmp, "%s/tmp", scratch);
	if (!mkdir(tmp.buf, 0700) || errno == EEXIST)
		sb.tmpdir = tmp.buf;
	for (i = 0; i < 3; i++) {
		const char *v = getenv(tokens[i]);
		saved[i] = v ? tg_strdup(v) : NULL;
		unsetenv(tokens[i]);
	}
	rc = tg_proc_run_sandboxed(tree, cmd, timeout_s, log, input, len, &sb, code, &sandboxed);
	if (!sandboxed && !told++) {
		tg_proc_sandbox_available(&why);
		/* Asked for, or not installed: a note; installed but unable to run: a warning. */
		if (!strncmp(why, "TERRAGON_NO_SANDBOX", 19) || strstr(why, "not installed"))
			tg_note("the executor runs without a sandbox: %s", why);
		else
			tg_warn("the executor runs without a sandbox: %s", why);
	}
	for (i = 0; i < 3; i++) {
		if (saved[i])
			setenv(tokens[i], saved[i], 1);
		free(saved[i]);
	}
	free(gitdir);
	tg_buf_release(&tmp);
	return rc;
}
