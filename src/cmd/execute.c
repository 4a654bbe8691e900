#include "cmd/cmd.h"

#include "cmd/setup.h"
#include "execute/execute.h"
#include "util/buf.h"
#include "util/log.h"

#include <stdio.h>
#include <string.h>

static const char *const usage[] = {
        "terragon execute [--dry-run[=false]] [--max-prs N] [--item ID] [-C DIR] [-c FILE]",
        "terragon execute --remove-trees [-C DIR]",
        "",
        "A real run's git is yours: your hooks (pre-commit, commit-msg, post-checkout), "
        "filters and commit signing run as your git configuration says.",
        "A dry run's git runs no program but git: no hook, filter, fsmonitor, external diff "
        "or signing,",
        "and no network (only a local remote's branches are read). README: Security model.",
        NULL};

int cmd_execute(int argc, const char **argv)
{
	const char *repo = NULL, *config = NULL, *item = NULL;
	struct tg_execute_opts o = {-1, -1, NULL};
	struct tg_buf out = TG_BUF_INIT;
	struct tg_setup s;
	int n, rc, remove_trees = 0;
	const struct tg_option opts[] = {
	        TG_OPT_REPO(&repo, &config),
	        TG_OPT_BOOL(0, "dry-run", &o.dry_run,
	                    "do all but push and open the pull request; print the diff and "
	                    "the body (default: execution.dry_run)"),
	        TG_OPT_INT(0, "max-prs", &o.max_prs, "N",
	                   "pull requests to open in this run (default: execution.max_prs)"),
	        TG_OPT_STRING(0, "item", &item, "ID", "work on this item (a fingerprint prefix)"),
	        TG_OPT_BOOL(0, "remove-trees", &remove_trees,
	                    "remove the worktrees kept for reuse under the git directory "
	                    "(terragon/tree-N) and exit"),
	        TG_OPT_END(),
	};

	n = tg_options_parse_args(argc, argv, opts, usage, 0, 0);
	if (n < 0)
		return tg_cmd_parse_exit(n);
	if (o.max_prs < -1) {
		tg_error("--max-prs must be 0 or more");
		return TG_EXIT_USAGE;
	}
	rc = tg_setup_open(&s, repo, config, TG_SETUP_STORE_WRITE);
	if (rc) {
		tg_error_report();
		tg_setup_close(&s); /* the configuration loaded before the store failed */
		return tg_status_exit(rc);
	}
	if (remove_trees == 1) {
		rc = tg_execute_remove_trees(s.root, &out);
		tg_cmd_print_text(&out, 0);
		if (rc)
			tg_error_report();
		tg_buf_release(&out);
		tg_setup_close(&s);
		return rc ? tg_status_exit(rc) : TG_EXIT_OK;
	}
	if (o.dry_run < 0)
		o.dry_run = s.cfg.execution.dry_run;
	o.item = item;
	tg_error_clear();
	rc = tg_execute_run(&s.cfg, s.root, s.store, &o, &out);
	tg_cmd_print_text(&out, 0);
	fflush(stdout);
	if (rc < 0) {
		tg_error_report();
		rc = tg_status_exit(rc);
	}
	tg_buf_release(&out);
	tg_setup_close(&s);
	return rc;
}
