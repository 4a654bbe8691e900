/*
 * One attempt at one item: a worktree on its own branch, the executor, the
 * checks that it did something and nothing else, the gates, the commit, and
 * the push and pull request (or, in dry-run, the diff and the body printed).
 * Whatever happens, the local branch is deleted and the worktree (kept for
 * the next attempt, tree.c) is cleaned.
 */
#include "execute/attempt_int.h"

#include "backlog/item_json.h"
#include "proc/proc.h"
#include "util/alloc.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/log.h"
#include "version/ecosystem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct attempt {
	struct exec_ctx *c;
	const struct tg_item *it;
	struct exec_tree wt;
	struct tg_buf branch, dir, log, gates, reason, diff, stat, body;
	struct tg_buf note; /* what the fixer says it did (a bump's versions and files) */
	const char *outcome;
	const char *fixer; /* "executor", "fix-regex", "SARIF fix" or "dependency bump" */
	char *pr_url;
	int code; /* the exit code this attempt asks for */
	struct verification v;
	int checked; /* verification ran (v says how it went) */
	char commit_sha[64];
	int pushed, rolled_back;
};

static int fail(struct attempt *a, const char *outcome, int code, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));
static int fail(struct attempt *a, const char *outcome, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tg_buf_reset(&a->reason);
	tg_buf_vaddf(&a->reason, fmt, ap);
	va_end(ap);
	tg_buf_trim(&a->reason);
	/* One line: git's and the tools' messages span several. */
	for (char *p = a->reason.buf; (p = strchr(p, '\n'));)
		*p = ' ';
	a->outcome = outcome;
	a->code = code;
	return code;
}

/* The last lines of a log, for a reason a user can act on without opening it. */
static void log_tail(struct tg_buf *out, const char *path)
{
	struct tg_buf b = TG_BUF_INIT;
	size_t from;

	if (!tg_buf_read_file(&b, path) && b.len) {
		tg_buf_trim(&b);
		from = b.len > 300 ? b.len - 300 : 0;
		tg_buf_addf(out, ": %s%s", from ? "..." : "", b.buf + from);
	}
	tg_buf_release(&b);
}

static int make_tree(struct attempt *a)
{
	struct tg_buf err = TG_BUF_INIT;
	const char *tmp = getenv("TMPDIR");

	/* The scratch directory: the executor's log and TMPDIR, the gates' logs. */
	tg_buf_addf(&a->dir, "%s/terragon-exec-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(a->dir.buf)) {
		tg_buf_reset(&a->dir);
		return fail(a, "error", TG_EXIT_RUN, "cannot create a temporary directory in %s",
		            tmp && *tmp ? tmp : "/tmp");
	}
	tg_buf_addf(&a->log, "%s/executor.log", a->dir.buf);
	if (exec_tree_open(&a->wt, a->c->root, a->c->base_sha, a->c->git))
		return fail(a, "error", TG_EXIT_RUN, "%s", tg_error_message());
	if (exec_tree_branch(&a->wt, a->branch.buf, a->c->base_ref, &err)) {
		/* The branch is the lock: another run is on this item, or left it behind. */
		fail(a, "skipped", TG_EXIT_OK,
		     "cannot create branch %s (another execute working "
		     "on it, or a stale branch: delete it with git branch -D): %s",
		     a->branch.buf, err.buf);
		exec_tree_close(&a->wt, a->c->root, a->c->base_sha, NULL);
		tg_buf_release(&err);
		return -1;
	}
	tg_buf_release(&err);
	return 0;
}

/*
 * The local branch locks the item against a run at once; a run that went
 * all the way (pushed, local branch gone) before ours took the lock is seen
 * on the remote, which was read before the lock and is read again now.
 */
