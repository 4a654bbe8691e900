#include "history/history.h"

#include "history/gitlog.h"
#include "history/model_int.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/log.h"
#include "util/workers.h"
#include "version.h"

#include <stdio.h>
#include <pthread.h>
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

/*
 * The key under which the store keeps this history: what changes the counts
 * (terragon's version, the options, the bots, the mailmap), so a change of
 * any of them reads afresh.
 */
static void cache_key(const struct tg_history *h, struct tg_buf *key)
{
	struct tg_hasher hs;
	struct tg_buf mailmap = TG_BUF_INIT, path = TG_BUF_INIT;
	char hex[17];
	size_t i;

	tg_hasher_init(&hs);
	for (i = 0; h->opts.bots && i < h->opts.bots->nr; i++)
		tg_hasher_adds(&hs, h->opts.bots->v[i]);
	tg_buf_addf(&path, "%s/.mailmap", h->root);
	if (tg_buf_read_file(&mailmap, path.buf) != TG_OK)
		tg_error_clear();
	tg_hasher_add(&hs, mailmap.buf, mailmap.len);
	tg_hash_hex(tg_hasher_finish(&hs), hex);
	tg_buf_addf(key, "terragon %s first_parent=%d max_changeset=%d bots+mailmap=%s", TG_VERSION,
	            h->opts.first_parent, h->opts.max_changeset, hex);
	tg_buf_release(&mailmap);
	tg_buf_release(&path);
}

/* The log's filter arguments, shared by rev-list (to split the work) and log. */
static void filter_args(const struct tg_history *h, struct tg_strlist *args)
{
	if (h->opts.first_parent)
		tg_strlist_add(args, "--first-parent");
	else
		tg_strlist_add(args, "--no-merges");
	if (h->opts.since) {
		struct tg_buf b = TG_BUF_INIT;

		tg_buf_addf(&b, "--since=%s", h->opts.since);
		tg_strlist_add(args, b.buf);
		tg_buf_release(&b);
	}
}

static int run_argv(const char *root, struct tg_strlist *args, struct tg_buf *out)
{
	TG_ALLOC_GROW(args->v, args->nr + 1, args->alloc);
	args->v[args->nr] = NULL;
	tg_buf_reset(out);
	return tg_git_capture(root, (const char *const *)args->v, out);
}

/* Reads the commits of revs (as rev-list takes them: tips and ^exclusions) into h. */
static int read_segment(struct tg_history *h, const struct tg_strlist *revs)
{
	struct tg_strlist args = TG_STRLIST_INIT;
	struct tg_gitlog_parser p;
	size_t i;
	int rc;

	tg_strlist_add(&args, "log");
	tg_strlist_add(&args, "--numstat");
	tg_strlist_add(&args, "-z");
	tg_strlist_add(&args, "-M");
	tg_strlist_add(&args, "--no-color");
	tg_strlist_add(&args, "--no-textconv");
	tg_strlist_add(&args, "--no-show-signature");
	tg_strlist_add(&args, TG_GITLOG_FORMAT);
	filter_args(h, &args);
	for (i = 0; i < revs->nr; i++)
		tg_strlist_add(&args, revs->v[i]);
	tg_strlist_add(&args, "--");
	TG_ALLOC_GROW(args.v, args.nr + 1, args.alloc);
	args.v[args.nr] = NULL;
	tg_gitlog_init(&p, on_commit, h);
	rc = tg_gitlog_run(h->root, (const char *const *)args.v, &p);
	tg_gitlog_release(&p);
	tg_strlist_clear(&args);
	return rc;
}

struct segment {
	struct tg_history model;
	struct tg_strlist revs;
	int rc;
	char err[512];
};

static void *segment_main(void *arg)
{
	struct segment *s = arg;

	s->rc = read_segment(&s->model, &s->revs);
	if (s->rc)
		snprintf(s->err, sizeof(s->err), "%s", tg_error_message());
	return NULL;
}

/*
 * Splits the commits to read into up to `jobs` segments at evenly spaced
 * commits of rev-list's order, so several git processes compute diffs at
 * once (the diffs, not the parsing, are the cost). Segment i holds the
 * commits reachable from its boundary but not from the next one; the
 * segments are then folded newest first, which keeps renames followed
 * across the boundaries.
 */
static int rev_list(struct tg_history *h, const char *first, const char *tip, const char *exclude,
                    struct tg_buf *out)
{
	struct tg_strlist args = TG_STRLIST_INIT;
	struct tg_buf b = TG_BUF_INIT;
	int rc;

