#include "history/history.h"

#include "history/gitlog.h"
#include "history/model.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int tg_history_cache_load(struct tg_history *older, const struct tg_history_opts *o,
                          const char *key);
int tg_history_cache_save(const struct tg_history *h, const char *key);

void tg_history_opts_init(struct tg_history_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->min_revs = 5;
	o->min_shared_revs = 5;
	o->min_coupling = 30;
	o->max_changeset = 30;
	o->inactive_months = 6;
	o->now = tg_clock_now();
}

static int on_commit(const struct tg_gitlog_commit *c, void *data)
{
	return model_add_commit(data, c);
}

static int git_line(const char *repo, const char *const *args, struct tg_buf *out)
{
	tg_buf_reset(out);
	return tg_git_capture(repo, args, out);
}

/* The key under which the store keeps this history: options that change the counts. */
static void cache_key(const struct tg_history *h, struct tg_buf *key)
{
	tg_buf_addf(key, "v1 fp=%d max=%d since=%s", h->opts.first_parent, h->opts.max_changeset,
	            h->opts.since ? h->opts.since : "");
}

static int read_log(struct tg_history *h, const char *range)
{
	const char *args[16];
	struct tg_gitlog_parser p;
	struct tg_buf since = TG_BUF_INIT;
	int n = 0, rc;

	args[n++] = "log";
	args[n++] = "--numstat";
	args[n++] = "-z";
	args[n++] = "-M";
	args[n++] = "--no-color";
	args[n++] = "--no-textconv";
	args[n++] = "--no-show-signature";
	args[n++] = TG_GITLOG_FORMAT;
	args[n++] = h->opts.first_parent ? "--first-parent" : "--no-merges";
	if (h->opts.since) {
		tg_buf_addf(&since, "--since=%s", h->opts.since);
		args[n++] = since.buf;
	}
	args[n++] = range;
	args[n++] = "--";
	args[n] = NULL;
	tg_gitlog_init(&p, on_commit, h);
	rc = tg_gitlog_run(h->root, args, &p);
	tg_gitlog_release(&p);
	tg_buf_release(&since);
	return rc;
}

/*
 * The stored history, if it ends at an ancestor of HEAD: then only the
 * commits after it are read. Rewritten history (a force push, a rebase)
 * leaves the stored commit off HEAD's ancestry, and everything is reread.
 */
static int load_older(struct tg_history *h, struct tg_history *older, const char *key)
{
	struct tg_buf out = TG_BUF_INIT;
	const char *anc[] = {"merge-base", "--is-ancestor", older->head, "HEAD", NULL};
	int rc;

	if (tg_history_cache_load(older, &h->opts, key) != TG_OK || !older->head[0])
		return 0;
	rc = git_line(h->root, anc, &out);
	tg_buf_release(&out);
	if (rc != 0) {
		tg_note("history: stored commit %.12s is no longer an ancestor of HEAD; rereading",
		        older->head);
		model_release(older);
		return 0;
	}
	return 1;
}

static int build(struct tg_history *h)
{
	struct tg_buf out = TG_BUF_INIT, key = TG_BUF_INIT, range = TG_BUF_INIT;
	const char *head[] = {"rev-parse", "--verify", "-q", "HEAD^{commit}", NULL};
	const char *shallow[] = {"rev-parse", "--is-shallow-repository", NULL};
	struct tg_history older;
	int rc = TG_OK, have_older = 0;

	memset(&older, 0, sizeof(older));
	if (git_line(h->root, head, &out) != 0)
		goto done; /* no commit yet: an empty history */
	snprintf(h->head, sizeof(h->head), "%s", out.buf);
	if (git_line(h->root, shallow, &out) == 0 && !strcmp(out.buf, "true")) {
		h->partial = 1;
		tg_warn("%s is a shallow clone: history counts start at its oldest commit and are "
		        "partial; fetch the full history with 'git fetch --unshallow' (in GitHub "
		        "Actions: actions/checkout with fetch-depth: 0)",
		        h->root);
	}
	cache_key(h, &key);
	if (h->opts.db && !h->opts.since)
		have_older = load_older(h, &older, key.buf);
	if (have_older && !strcmp(older.head, h->head)) {
		tg_buf_adds(&range, "HEAD^{commit}..HEAD^{commit}");
	} else if (have_older) {
		tg_buf_addf(&range, "%s..%s", older.head, h->head);
	} else {
		tg_buf_adds(&range, h->head);
	}
	rc = read_log(h, range.buf);
	if (rc == TG_OK && have_older)
		model_merge_older(h, &older);
	if (rc == TG_OK && h->opts.db && !h->opts.since)
		rc = tg_history_cache_save(h, key.buf);
done:
	if (have_older)
		model_release(&older);
	model_finish(h);
	tg_buf_release(&out);
	tg_buf_release(&key);
	tg_buf_release(&range);
	return rc;
}

int tg_history_build(struct tg_history **out, const char *repo, const struct tg_history_opts *o)
{
	struct tg_history *h = tg_calloc(1, sizeof(*h));
	struct tg_buf root = TG_BUF_INIT;
	const char *top[] = {"rev-parse", "--show-toplevel", NULL};
	int rc;

	*out = NULL;
	h->opts = *o;
	if (h->opts.max_changeset <= 0)
		h->opts.max_changeset = 30;
	rc = tg_git_capture(repo, top, &root);
	if (rc < 0 || rc > 0 || !root.len) {
		tg_buf_release(&root);
		free(h);
		if (rc < 0)
			return rc;
		return tg_error_set(TG_ERR_USAGE, "%s: not inside a git working tree", repo);
	}
	h->root = tg_buf_detach(&root, NULL);
	rc = build(h);
	if (rc) {
		tg_error_prefix(rc, "%s: reading history", h->root);
		tg_history_free(h);
		return rc;
	}
	*out = h;
	return TG_OK;
}

void tg_history_free(struct tg_history *h)
{
	if (!h)
		return;
	model_release(h);
	free(h);
}

int tg_history_partial(const struct tg_history *h)
{
	return h->partial;
}

const char *tg_history_root(const struct tg_history *h)
{
	return h->root;
}

long tg_history_commits(const struct tg_history *h)
{
	return h->commits;
}

long tg_history_commits_read(const struct tg_history *h)
{
	return h->commits_read;
}