static int still_free(struct attempt *a)
{
	struct tg_buf pat = TG_BUF_INIT, out = TG_BUF_INIT, err = TG_BUF_INIT;
	const char *remote = a->c->cfg->execution.remote;
	int rc = 0;

	if (a->c->dry_run)
		return 0;
	tg_buf_addf(&pat, "refs/heads/%s%.8s*", a->c->cfg->execution.branch_prefix,
	            a->it->fingerprint);
	if (tg_repo_git(a->c->root, &out, &err, "ls-remote", "--heads", remote, pat.buf, NULL))
		rc = fail(a, "error", TG_EXIT_RUN, "cannot list the branches of %s: %s", remote,
		          err.buf);
	else if (out.len)
		rc = fail(a, "skipped", TG_EXIT_OK,
		          "another run pushed a branch for this item meanwhile: %s", out.buf);
	tg_buf_release(&pat);
	tg_buf_release(&out);
	tg_buf_release(&err);
	return rc;
}

/*
 * Runs cmd (the executor, or a lockfile command) in the worktree's sandbox
 * and checks what it left: its own git files intact, the user's tree
 * untouched, a clean exit.
 */
static int run_in_tree(struct attempt *a, const char *what, const char *cmd, const char *input,
                       size_t len)
{
	const struct tg_config *cfg = a->c->cfg;
	struct tg_buf out = TG_BUF_INIT;
	uint64_t after = 0;
	int code = 0, rc;

	rc = exec_run_executor(a->c->git, a->wt.path.buf, a->dir.buf, cmd,
	                       cfg->execution.executor.timeout_s, a->log.buf, input, len, &code);
	tree_state(a->c->git, a->c->root, &after);
	if (!exec_tree_intact(&a->wt))
		rc = fail(a, "error", TG_EXIT_RUN,
		          "the %s changed the worktree's git files (its .git file, "
		          "commondir, gitdir or config.worktree); execution aborted, the "
		          "worktree dropped without running git in it",
		          what);
	else if (after != a->c->state)
		rc = fail(a, "error", TG_EXIT_RUN,
		          "the %s changed the user's working tree, index, HEAD or "
		          "configuration in %s; execution aborted, check it with git status",
		          what, a->c->root);
	else if (rc)
		rc = fail(a, "error", TG_EXIT_RUN, "%s: %s", what, tg_error_message());
	else if (code == -1)
		rc = fail(a, "failed", TG_EXIT_FAIL,
		          "%s timed out after %d s; its process group was killed", what,
		          cfg->execution.executor.timeout_s);
	else if (code) {
		tg_buf_addf(&out, "%s exited %d", what, code);
		log_tail(&out, a->log.buf);
		rc = fail(a, "failed", TG_EXIT_FAIL, "%s", out.buf);
	}
	tg_buf_release(&out);
	return rc;
}

/* A vulnerable dependency: the bump (fix_deps.c), then its lockfile command if any. */
static int run_bump(struct attempt *a)
{
	struct bump b = {0};
	int rc = bump_plan_apply(a->c->cfg, a->wt.path.buf, a->it, &b);

	a->fixer = "dependency bump";
	if (rc == TG_ERR_NOTFOUND) {
		fail(a, "skipped", TG_EXIT_OK, "%s", tg_error_message());
		rc = -1; /* fail() returns the exit code, 0 here */
	} else if (rc) {
		rc = fail(a, "failed", TG_EXIT_FAIL, "%s", tg_error_message());
	} else if (b.command) {
		setenv("TERRAGON_DEP_ECOSYSTEM", tg_eco_name(b.eco), 1);
		setenv("TERRAGON_DEP_NAME", b.name, 1);
		setenv("TERRAGON_DEP_VERSION", b.to, 1);
		rc = run_in_tree(a, "lockfile command", b.command, NULL, 0);
		unsetenv("TERRAGON_DEP_ECOSYSTEM");
		unsetenv("TERRAGON_DEP_NAME");
		unsetenv("TERRAGON_DEP_VERSION");
	}
	if (!rc)
		tg_buf_addf(&a->note, "%s %s: %s -> %s\n\n%s", tg_eco_name(b.eco), b.name, b.from,
		            b.to, b.note.buf ? b.note.buf : "");
	bump_release(&b);
	return rc;
}

