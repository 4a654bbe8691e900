/*
 * Proof that a change did what it claims: the item's own source runs again
 * on the changed worktree, into a backlog in memory (the user's store is
 * never touched). The item must be gone, and no critical item may appear
 * that the base commit does not have. Items of a source that reads only the
 * tree (the scanner, whose rule items say "rules", and the compliance audit)
 * are checked with that source; an imported finding by re-running the
 * configured analyzers (value_discovery.analyzers). Anything else cannot be
 * re-run on a tree, so the change goes on unverified and its pull request
 * says so.
 */
#include "execute/execute_int.h"

#include "backlog/backlog.h"
#include "backlog/group.h"
#include "discover/discover.h"
#include "proc/proc.h"
#include "util/alloc.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/log.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern const struct tg_source tg_source_analyzers;

/* The source that can find the item again on a tree; NULL (and why) when none can. */
static const struct tg_source *via_of(const struct tg_config *cfg, const struct tg_item *it,
                                      struct tg_buf *why)
{
	const char *src = it->source ? it->source : "";

	if (!strcmp(src, "rules"))
		src = "scanner";
	for (size_t i = 0; tg_sources[i]; i++)
		if (tg_sources[i]->tree_only && !strcmp(src, tg_sources[i]->name))
			return tg_sources[i];
	if (!strncmp(src, "sarif:", 6)) {
		if (cfg->value_discovery.analyzers_nr)
			return &tg_source_analyzers;
		tg_buf_addf(why,
		            "imported finding (%s) and no analyzer is configured "
		            "(value_discovery.analyzers) to run again on the change",
		            src);
		return NULL;
	}
	tg_buf_addf(why, "items of source %s cannot be found again on a changed tree",
	            *src ? src : "(none)");
	return NULL;
}

/* "XY path" entries of git status in tree, sorted. */
static void status_entries(enum tg_git_role git, const char *tree, struct tg_strlist *out)
{
	struct tg_buf b = TG_BUF_INIT;
	const char *p, *end;

	tg_repo_git_as(git, tree, &b, NULL, "status", "--porcelain=v1", "-z",
	               "--untracked-files=all", NULL);
	for (p = b.buf, end = b.buf + b.len; p < end; p += strlen(p) + 1) {
		tg_strlist_add(out, p);
		if (p[0] == 'R' || p[0] == 'C') /* a rename's source follows */
			p += strlen(p) + 1;
	}
	tg_strlist_sort(out);
	tg_buf_release(&b);
}

/* Undoes what the analyzers left in the worktree (their SARIF, logs, caches). */
static void undo_new_entries(enum tg_git_role git, const char *tree,
                             const struct tg_strlist *before)
{
	struct tg_strlist after = TG_STRLIST_INIT;
	struct tg_buf path = TG_BUF_INIT;
	size_t i;

	status_entries(git, tree, &after);
	for (i = 0; i < after.nr; i++) {
		const char *e = after.v[i];
		if (tg_strlist_find(before, e) >= 0 || strlen(e) < 4)
			continue;
		if (!strncmp(e, "??", 2)) {
			tg_buf_reset(&path);
			tg_buf_addf(&path, "%s/%s", tree, e + 3);
			unlink(path.buf);
		} else {
			tg_repo_git_as(git, tree, NULL, NULL, "checkout", "-q", "--", e + 3, NULL);
		}
	}
	tg_strlist_clear(&after);
	tg_buf_release(&path);
}

struct found {
	struct tg_backlog b;
	struct tg_source_run run;
	struct tg_strlist skipped; /* analyzers that did not run, and why */
};

