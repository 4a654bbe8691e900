#include "cmd/cmd.h"

#include "backlog/item.h"
#include "cmd/setup.h"
#include "history/gitlog.h"
#include "proc/proc.h"
#include "repo/repo.h"
#include "rules/rules.h"
#include "scaffold/scaffold.h"
#include "store/audit.h"
#include "util/beneath.h"
#include "util/clock.h"
#include "util/log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const usage[] = {
        "terragon hooks install [-C DIR] [--pre-commit] [--pre-push] [--force]",
        "terragon hooks run pre-commit|pre-push [-C DIR] [-c FILE]",
        "",
        "install writes git hooks where git looks for them (core.hooksPath, else .git/hooks):",
        "pre-commit scans the staged blobs for secrets, pre-push runs the quality gates (both",
        "without a flag). A hook already there is kept and chained: renamed NAME.local, run",
        "after terragon's with the same arguments and input; --force replaces it instead.",
        "Installing again updates terragon's hooks and keeps the chained ones.",
        "",
        "run is what the hooks call: pre-commit reads the index, not the work tree, and",
        "exits 1 naming each secret (redacted); pre-push is `terragon gate`.",
        "TERRAGON_SKIP_HOOK=\"reason\" skips either; the reason goes to the audit trail.",
        NULL,
};

/* Staged blobs above this are not scanned (as the walk skips large files). */
#define MAX_BLOB (8u << 20)

struct found {
	struct tg_sink sink;
	size_t secrets;
};

static int print_secret(struct tg_sink *sink, struct tg_item *it)
{
	struct found *f = sink->data;

	if (it->category && !strcmp(it->category, "secret")) {
		tg_item_redact(it);
		f->secrets++;
		fprintf(stderr, "%s:%d: %s: %s\n", it->path ? it->path : "?", it->start_line,
		        it->rule_id ? it->rule_id : "?", it->title ? it->title : "");
	}
	return TG_OK; /* the scanner releases the item */
}

/* The staged paths (added, copied, modified, renamed) as ":path\n" requests for cat-file. */
static int staged_requests(const char *root, struct tg_buf *req)
{
	struct tg_buf out = TG_BUF_INIT, err = TG_BUF_INIT;
	int rc = TG_OK;

	if (tg_repo_git(root, &out, &err, "diff", "--cached", "--name-only", "-z",
	                "--diff-filter=ACMR", NULL))
		rc = tg_error_set(TG_ERR_RUN, "%s: git diff --cached: %s", root, err.buf);
	for (size_t at = 0; !rc && at < out.len;) {
		const char *p = out.buf + at;
		size_t n = strlen(p);
		if (!memchr(p, '\n', n)) /* cat-file's requests are lines */
			tg_buf_addf(req, ":%s\n", p);
		at += n + 1;
	}
	tg_buf_release(&out);
	tg_buf_release(&err);
	return rc;
}

/* Scans each blob of cat-file's answer; names come from the requests, in order. */
static int scan_batch(const struct tg_ruleset *rs, const struct tg_buf *req,
                      const struct tg_buf *out, struct found *f)
{
	struct tg_rules_scratch *scratch = tg_rules_scratch_new(rs);
	const char *name = req->buf, *p = out->buf, *end = out->buf + out->len;
	int rc = TG_OK;

	while (!rc && p < end && name && *name) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *next = strchr(name, '\n');
		char type[16], path[4096];
		uint64_t size = 0;
		int h;

		if (!nl || !next)
			break;
		snprintf(path, sizeof(path), "%.*s", (int)(next - name - 1), name + 1);
		h = tg_git_batch_header(p, type, UINT64_MAX, &size);
		p = nl + 1;
		name = next + 1;
		if (h == TG_ERR_NOTFOUND)
			continue;
		if (h || size > (uint64_t)(end - p))
			break;
		if (!strcmp(type, "blob") && size <= MAX_BLOB)
			rc = tg_rules_scan(rs, scratch, NULL, path, (const unsigned char *)p,
			                   (size_t)size, &f->sink);
		p += size + 1;
	}
	tg_rules_scratch_free(scratch);
	return rc;
}