static int run_executor(struct attempt *a)
{
	const struct tg_config *cfg = a->c->cfg;
	struct tg_buf json = TG_BUF_INIT, out = TG_BUF_INIT;
	const char *rx, *repl;
	int rc, count;

	if (a->it->source && !strcmp(a->it->source, "deps")) {
		if ((rc = run_bump(a)))
			return rc;
		goto check;
	}
	if (a->it->fix) {
		if (apply_sarif_fix(a->wt.path.buf, a->it))
			return fail(a, "failed", TG_EXIT_FAIL, "%s", tg_error_message());
		a->fixer = "SARIF fix";
		goto check;
	}
	if (!exec_rule_fix(a->c, a->it, &rx, &repl, &count)) {
		rc = apply_fix(a->wt.path.buf, a->it, rx, repl, count);
		/* Not this form of the finding: the executor's, if there is one. */
		if (rc == TG_ERR_NOTFOUND && !*cfg->execution.executor.command) {
			fail(a, "skipped", TG_EXIT_OK, "%s", tg_error_message());
			return -1; /* fail() returns the exit code, 0 here */
		}
		if (rc && rc != TG_ERR_NOTFOUND)
			return fail(a, "failed", TG_EXIT_FAIL, "%s", tg_error_message());
		if (!rc) {
			a->fixer = "fix-regex";
			goto check;
		}
	}
	tg_item_to_json(&json, a->it, -1);
	tg_buf_addch(&json, '\n');
	setenv("TERRAGON_ITEM_ID", a->it->fingerprint, 1);
	rc = run_in_tree(a, "executor", cfg->execution.executor.command, json.buf, json.len);
	unsetenv("TERRAGON_ITEM_ID");
	tg_buf_release(&json);
	if (rc)
		return rc;
check:
	rc = 0;
	tg_repo_git_as(a->c->git, a->wt.path.buf, &out, NULL, "rev-parse", "HEAD", NULL);
	tg_buf_trim(&out);
	if (strcmp(out.buf, a->c->base_sha))
		rc = fail(a, "failed", TG_EXIT_FAIL,
		          "the executor committed by itself (HEAD moved); terragon commits");
	tg_buf_reset(&out);
	if (!rc)
		tg_repo_git_as(a->c->git, a->wt.path.buf, &out, NULL, "status", "--porcelain",
		               "--untracked-files=all", NULL);
	if (!rc && !out.len)
		rc = fail(a, "failed", TG_EXIT_FAIL, "%s changed nothing", a->fixer);
	tg_buf_release(&out);
	return rc;
}

/* Discovery again on the changed tree: the item must be gone, nothing critical new. */
static int verify(struct attempt *a)
{
	a->checked = 1;
	if (verify_change(a->c->cfg, a->c->root, a->c->base_sha, a->c->git, a->c->bases,
	                  a->wt.path.buf, a->it, &a->v))
		return fail(a, "failed", TG_EXIT_FAIL, "%s", tg_error_message());
	if (!a->v.verified)
		tg_warn("%s: unverified (the pull request is labelled so): %s", a->it->fingerprint,
		        a->v.detail.buf);
	return 0;
}

static int run_gates(struct attempt *a)
{
	const struct tg_config *cfg = a->c->cfg;
	struct tg_buf log = TG_BUF_INIT, why = TG_BUF_INIT;
	size_t i;
	int rc = 0;

	tg_buf_adds(&a->gates, "[");
	for (i = 0; i < cfg->quality_gates.commands_nr; i++) {
		const struct tg_gate_command *g = &cfg->quality_gates.commands[i];
		int code = 0;
		tg_buf_reset(&log);
		tg_buf_addf(&log, "%s/gate-%zu.log", a->dir.buf, i);
		if (tg_proc_run_input(a->wt.path.buf, g->run, g->timeout_s, log.buf, NULL, 0,
		                      &code))
			code = 127;
		tg_buf_addf(&a->gates, "%s{\"name\": ", i ? ", " : "");
		tg_buf_add_jsons(&a->gates, g->name);
		tg_buf_addf(&a->gates, ", \"exit\": %d, \"passed\": %s}", code,
		            code ? "false" : "true");
		if (code && !rc) {
			tg_buf_addf(&why, "gate %s %s", g->name,
			            code == -1 ? "timed out" : "failed");
			if (code != -1)
				tg_buf_addf(&why, " (exit %d)", code);
			log_tail(&why, log.buf);
			rc = fail(a, "gate-failed", TG_EXIT_FAIL, "%s", why.buf);
		}
	}
	tg_buf_adds(&a->gates, "]");
	tg_buf_release(&log);
	tg_buf_release(&why);
	return rc;
}