	tg_strlist_add(&args, "rev-list");
	tg_strlist_add(&args, first);
	filter_args(h, &args);
	tg_strlist_add(&args, tip);
	if (exclude) {
		tg_buf_addf(&b, "^%s", exclude);
		tg_strlist_add(&args, b.buf);
	}
	if (strncmp(first, "--count", 7))
		tg_strlist_add(&args, "--max-count=1");
	rc = run_argv(h->root, &args, out);
	tg_strlist_clear(&args);
	tg_buf_release(&b);
	return rc;
}

/* count: how many commits there are to read, or -1 when not known yet. */
static void split(struct tg_history *h, const char *tip, const char *exclude, long count, int jobs,
                  struct tg_strlist *bounds)
{
	struct tg_buf out = TG_BUF_INIT, skip = TG_BUF_INIT;
	int i;

	/* Small ranges are not worth a second process (nor a rev-list to split them). */
	if (count >= 0 && count < 2000)
		goto done;
	if (count < 0) {
		if (rev_list(h, "--count", tip, exclude, &out) != 0)
			goto done;
		count = strtol(out.buf, NULL, 10);
	}
	/* Small ranges are not worth a second process. */
	if (count < 2000L * jobs)
		jobs = (int)(count / 2000) + 1;
	for (i = 1; i < jobs; i++) {
		tg_buf_reset(&skip);
		tg_buf_addf(&skip, "--skip=%ld", count * i / jobs);
		if (rev_list(h, skip.buf, tip, exclude, &out) != 0 || out.len < 40)
			break;
		tg_strlist_add(bounds, out.buf);
	}
done:
	tg_buf_release(&out);
	tg_buf_release(&skip);
}

static long jobs_wanted(void)
{
	long n = tg_default_workers();
	const char *env = getenv("TERRAGON_HISTORY_JOBS");

	if (env && *env)
		n = strtol(env, NULL, 10);
	return n < 1 ? 1 : n > 8 ? 8 : n;
}

static int read_log(struct tg_history *h, const char *tip, const char *exclude, long count)
{
	struct tg_strlist bounds = TG_STRLIST_INIT;
	struct segment *seg;
	struct tg_buf b = TG_BUF_INIT;
	size_t i, nseg;
	int rc = TG_OK;

	if (jobs_wanted() > 1)
		split(h, tip, exclude, count, (int)jobs_wanted(), &bounds);
	nseg = bounds.nr + 1;
	seg = tg_calloc(nseg, sizeof(*seg));
	for (i = 0; i < nseg; i++) {
		seg[i].model.opts = h->opts;
		seg[i].model.root = h->root;
		tg_strlist_add(&seg[i].revs, i == 0 ? tip : bounds.v[i - 1]);
		if (i < bounds.nr) {
			tg_buf_reset(&b);
			tg_buf_addf(&b, "^%s", bounds.v[i]);
			tg_strlist_add(&seg[i].revs, b.buf);
		}
		if (exclude) {
			tg_buf_reset(&b);
			tg_buf_addf(&b, "^%s", exclude);
			tg_strlist_add(&seg[i].revs, b.buf);
		}
	}
	if (nseg == 1) {
		segment_main(&seg[0]);
	} else {
		pthread_t *th = tg_calloc(nseg, sizeof(*th));

		for (i = 1; i < nseg; i++)
			if (pthread_create(&th[i], NULL, segment_main, &seg[i]))
				segment_main(&seg[i]), th[i] = 0;
		segment_main(&seg[0]);
		for (i = 1; i < nseg; i++)
			if (th[i])
				pthread_join(th[i], NULL);
		free(th);
	}
	for (i = 0; i < nseg; i++) {
		if (seg[i].rc && rc == TG_OK)
			rc = tg_error_set(seg[i].rc, "%s", seg[i].err);
	}
	/* Fold newest first: h takes segment 0, then each older one in turn. */
	h->commits = h->commits_read = 0;
	for (i = 0; i < nseg; i++) {
		/* After a failure too: what was read is kept (and the run says it is partial). */
		model_merge_older(h, &seg[i].model);
		h->commits_read += seg[i].model.commits_read;
		seg[i].model.root = NULL;
		model_release(&seg[i].model);
		tg_strlist_clear(&seg[i].revs);
	}
	free(seg);
	tg_strlist_clear(&bounds);
	tg_buf_release(&b);
	return rc;
}