/* Runs the source on dir into f (in memory); git acts as git says in the worktree. */
static int collect(const struct tg_config *cfg, const struct tg_source *via, const char *dir,
                   int in_tree, enum tg_git_role git, struct found *f)
{
	static const char *const own[] = {".terragon", "value-metrics.json", "BACKLOG.md"};
	struct tg_strlist own_outputs = TG_STRLIST_INIT, imports = TG_STRLIST_INIT;
	struct tg_strlist before = TG_STRLIST_INIT;
	struct tg_history *history = NULL;
	struct tg_discover_ctx ctx = {dir, cfg, &own_outputs, &imports, tg_clock_now(), &history,
	                              0,   0};
	struct tg_sink sink;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		tg_strlist_add(&own_outputs, own[i]);
	sink = tg_backlog_sink(&f->b);
	if (via->tree_only) {
		rc = via->collect(&ctx, &sink, &f->run, &f->skipped);
	} else {
		if (in_tree)
			status_entries(git, dir, &before);
		rc = tg_source_analyzers.collect(&ctx, &sink, &f->run, &f->skipped);
		if (in_tree)
			undo_new_entries(git, dir, &before);
	}
	if (!rc)
		tg_discover_refine(cfg, &f->b, NULL);
	tg_strlist_clear(&own_outputs);
	tg_strlist_clear(&imports);
	tg_strlist_clear(&before);
	return rc;
}

static void found_init(struct found *f)
{
	tg_backlog_init(&f->b);
	memset(&f->run, 0, sizeof(f->run));
	f->skipped = (struct tg_strlist)TG_STRLIST_INIT;
}

static void found_release(struct found *f)
{
	tg_backlog_release(&f->b);
	tg_strlist_clear(&f->run.covered);
	tg_strlist_clear(&f->run.speaks_for);
	tg_strlist_clear(&f->skipped);
	free(f->run.error);
	free(f->run.name);
}

static const struct tg_item *find(const struct found *f, const char *fingerprint)
{
	size_t i;

	for (i = 0; i < f->b.nr; i++)
		if (!strcmp(f->b.items[i].fingerprint, fingerprint))
			return &f->b.items[i];
	return NULL;
}

/* The base commit's files, exported (not checked out: no git state) into dir. */
static int export_base(enum tg_git_role git, const char *root, const char *sha, const char *dir)
{
	struct tg_buf tar = TG_BUF_INIT, err = TG_BUF_INIT;
	const char *argv[] = {"tar", "-xf", NULL, "-C", dir, NULL};
	int rc = TG_OK, code = 0;

	tg_buf_addf(&tar, "%s.tar", dir);
	if (tg_repo_git_as(git, root, NULL, &err, "archive", "--format=tar", "-o", tar.buf, sha,
	                   NULL)) {
		tg_buf_trim(&err);
		rc = tg_error_set(TG_ERR_RUN, "git archive %s: %s", sha, err.buf);
	}
	argv[2] = tar.buf;
	if (!rc && (tg_proc_run_argv(dir, argv, "tar", 600, NULL, NULL, 0, &code) || code))
		rc = tg_error_set(TG_ERR_RUN, "cannot unpack the base commit %s", sha);
	unlink(tar.buf);
	tg_buf_release(&tar);
	tg_buf_release(&err);
	return rc;
}

/* What each source found in the base commit: one scan a source a run. */
struct verify_bases {
	struct base {
		const struct tg_source *via;
		struct found found;
		char *error; /* the scan failed: why */
	} * v;
	size_t nr, alloc;
};

struct verify_bases *verify_bases_new(void)
{
	return tg_calloc(1, sizeof(struct verify_bases));
}

void verify_bases_free(struct verify_bases *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->nr; i++) {
		found_release(&b->v[i].found);
		free(b->v[i].error);
	}
	free(b->v);
	free(b);
}

struct check {
	const struct tg_config *cfg;
	const struct tg_source *via;
	const char *root, *base_sha;
	enum tg_git_role git;
	struct verify_bases *bases;
	struct found after;
	const struct found *before; /* in bases, once loaded */
};

static int scan_base(struct check *k, struct base *e)
{
	char dir[] = "/tmp/terragon-verify-XXXXXX";
	int rc;

	tg_debug("verification: scanning the base commit %.12s with the %s source", k->base_sha,
	         k->via->name);
	if (!mkdtemp(dir))
		return tg_error_set(TG_ERR_RUN, "cannot create a temporary directory in /tmp");
	rc = export_base(k->git, k->root, k->base_sha, dir);
	if (!rc)
		rc = collect(k->cfg, k->via, dir, 0, k->git, &e->found);
	exec_remove_dir(dir);
	return rc;
}