static void gate_table(struct tg_buf *out, const struct tg_config *cfg)
{
	size_t i;

	if (!cfg->quality_gates.commands_nr) {
		tg_buf_adds(out, "No gate commands are configured (quality_gates.commands).\n");
		return;
	}
	tg_buf_adds(out, "| gate | command | result |\n|---|---|---|\n");
	for (i = 0; i < cfg->quality_gates.commands_nr; i++)
		tg_buf_addf(out, "| %s | `%s` | passed |\n", cfg->quality_gates.commands[i].name,
		            cfg->quality_gates.commands[i].run);
}

static void score_lines(struct tg_buf *out, const struct tg_item *it)
{
	const struct tg_item_scores *s = &it->scores;

	tg_buf_addf(out,
	            "Score: composite %.1f = base %.1f x boost %.2f (WSJF %.2f, ICE %.1f, "
	            "debt %.1f, severity %.0f)\n",
	            s->composite, s->base, s->boost, s->wsjf, s->ice, s->debt, s->severity);
}

static void pr_body(struct attempt *a)
{
	const struct tg_item *it = a->it;

	tg_buf_adds(&a->body, "## Why\n\n");
	tg_buf_addf(&a->body, "%s (%s, %s %s", it->title ? it->title : it->fingerprint,
	            it->rule_id ? it->rule_id : "-", tg_severity_name(it->severity),
	            it->category ? it->category : "-");
	if (it->path)
		tg_buf_addf(&a->body, ", at %s:%d", it->path, it->start_line);
	tg_buf_adds(&a->body, ")\n\n");
	if (it->message)
		tg_buf_addf(&a->body, "%s\n\n", it->message);
	score_lines(&a->body, it);
	tg_buf_adds(&a->body, "\n## What changed\n\n");
	if (a->note.len)
		tg_buf_addf(&a->body, "%s\n", a->note.buf);
	tg_buf_addf(&a->body, "```\n%s```\n\n", a->stat.buf);
	tg_buf_addf(&a->body, "## Verification\n\n%s: %s\n\n## Gates\n\n",
	            a->v.verified ? "Verified" : "**Unverified**", a->v.detail.buf);
	gate_table(&a->body, a->c->cfg);
	tg_buf_addf(&a->body,
	            "\n## How to reproduce\n\n```\nterragon explain %s\n```\n\n"
	            "Terragon-Item: %s\n",
	            it->fingerprint, it->fingerprint);
}

/* The fix's commit id, for the audit trail. */
static void note_commit(struct attempt *a)
{
	struct tg_buf sha = TG_BUF_INIT;

	if (!tg_repo_git_as(a->c->git, a->wt.path.buf, &sha, NULL, "rev-parse", "HEAD", NULL)) {
		tg_buf_trim(&sha);
		snprintf(a->commit_sha, sizeof(a->commit_sha), "%s", sha.buf);
	}
	tg_buf_release(&sha);
}