/*
 * The stored history, if it ends at an ancestor of HEAD: then only the
 * commits after it are read. Rewritten history (a force push, a rebase)
 * leaves the stored commit off HEAD's ancestry, and everything is reread.
 */
static int load_older(struct tg_history *h, struct tg_history *older, const char *key, long *count)
{
	struct tg_buf out = TG_BUF_INIT, range = TG_BUF_INIT;
	const char *lr[] = {"rev-list", "--left-right", "--count", NULL, NULL};
	long behind = -1;
	int rc;

	if (tg_history_cache_load(older, &h->opts, key) != TG_OK)
		return 0;
	if (!older->head[0] || older->partial != h->partial) {
		/* A clone deepened since (or made shallow): its stored counts are not comparable.
		 */
		model_release(older);
		return 0;
	}
	if (!strcmp(older->head, h->head)) {
		*count = 0;
		return 1;
	}
	/*
	 * One process answers both questions: commits only in the stored head
	 * (0 when it is an ancestor of HEAD) and commits only in HEAD (how many
	 * to read, merges included, which is near enough to plan the split).
	 */
	tg_buf_addf(&range, "%s...%s", older->head, h->head);
	lr[3] = range.buf;
	rc = git_line(h->root, lr, &out);
	if (rc == 0 && sscanf(out.buf, "%ld %ld", &behind, count) != 2)
		behind = -1;
	tg_buf_release(&out);
	tg_buf_release(&range);
	if (behind != 0) {
		tg_note("history: stored commit %.12s is no longer an ancestor of HEAD; rereading",
		        older->head);
		model_release(older);
		*count = -1;
		return 0;
	}
	return 1;
}

/* shallow: git's "true"/"false"; head: HEAD's commit, or "" when there is none yet. */
static int build(struct tg_history *h, int shallow, const char *head)
{
	struct tg_buf out = TG_BUF_INIT, key = TG_BUF_INIT;
	struct tg_history older;
	int rc = TG_OK, have_older = 0;
	long count = -1;

	memset(&older, 0, sizeof(older));
	if (!*head)
		goto done; /* no commit yet: an empty history */
	snprintf(h->head, sizeof(h->head), "%s", head);
	if (shallow) {
		h->partial = 1;
		h->partial_why = "a shallow clone: counts start at its oldest commit";
		tg_warn("%s is a shallow clone: history counts start at its oldest commit and are "
		        "partial; fetch the full history with 'git fetch --unshallow' (in GitHub "
		        "Actions: actions/checkout with fetch-depth: 0)",
		        h->root);
	}
	cache_key(h, &key);
	if (h->opts.store && !h->opts.since) {
		h->cache_key = tg_strdup(key.buf);
		have_older = load_older(h, &older, key.buf, &count);
	}
	tg_debug("history: stored history %s", have_older ? older.head : "none");
	if (!have_older || strcmp(older.head, h->head)) {
		double t0 = tg_clock_mono();

		h->dirty = 1;
		rc = read_log(h, h->head, have_older ? older.head : NULL, count);
		tg_debug("history: read %ld commits from git in %.3f s", h->commits_read,
		         tg_clock_mono() - t0);
	}
	if (rc != TG_OK && rc != TG_ERR_USAGE && h->commits_read > 0) {
		/*
		 * A corrupt or missing object stops git log part-way: keep what was
		 * read, say what went wrong, and store nothing (the next run retries).
		 */
		tg_warn("%s; results are partial (%ld commits read)", tg_error_message(),
		        h->commits_read);
		tg_error_clear();
		h->partial = 1;
		h->partial_why = "git log stopped early: older commits are missing";
		rc = TG_OK;
		free(h->cache_key);
		h->cache_key = NULL;
		if (have_older) {
			model_release(&older);
			have_older = 0;
		}
		goto done;
	}
	if (rc == TG_OK && have_older)
		model_merge_older(h, &older);
	if (rc == TG_OK && h->opts.complexity)
		model_complexity(h);
	if (rc == TG_OK && !h->opts.defer_save)
		tg_history_save(h);
done:
	if (have_older)
		model_release(&older);
	model_finish(h);
	tg_buf_release(&out);
	tg_buf_release(&key);
	return rc;
}

/*
 * HEAD^{commit} did not resolve. TG_OK when HEAD is unborn (a repository
 * without commits yet: an empty history); otherwise HEAD names what git
 * cannot read (a truncated pack, a missing object), which is no empty
 * history: a status naming the repository and git's own message, so the
 * history's items are not resolved for want of a readable one.
 */
