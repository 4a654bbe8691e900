/*
 * --baseline REF: which items are new relative to a git ref, for pull-request
 * checks. The ref's tree is exported with `git archive` into a temporary
 * directory (nothing in the user's repository is touched), the enabled
 * sources that read only the tree (the scanner, the compliance audit) run
 * over it, and every item they find there is not new.
 */
#include "discover/discover.h"

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int shell_quote(struct tg_buf *b, const char *s)
{
	tg_buf_addch(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			tg_buf_adds(b, "'\\''");
		else
			tg_buf_addch(b, *s);
	}
	tg_buf_addch(b, '\'');
	return 0;
}

static int export_tree(const char *root, const char *ref, const char *dir)
{
	struct tg_buf cmd = TG_BUF_INIT;
	int status;

	/* Checked first: in a pipe, git's failure would be hidden behind tar's success. */
	tg_buf_adds(&cmd, "git -C ");
	shell_quote(&cmd, root);
	tg_buf_adds(&cmd, " rev-parse -q --verify ");
	shell_quote(&cmd, ref);
	tg_buf_adds(&cmd, "^{commit} >/dev/null 2>&1");
	status = system(cmd.buf);
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status)) {
		tg_buf_release(&cmd);
		return tg_error_set(TG_ERR_USAGE, "--baseline %s: not a commit in %s", ref, root);
	}
	tg_buf_reset(&cmd);
	tg_buf_adds(&cmd, "git -C ");
	shell_quote(&cmd, root);
	tg_buf_adds(&cmd, " archive --format=tar ");
	shell_quote(&cmd, ref);
	tg_buf_adds(&cmd, " | tar -x -C ");
	shell_quote(&cmd, dir);
	status = system(cmd.buf);
	tg_buf_release(&cmd);
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status))
		return tg_error_set(TG_ERR_RUN, "--baseline %s: could not export its tree", ref);
	return TG_OK;
}

int tg_discover_baseline(const struct tg_discover_ctx *ctx, const char *ref,
                         struct tg_strlist *fingerprints)
{
	char dir[] = "/tmp/terragon-baseline-XXXXXX";
	struct tg_discover_ctx base = *ctx;
	struct tg_strlist skipped = TG_STRLIST_INIT;
	struct tg_source_run run;
	struct tg_backlog b;
	struct tg_sink sink;
	struct tg_buf rm = TG_BUF_INIT;
	size_t i;
	int rc;

	if (!mkdtemp(dir))
		return tg_error_set(TG_ERR_RUN, "--baseline: cannot create a temporary directory");
	rc = export_tree(ctx->root, ref, dir);
	tg_backlog_init(&b);
	memset(&run, 0, sizeof(run));
	base.root = dir;
	sink = tg_backlog_sink(&b);
	for (i = 0; !rc && tg_sources[i]; i++) {
		if (!tg_sources[i]->tree_only || !tg_source_enabled(ctx->cfg, tg_sources[i]))
			continue;
		rc = tg_sources[i]->collect(&base, &sink, &run, &skipped);
		tg_strlist_clear(&run.covered);
		tg_strlist_clear(&run.speaks_for);
	}
	for (i = 0; !rc && i < b.nr; i++)
		tg_strlist_add(fingerprints, b.items[i].fingerprint);
	tg_strlist_sort(fingerprints);
	tg_buf_adds(&rm, "rm -rf ");
	shell_quote(&rm, dir);
	if (system(rm.buf))
		tg_warn("could not remove %s", dir);
	tg_buf_release(&rm);
	tg_strlist_clear(&run.covered);
	tg_strlist_clear(&run.speaks_for);
	tg_strlist_clear(&skipped);
	tg_backlog_release(&b);
	return rc;
}