static int commit(struct attempt *a)
{
	struct tg_buf msg = TG_BUF_INIT, path = TG_BUF_INIT, err = TG_BUF_INIT;
	int rc = 0;

	tg_buf_addf(&msg, "%s\n\n", a->it->title ? a->it->title : a->it->fingerprint);
	score_lines(&msg, a->it);
	tg_buf_addf(&msg, "Gates: %s\n\nTerragon-Item: %s\n", a->gates.buf, a->it->fingerprint);
	tg_buf_addf(&path, "%s/message", a->dir.buf);
	if (tg_buf_write_file(&msg, path.buf))
		rc = fail(a, "error", TG_EXIT_RUN, "%s", tg_error_message());
	/* A real run's commit runs the user's hooks and signs as they configured; a dry run's
	 * neither (a->c->git). */
	if (!rc && tg_repo_git_as(a->c->git, a->wt.path.buf, NULL, &err, "add", "-A", NULL))
		rc = fail(a, "error", TG_EXIT_RUN, "git add: %s", err.buf);
	if (!rc && tg_repo_git_as(a->c->git, a->wt.path.buf, NULL, &err, "commit", "-q", "-F",
	                          path.buf, NULL))
		rc = fail(a, "error", TG_EXIT_RUN, "git commit: %s", err.buf);
	if (!rc) {
		/* git's own diff, in either role: what the pull request shows is the change. */
		tg_repo_git_as(a->c->git, a->wt.path.buf, &a->stat, NULL, "diff", "--no-ext-diff",
		               "--no-textconv", "--stat", a->c->base_sha, "HEAD", NULL);
		tg_repo_git_as(a->c->git, a->wt.path.buf, &a->diff, NULL, "diff", "--no-ext-diff",
		               "--no-textconv", a->c->base_sha, "HEAD", NULL);
		note_commit(a);
	}
	tg_buf_release(&msg);
	tg_buf_release(&path);
	tg_buf_release(&err);
	return rc;
}

static int propose(struct attempt *a)
{
	struct exec_ctx *c = a->c;
	struct tg_buf err = TG_BUF_INIT, ref = TG_BUF_INIT;
	const char *title = a->it->title ? a->it->title : a->it->fingerprint;
	long number = 0;
	int rc = 0;

	tg_buf_addf(&ref, "%s:refs/heads/%s", a->branch.buf, a->branch.buf);
	/* From the user's repository: a relative remote URL is relative to it. */
	if (tg_repo_git(c->root, NULL, &err, "push", "-q", c->cfg->execution.remote, ref.buf, NULL))
		rc = fail(a, "error", TG_EXIT_RUN, "push to %s rejected: %s",
		          c->cfg->execution.remote, err.buf);
	else
		a->pushed = 1;
	if (!rc && tg_github_open_pull(&c->gh, a->branch.buf, c->base, title, a->body.buf,
	                               &a->pr_url, &number)) {
		rc = fail(a, "error", TG_EXIT_RUN, "%s", tg_error_message());
		/* Without a pull request the pushed branch would keep the item from being
		 * proposed again; with one (422, it exists) the branch is its head. */
		if (!a->pr_url &&
		    tg_repo_git(c->root, NULL, &err, "push", "-q", c->cfg->execution.remote,
		                "--delete", a->branch.buf, NULL))
			tg_warn("branch %s left on %s (delete it by hand): %s", a->branch.buf,
			        c->cfg->execution.remote, err.buf);
		else if (!a->pr_url)
			a->rolled_back = 1;
	}
	if (!rc) {
		struct tg_strlist labels = TG_STRLIST_INIT;
		tg_strlist_copy(&labels, &c->cfg->execution.labels);
		if (!a->v.verified)
			tg_strlist_add(&labels, "unverified");
		if (tg_github_add_labels(&c->gh, number, &labels))
			tg_warn("pull request %s: labels not added: %s", a->pr_url,
			        tg_error_message());
		tg_strlist_clear(&labels);
	}
	if (!rc && record_in_progress(c->store, a->it->fingerprint, tg_clock_now()))
		tg_warn("%s", tg_error_message());
	if (!rc)
		a->outcome = "pr-opened";
	tg_buf_release(&err);
	tg_buf_release(&ref);
	return rc;
}

static void cleanup(struct attempt *a, int made)
{
	if (made)
		exec_tree_close(&a->wt, a->c->root, a->c->base_sha, a->branch.buf);
	if (a->dir.len)
		exec_remove_dir(a->dir.buf);
}