static int pre_commit(struct tg_setup *s, int *failed)
{
	const char *argv[] = {"git", "cat-file", "--batch", NULL};
	struct tg_buf req = TG_BUF_INIT, out = TG_BUF_INIT, err = TG_BUF_INIT;
	struct found f = {{print_secret, NULL}, 0};
	struct tg_ruleset *rs = NULL;
	struct tg_child c;
	int rc = staged_requests(s->root, &req);

	f.sink.data = &f;
	if (!rc && req.len) {
		tg_proc_git(&c, argv);
		c.dir = s->root;
		rc = tg_child_capture(&c, req.buf, req.len, &out, &err);
		if (!rc)
			rc = tg_child_check(&c, err.buf);
	}
	if (!rc && req.len)
		rc = tg_rules_load(&rs, s->root, &s->cfg.rules.packs, &s->cfg.rules.disable);
	if (!rc && rs)
		rc = tg_rules_compile(rs);
	if (!rc && rs)
		rc = scan_batch(rs, &req, &out, &f);
	if (!rc && f.secrets) {
		*failed = 1;
		fprintf(stderr,
		        "terragon: %zu secret%s in the staged files: commit refused (remove it, "
		        "or TERRAGON_SKIP_HOOK=\"reason\" git commit ...)\n",
		        f.secrets, f.secrets == 1 ? "" : "s");
	}
	if (rs)
		tg_ruleset_free(rs);
	tg_buf_release(&req);
	tg_buf_release(&out);
	tg_buf_release(&err);
	return rc;
}

/* A skipped hook and its reason, in the audit trail (the store made when there is none). */
static int record_skip(struct tg_setup *s, const char *hook, const char *reason)
{
	struct tg_buf d = TG_BUF_INIT;
	struct tg_store *st = NULL;
	int rc = tg_store_open_in(&st, s->root, s->cfg.store.path, TG_STORE_CREATE, -1);

	tg_buf_adds(&d, "{\"hook\": ");
	tg_buf_add_jsons(&d, hook);
	tg_buf_adds(&d, ", \"reason\": ");
	tg_buf_add_jsons(&d, reason);
	tg_buf_adds(&d, "}");
	if (!rc)
		rc = tg_audit_append(st, tg_clock_now(), "hook.skipped", hook, d.buf);
	if (st)
		tg_store_close(st);
	tg_buf_release(&d);
	if (!rc)
		fprintf(stderr,
		        "terragon: %s skipped (TERRAGON_SKIP_HOOK), the reason recorded in "
		        "the audit trail\n",
		        hook);
	return rc;
}

static int run_hook(const char *repo, const char *config, const char *hook)
{
	const char *skip = getenv("TERRAGON_SKIP_HOOK");
	struct tg_setup s;
	int failed = 0, rc;

	if (!strcmp(hook, "pre-push") && !(skip && *skip)) {
		const char *args[] = {"gate", "-C", repo ? repo : ".", "-c", config, NULL};
		return cmd_gate(config ? 5 : 3, args);
	}
	rc = tg_setup_open(&s, repo, config, TG_SETUP_NO_STORE);
	if (!rc && skip && *skip)
		rc = record_skip(&s, hook, skip);
	else if (!rc)
		rc = pre_commit(&s, &failed);
	if (rc)
		tg_error_report();
	tg_setup_close(&s);
	return rc ? tg_status_exit(rc) : failed ? TG_EXIT_FAIL : TG_EXIT_OK;
}

/* Where git runs hooks from: core.hooksPath, else .git/hooks (git resolves both). */
static int hooks_dir(const char *root, struct tg_buf *dir)
{
	struct tg_buf out = TG_BUF_INIT, err = TG_BUF_INIT;
	int rc = TG_OK;

	if (tg_repo_git(root, &out, &err, "rev-parse", "--git-path", "hooks", NULL))
		rc = tg_error_set(TG_ERR_USAGE, "%s: not a git repository: %s", root, err.buf);
	while (out.len && out.buf[out.len - 1] == '\n')
		out.buf[--out.len] = 0;
	if (!rc && out.buf[0] != '/')
		tg_buf_addf(dir, "%s/", root);
	if (!rc)
		tg_buf_add(dir, out.buf, out.len);
	tg_buf_release(&out);
	tg_buf_release(&err);
	return rc;
}