static int head_unborn(const char *repo, const char *root)
{
	const char *ref[] = {"rev-parse", "-q", "--verify", "HEAD", NULL};
	const char *commit[] = {"rev-parse", "--verify", "HEAD^{commit}", NULL};
	struct tg_buf out = TG_BUF_INIT, err = TG_BUF_INIT;
	int rc = tg_git_capture(repo, ref, &out);

	if (rc == 1 && !out.len) {
		rc = TG_OK;
	} else if (rc >= 0) {
		tg_buf_reset(&out);
		tg_git_capture_err(repo, commit, &out, &err);
		err.buf[strcspn(err.buf, "\n")] = '\0';
		rc = tg_error_set(TG_ERR_RUN,
		                  "%s: HEAD's commit cannot be read (a damaged "
		                  "repository?): %s",
		                  root, err.buf[0] ? err.buf : "git rev-parse failed");
	}
	tg_buf_release(&out);
	tg_buf_release(&err);
	return rc;
}

int tg_history_locate(const char *repo, struct tg_history_where *w)
{
	struct tg_buf lines = TG_BUF_INIT;
	/* One git process for three answers: top level, shallow or not, HEAD (may fail last). */
	const char *q[] = {"rev-parse",
	                   "--show-toplevel",
	                   "--is-shallow-repository",
	                   "--verify",
	                   "-q",
	                   "HEAD^{commit}",
	                   NULL};
	char *nl, *nl2;
	int rc;

	memset(w, 0, sizeof(*w));
	rc = tg_git_capture(repo, q, &lines);
	nl = strchr(lines.buf, '\n');
	if (rc < 0 || !nl || nl == lines.buf) {
		tg_buf_release(&lines);
		return rc < 0 ? rc
		              : tg_error_set(TG_ERR_USAGE, "%s: not inside a git working tree",
		                             repo);
	}
	*nl = '\0';
	nl2 = strchr(nl + 1, '\n');
	if (nl2)
		*nl2 = '\0';
	if (rc != 0) {
		if ((rc = head_unborn(repo, lines.buf))) {
			tg_buf_release(&lines);
			return rc;
		}
		nl2 = NULL; /* unborn: no commit yet */
	}
	w->root = tg_strdup(lines.buf);
	w->shallow = !strcmp(nl + 1, "true");
	snprintf(w->head, sizeof(w->head), "%s", nl2 ? nl2 + 1 : "");
	tg_buf_release(&lines);
	return TG_OK;
}

void tg_history_where_release(struct tg_history_where *w)
{
	free(w->root);
	memset(w, 0, sizeof(*w));
}

int tg_history_build(struct tg_history **out, const char *repo, const struct tg_history_opts *o)
{
	struct tg_history *h;
	struct tg_history_where own;
	const struct tg_history_where *w = o->where;
	int rc;

	*out = NULL;
	memset(&own, 0, sizeof(own));
	if (!w) {
		rc = tg_history_locate(repo, &own);
		if (rc)
			return rc;
		w = &own;
	}
	h = tg_calloc(1, sizeof(*h));
	h->opts = *o;
	h->opts.where = NULL;
	if (h->opts.max_changeset <= 0)
		h->opts.max_changeset = 30;
	h->root = tg_strdup(w->root);
	rc = build(h, w->shallow, w->head);
	tg_history_where_release(&own);
	if (rc) {
		tg_error_prefix(rc, "%s: reading history", h->root);
		tg_history_free(h);
		return rc;
	}
	*out = h;
	return TG_OK;
}

int tg_history_save(struct tg_history *h)
{
	double t0 = tg_clock_mono();

	if (!h->opts.store || !h->cache_key || !h->dirty)
		return TG_OK;
	if (tg_history_cache_save(h, h->cache_key) != TG_OK) {
		/* The counts are right; only the next run will be slower. */
		tg_warn("history: not saved in the store: %s", tg_error_message());
		tg_error_clear();
		return TG_OK;
	}
	h->dirty = 0;
	tg_debug("history: saved in the store in %.3f s", tg_clock_mono() - t0);
	return TG_OK;
}

void tg_history_forget_store(struct tg_history *h)
{
	h->opts.store = NULL;
}

int tg_history_use_store(struct tg_history *h, struct tg_store *st)
{
	if (st && !h->cache_key)
		return 0;
	h->opts.store = st;
	return st != NULL;
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

const char *tg_history_partial_why(const struct tg_history *h)
{
	return h->partial && h->partial_why ? h->partial_why : "";
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