/* What the source finds in the base commit: scanned when first needed in the run. */
static int load_before(struct check *k)
{
	struct verify_bases *b = k->bases;
	struct base *e = NULL;

	for (size_t i = 0; i < b->nr && !e; i++)
		if (b->v[i].via == k->via)
			e = &b->v[i];
	if (!e) {
		TG_ALLOC_GROW(b->v, b->nr + 1, b->alloc);
		e = &b->v[b->nr++];
		memset(e, 0, sizeof(*e));
		e->via = k->via;
		found_init(&e->found);
		if (scan_base(k, e))
			e->error = tg_strdup(tg_error_message());
	}
	if (e->error)
		return tg_error_set(TG_ERR_RUN, "%s", e->error);
	k->before = &e->found;
	return TG_OK;
}

static int same_text(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

/* Items that look like it: the same rule, file, title and evidence. */
static size_t siblings(const struct found *f, const struct tg_item *it)
{
	size_t i, n = 0;

	for (i = 0; i < f->b.nr; i++) {
		const struct tg_item *o = &f->b.items[i];
		n += same_text(o->rule_id, it->rule_id) && same_text(o->path, it->path) &&
		     same_text(o->title, it->title) && same_text(o->evidence, it->evidence);
	}
	return n;
}

/*
 * Whether the item is still there. The k-th of identical matches in a file
 * is the identity of a pattern item, so when the first of two is fixed the
 * second takes its fingerprint: then one fewer sibling than in the base
 * commit means the item is gone.
 */
/*
 * What is left of a grouped item whose fingerprint is gone: a lone finding
 * of its rule (in its file, or anywhere for a repository's item), which has
 * a fingerprint of its own (persist.c carries it into the group's item). The
 * item is gone only when all its occurrences are.
 */
static const struct tg_item *group_left(const struct found *f, const struct tg_item *it)
{
	char file[17], repo[17];
	int anywhere;

	tg_group_fingerprint(file, it, TG_GROUP_FILE);
	tg_group_fingerprint(repo, it, TG_GROUP_RULE);
	if (strcmp(file, it->fingerprint) && strcmp(repo, it->fingerprint))
		return NULL; /* not a group's: several sources' one finding, or a lone one */
	anywhere = !strcmp(repo, it->fingerprint);
	for (size_t i = 0; i < f->b.nr; i++) {
		const struct tg_item *o = &f->b.items[i];
		/* a finding suppressed in the code is another group's */
		if (same_text(o->source, it->source) && same_text(o->rule_id, it->rule_id) &&
		    (anywhere || same_text(o->path, it->path)) &&
		    (o->status == TG_STATUS_SUPPRESSED) == (it->status == TG_STATUS_SUPPRESSED))
			return o;
	}
	return NULL;
}

static int still_present(struct check *k, const struct tg_item *it, int *rc)
{
	const struct tg_item *now = find(&k->after, it->fingerprint);

	if (!now && group_left(&k->after, it))
		return 1;
	if (!now)
		return 0;
	if (now->status == TG_STATUS_SUPPRESSED)
		return 2;
	if ((*rc = load_before(k)))
		return 0;
	return siblings(&k->after, now) >= siblings(k->before, now);
}

/* Critical items after the change that the base commit does not have. */
static int new_criticals(struct check *k, struct tg_buf *list)
{
	size_t i;
	int n = 0, any = 0, rc;

	for (i = 0; i < k->after.b.nr; i++)
		any |= k->after.b.items[i].severity == TG_SEV_CRITICAL &&
		       k->after.b.items[i].status != TG_STATUS_SUPPRESSED;
	if (!any)
		return 0;
	if ((rc = load_before(k)))
		return rc;
	for (i = 0; i < k->after.b.nr; i++) {
		const struct tg_item *it = &k->after.b.items[i];
		if (it->severity != TG_SEV_CRITICAL || it->status == TG_STATUS_SUPPRESSED ||
		    find(k->before, it->fingerprint))
			continue;
		tg_buf_addf(list, "%s%s (%s)", n++ ? "; " : "", it->title ? it->title : it->rule_id,
		            it->fingerprint);
	}
	return n;
}

/* Whether one of the analyzers speaks for the item's tool: it reported results
 * of that tool, or its configured name is the tool's ("semgrep", "Semgrep OSS"). */
static int attributed(const struct tg_config *cfg, const struct found *f, const char *source)
{
	const char *tool = source + 6;
	size_t i;

	if (tg_strlist_find(&f->run.speaks_for, source) >= 0)
		return 1;
	for (i = 0; i < cfg->value_discovery.analyzers_nr; i++) {
		const char *name = cfg->value_discovery.analyzers[i].name;
		if (*name && (strcasestr(tool, name) || strcasestr(name, tool)))
			return 1;
	}
	return 0;
}

static int judge(struct check *k, const struct tg_item *it, struct verification *v)
{
	struct tg_buf crit = TG_BUF_INIT;
	int rc = TG_OK, still = still_present(k, it, &rc), n;

	if (rc)
		return tg_error_prefix(rc, "verification: the base commit could not be scanned");
	if (still)
		return tg_error_set(TG_ERR_INPUT, "item still present after the change%s",
		                    still == 2 ? " (suppressed in the code, not fixed)" : "");
	/* An analyzer that did not run proves nothing by its silence. */
	if (!k->via->tree_only && k->after.skipped.nr) {
		tg_buf_addf(&v->detail, "the analyzers did not all run on the change (%s)",
		            k->after.skipped.v[0]);
		return TG_OK;
	}
	if (!k->via->tree_only && !attributed(k->cfg, &k->after, it->source)) {
		tg_buf_addf(&v->detail,
		            "no configured analyzer reported %s results, so its absence proves "
		            "nothing",
		            it->source);
		return TG_OK;
	}
	n = new_criticals(k, &crit);
	if (n < 0)
		rc = tg_error_prefix(n, "verification: new critical items not checked");
	else if (n > 0)
		rc = tg_error_set(TG_ERR_INPUT, "the change brings %d new critical item%s: %s", n,
		                  n == 1 ? "" : "s", crit.buf);
	tg_buf_release(&crit);
	if (!rc) {
		v->verified = 1;
		tg_buf_addf(&v->detail,
		            "the %s%s, run again on the changed tree, no longer finds the item and "
		            "finds no new critical item",
		            k->via->tree_only ? k->via->name : "configured analyzers",
		            k->via->tree_only ? " source" : "");
	}
	return rc;
}

int verify_change(const struct tg_config *cfg, const char *root, const char *base_sha,
                  enum tg_git_role git, struct verify_bases *bases, const char *tree,
                  const struct tg_item *it, struct verification *v)
{
	struct check k;
	int rc;

	memset(&k, 0, sizeof(k));
	k.cfg = cfg, k.via = via_of(cfg, it, &v->detail), k.root = root, k.base_sha = base_sha;
	k.bases = bases, k.git = git;
	v->verified = v->failed = 0;
	if (!k.via)
		return TG_OK;
	found_init(&k.after);
	rc = collect(cfg, k.via, tree, 1, git, &k.after);
	if (rc)
		rc = tg_error_prefix(TG_ERR_RUN, "verification: the %s could not run on the change",
		                     k.via->tree_only ? k.via->name : "analyzers");
	else
		rc = judge(&k, it, v);
	if (rc) {
		v->failed = 1;
		tg_buf_reset(&v->detail);
		tg_buf_adds(&v->detail, tg_error_message());
	}
	found_release(&k.after);
	return rc;
}

void verify_gates_json(struct tg_buf *out, const struct verification *v, int checked,
                       const char *gates)
{
	const char *inner = gates && *gates == '[' ? gates + 1 : "]";

	tg_buf_adds(out, "[");
	if (checked) {
		tg_buf_addf(out,
		            "{\"name\": \"verify\", \"passed\": %s, \"verified\": %s, \"detail\": ",
		            v->failed ? "false" : "true", v->verified ? "true" : "false");
		tg_buf_add_jsons(out, v->detail.buf);
		tg_buf_adds(out, "}");
		if (*inner != ']')
			tg_buf_adds(out, ", ");
	}
	tg_buf_adds(out, inner);
}