static int is_ours(const char *path)
{
	struct tg_buf text = TG_BUF_INIT;
	int ours = !tg_buf_read_file(&text, path) && strstr(text.buf, TG_HOOK_MARKER) != NULL;

	tg_error_clear();
	tg_buf_release(&text);
	return ours;
}

/* One hook into dir: an existing one of another kind kept as NAME.local, unless force. */
static int install_one(const char *dir, enum tg_hook h, int force)
{
	struct tg_buf path = TG_BUF_INIT, kept = TG_BUF_INIT, text = TG_BUF_INIT;
	struct stat st;
	const char *what = "installed";
	int rc = TG_OK;

	tg_buf_addf(&path, "%s/%s", dir, tg_hook_name(h));
	tg_buf_addf(&kept, "%s" TG_HOOK_CHAINED, path.buf);
	if (!lstat(path.buf, &st) && !is_ours(path.buf)) {
		if (force) {
			what = "installed (the hook there replaced: --force)";
		} else if (!lstat(kept.buf, &st)) {
			rc = tg_error_set(
			        TG_ERR_USAGE,
			        "%s: a hook is there and %s too: not overwritten (--force "
			        "replaces the hook)",
			        path.buf, kept.buf);
		} else if (rename(path.buf, kept.buf)) {
			rc = tg_error_set(TG_ERR_RUN, "%s: %s", path.buf, strerror(errno));
		} else {
			what = "installed, the hook there chained after it as " TG_HOOK_CHAINED;
		}
	} else if (!lstat(path.buf, &st)) {
		what = "updated";
	}
	tg_hook_script(h, &text);
	if (!rc)
		rc = tg_buf_write_file(&text, path.buf);
	if (!rc && chmod(path.buf, 0755))
		rc = tg_error_set(TG_ERR_RUN, "%s: %s", path.buf, strerror(errno));
	if (!rc)
		printf("%s: %s\n", path.buf, what);
	tg_buf_release(&path);
	tg_buf_release(&kept);
	tg_buf_release(&text);
	return rc;
}

static int install(const char *repo, int pre_commit_only, int pre_push_only, int force)
{
	struct tg_buf dir = TG_BUF_INIT;
	char *root = NULL;
	int rc = tg_repo_find_root(repo ? repo : ".", &root),
	    all = !pre_commit_only && !pre_push_only;

	if (!rc)
		rc = hooks_dir(root, &dir);
	if (!rc && mkdir(dir.buf, 0777) && errno != EEXIST)
		rc = tg_error_set(TG_ERR_RUN, "%s: %s", dir.buf, strerror(errno));
	if (!rc && (all || pre_commit_only))
		rc = install_one(dir.buf, TG_HOOK_PRE_COMMIT, force);
	if (!rc && (all || pre_push_only))
		rc = install_one(dir.buf, TG_HOOK_PRE_PUSH, force);
	if (rc)
		tg_error_report();
	free(root);
	tg_buf_release(&dir);
	return tg_status_exit(rc);
}

int cmd_hooks(int argc, const char **argv)
{
	const char *repo = NULL, *config = NULL;
	int pre_commit_only = 0, pre_push_only = 0, force = 0, n;
	const struct tg_option opts[] = {
	        TG_OPT_REPO(&repo, &config),
	        TG_OPT_BOOL(0, "pre-commit", &pre_commit_only, "install: the pre-commit hook"),
	        TG_OPT_BOOL(0, "pre-push", &pre_push_only, "install: the pre-push hook"),
	        TG_OPT_BOOL('f', "force", &force,
	                    "install: replace a hook already there instead of chaining it"),
	        TG_OPT_END(),
	};

	n = tg_options_parse_args(argc, argv, opts, usage, 1, 2);
	if (n < 0)
		return tg_cmd_parse_exit(n);
	if (n == 1 && !strcmp(argv[0], "install"))
		return install(repo, pre_commit_only, pre_push_only, force);
	if (n == 2 && !strcmp(argv[0], "run") &&
	    (!strcmp(argv[1], "pre-commit") || !strcmp(argv[1], "pre-push")))
		return run_hook(repo, config, argv[1]);
	tg_options_usage(opts, usage, 1);
	return TG_EXIT_USAGE;
}
