/*
 * --baseline REF: which items are new relative to a git ref, for pull-request
 * checks. The ref's tree is exported with `git archive` into a temporary
 * directory (nothing in the user's repository is touched), the enabled
 * sources that read only the tree (the scanner, the compliance audit) run
 * over it, and every item they find there is not new.
 */
#include "discover/discover.h"

#include "proc/proc.h"

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Whether ref names a commit of the repository at root. */
static int is_commit(const char *root, const char *ref)
{
	struct tg_buf spec = TG_BUF_INIT;
	const char *argv[] = {"git", "-C", root, "rev-parse", "-q", "--verify", NULL, NULL};
	struct tg_child c;
	int ok;

	tg_buf_addf(&spec, "%s^{commit}", ref);
	argv[6] = spec.buf;
	tg_proc_git_reader(&c, argv, root);
	c.out.how = TG_CHILD_NULL;
	c.err.how = TG_CHILD_NULL;
	ok = tg_child_run(&c) == TG_OK && tg_child_code(&c) == 0;
	tg_buf_release(&spec);
	return ok;
}

/* `git archive ref | tar -x -C dir`, git's stdout the pipe into tar. */
static int export_tree(const char *root, const char *ref, const char *dir)
{
	const char *git_argv[] = {"git", "-C", root, "archive", "--format=tar", ref, NULL};
	const char *tar_argv[] = {"tar", "-x", "-C", dir, NULL};
	struct tg_child git, tar;
	int rc;

	/* Checked first: a bad ref is the user's mistake, not a failed run. */
	if (!is_commit(root, ref))
		return tg_error_set(TG_ERR_USAGE, "--baseline %s: not a commit in %s", ref, root);
	tg_proc_git_reader(&git, git_argv, root);
	git.out.how = TG_CHILD_PIPE;
	tg_child_init(&tar, tar_argv);
	rc = tg_child_start(&git);
	if (!rc) {
		tar.in.how = TG_CHILD_FD;
		tar.in.fd = git.out.fd;
		rc = tg_child_run(&tar);
		if (tg_child_finish(&git) && !rc)
			rc = TG_ERR_RUN;
	}
	if (rc || tg_child_code(&git) || tg_child_code(&tar))
		return tg_error_set(TG_ERR_RUN, "--baseline %s: could not export its tree", ref);
	return TG_OK;
}

/* Removes the exported tree. */
static void remove_tree(const char *dir)
{
	const char *argv[] = {"rm", "-rf", "--", dir, NULL};
	struct tg_child c;

	tg_child_init(&c, argv);
	if (tg_child_run(&c) || tg_child_code(&c)) {
		tg_error_clear();
		tg_warn("could not remove %s", dir);
	}
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
	size_t i;
	int rc;

	if (!mkdtemp(dir))
		return tg_error_set(TG_ERR_RUN, "--baseline: cannot create a temporary directory");
	rc = export_tree(ctx->root, ref, dir);
	tg_backlog_init(&b);
	memset(&run, 0, sizeof(run));
	base.root = dir;
	base.use_store = 0; /* a temporary tree: nothing of it is worth keeping */
	sink = tg_backlog_sink(&b);
	for (i = 0; !rc && tg_sources[i]; i++) {
		if (!tg_sources[i]->tree_only || !tg_source_enabled(ctx->cfg, tg_sources[i]))
			continue;
		rc = tg_sources[i]->collect(&base, &sink, &run, &skipped);
		tg_strlist_clear(&run.covered);
		tg_strlist_clear(&run.speaks_for);
	}
	if (!rc)
		tg_discover_refine(ctx->cfg, &b, NULL);
	for (i = 0; !rc && i < b.nr; i++)
		tg_strlist_add(fingerprints, b.items[i].fingerprint);
	tg_strlist_sort(fingerprints);
	remove_tree(dir);
	tg_strlist_clear(&run.covered);
	tg_strlist_clear(&run.speaks_for);
	tg_strlist_clear(&skipped);
	tg_backlog_release(&b);
	return rc;
}