static void report(struct attempt *a, time_t started)
{
	struct exec_ctx *c = a->c;
	struct tg_buf gates = TG_BUF_INIT;
	struct execution e = {a->it->fingerprint,
	                      a->branch.buf,
	                      a->outcome,
	                      a->reason.len ? a->reason.buf : NULL,
	                      NULL,
	                      a->pr_url,
	                      started,
	                      tg_clock_now(),
	                      c->dry_run,
	                      a->commit_sha[0] ? a->commit_sha : NULL,
	                      a->pushed,
	                      a->rolled_back};

	/* The reason may quote the executor's output or git's: no token goes further. */
	audit_redact(&a->reason);
	e.reason = a->reason.len ? a->reason.buf : NULL;
	if (a->checked || a->gates.len) {
		verify_gates_json(&gates, &a->v, a->checked, a->gates.buf);
		e.gates = gates.buf;
	}
	if (strcmp(a->outcome, "skipped") && record_execution(c->store, &e))
		tg_warn("%s", tg_error_message());
	if (audit_append(c->store, &e,
	                 !a->checked || a->v.failed ? NULL
	                 : a->v.verified            ? "verified"
	                                            : "unverified"))
		tg_warn("%s", tg_error_message());
	tg_buf_release(&gates);
	if (!strcmp(a->outcome, "dry-run")) {
		tg_buf_addf(c->out, "== %s: would open a pull request from %s into %s\n",
		            a->it->fingerprint, a->branch.buf, c->base);
		tg_buf_adds(c->out, "-- labels:");
		for (size_t i = 0; i < c->cfg->execution.labels.nr; i++)
			tg_buf_addf(c->out, " %s", c->cfg->execution.labels.v[i]);
		tg_buf_adds(c->out, a->v.verified ? "\n" : " unverified\n");
		tg_buf_addf(c->out, "-- title: %s\n-- body:\n%s\n-- diff:\n%s\n",
		            a->it->title ? a->it->title : a->it->fingerprint, a->body.buf,
		            a->diff.buf);
	} else if (!strcmp(a->outcome, "pr-opened")) {
		tg_buf_addf(c->out, "== %s: opened %s (branch %s)\n", a->it->fingerprint, a->pr_url,
		            a->branch.buf);
	} else {
		tg_buf_addf(c->out, "== %s: %s: %s\n", a->it->fingerprint, a->outcome,
		            a->reason.buf);
		if (a->code)
			tg_error("%s: %s", a->it->fingerprint, a->reason.buf);
		else
			tg_warn("%s: %s", a->it->fingerprint, a->reason.buf);
	}
}

int exec_attempt(struct exec_ctx *c, const struct tg_item *it, int *proposed)
{
	struct attempt a = {.c = c, .it = it, .outcome = "dry-run", .fixer = "executor"};
	time_t started = tg_clock_now();
	int made;

	/* Every buffer starts empty (TG_BUF_INIT). */
	tg_buf_init(&a.branch, 0), tg_buf_init(&a.dir, 0), tg_buf_init(&a.wt.path, 0);
	tg_buf_init(&a.log, 0), tg_buf_init(&a.gates, 0), tg_buf_init(&a.reason, 0);
	tg_buf_init(&a.diff, 0), tg_buf_init(&a.stat, 0), tg_buf_init(&a.body, 0);
	tg_buf_init(&a.note, 0);
	tg_execute_branch(&a.branch, c->cfg->execution.branch_prefix, it->fingerprint, it->title);
	tg_buf_init(&a.v.detail, 0);
	made = make_tree(&a) == 0 && !a.code && strcmp(a.outcome, "skipped");
	if (made && !still_free(&a) && !run_executor(&a) && !verify(&a) && !run_gates(&a) &&
	    !commit(&a)) {
		pr_body(&a);
		if (!c->dry_run)
			propose(&a);
	}
	if (!strcmp(a.outcome, "dry-run") || !strcmp(a.outcome, "pr-opened"))
		*proposed = 1;
	cleanup(&a, made);
	report(&a, started);
	tg_buf_release(&a.branch), tg_buf_release(&a.dir);
	tg_buf_release(&a.log), tg_buf_release(&a.gates), tg_buf_release(&a.reason);
	tg_buf_release(&a.diff), tg_buf_release(&a.stat), tg_buf_release(&a.body);
	tg_buf_release(&a.note);
	tg_buf_release(&a.v.detail);
	free(a.pr_url);
	return a.code;
}
