/*
 * Choosing what to execute: the stored open items above min_score, best
 * first, that something can fix and that have no branch or pull request yet
 * (judged from the remote and the API, not only the store: CI starts from a
 * fresh checkout), within the per-run and open pull-request budgets.
 */
#include "execute/attempt_int.h"

#include "store/audit.h"

#include "backlog/persist.h"
#include "backlog/tier.h"
#include "rules/rules.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/log.h"
#include "util/wildmatch.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void tg_execute_branch(struct tg_buf *out, const char *prefix, const char *fingerprint,
                       const char *title)
{
	size_t start, i;
	int dash = 1;

	tg_buf_addf(out, "%s%.8s", prefix, fingerprint);
	start = out->len;
	tg_buf_addch(out, '-');
	for (i = 0; title && title[i] && out->len - start < 41; i++) {
		unsigned char ch = (unsigned char)title[i];
		if (isalnum(ch) && ch < 128) {
			tg_buf_addch(out, tolower(ch));
			dash = 0;
		} else if (!dash) {
			tg_buf_addch(out, '-');
			dash = 1;
		}
	}
	while (out->len > start && out->buf[out->len - 1] == '-')
		tg_buf_setlen(out, out->len - 1);
}

static char *git_line(enum tg_git_role git, const char *dir, const char *a, const char *b,
                      const char *c, const char *d)
{
	struct tg_buf out = TG_BUF_INIT;

	if (tg_repo_git_as(git, dir, &out, NULL, a, b, c, d, NULL) || !out.len) {
		tg_buf_release(&out);
		return NULL;
	}
	tg_buf_trim(&out);
	return tg_buf_detach(&out, NULL);
}

/* The base branch: configured, else the remote's HEAD, else the current branch. */
static int resolve_base(struct exec_ctx *c)
{
	const char *remote = c->cfg->execution.remote;
	struct tg_buf ref = TG_BUF_INIT;
	char *name = NULL;

	if (c->cfg->execution.base_branch && *c->cfg->execution.base_branch) {
		name = tg_strdup(c->cfg->execution.base_branch);
	} else {
		tg_buf_addf(&ref, "refs/remotes/%s/HEAD", remote);
		name = git_line(c->git, c->root, "symbolic-ref", "--short", ref.buf, NULL);
		if (name && !strncmp(name, remote, strlen(remote)) && name[strlen(remote)] == '/')
			memmove(name, name + strlen(remote) + 1,
			        strlen(name + strlen(remote) + 1) + 1);
		if (!name)
			name = git_line(c->git, c->root, "symbolic-ref", "--short", "HEAD", NULL);
	}
	if (!name) {
		tg_buf_release(&ref);
		return tg_error_set(TG_ERR_USAGE, "%s: no base branch: set execution.base_branch",
		                    c->root);
	}
	c->base = name;
	tg_buf_reset(&ref);
	tg_buf_addf(&ref, "refs/remotes/%s/%s^{commit}", remote, name);
	c->base_sha = git_line(c->git, c->root, "rev-parse", "-q", "--verify", ref.buf);
	if (c->base_sha) {
		c->base_ref = tg_strndup(ref.buf, ref.len - 9);
	} else {
		tg_buf_reset(&ref);
		tg_buf_addf(&ref, "refs/heads/%s^{commit}", name);
		c->base_sha = git_line(c->git, c->root, "rev-parse", "-q", "--verify", ref.buf);
		c->base_ref = tg_strndup(ref.buf, ref.len - 9);
	}
	tg_buf_release(&ref);
	if (!c->base_sha)
		return tg_error_set(TG_ERR_USAGE,
		                    "%s: base branch %s not found (locally or as %s/%s)", c->root,
		                    name, remote, name);
	return TG_OK;
}

struct taken {
	struct tg_strlist heads; /* remote branches and pull requests' heads under the prefix */
	size_t open_prs;
};

static int find_taken(struct exec_ctx *c, struct taken *t)
{
	const char *prefix = c->cfg->execution.branch_prefix;
	struct tg_buf out = TG_BUF_INIT, err = TG_BUF_INIT, pat = TG_BUF_INIT;
	struct tg_github_pull *pulls = NULL;
	size_t nr = 0, i, plen = strlen(prefix);
	char *p;
	int rc = TG_OK;

	tg_buf_addf(&pat, "refs/heads/%s*", prefix);
	if (tg_repo_git_as(c->git, c->root, &out, &err, "ls-remote", "--heads",
	                   c->cfg->execution.remote, pat.buf, NULL)) {
		tg_buf_trim(&err);
		if (!c->dry_run)
			rc = tg_error_set(TG_ERR_RUN, "cannot list the branches of %s: %s",
			                  c->cfg->execution.remote, err.buf);
		else
			tg_warn("cannot list the branches of %s (%s; a dry run reads only a local "
			        "remote); going on in dry-run",
			        c->cfg->execution.remote, err.buf);
	}
	for (p = out.buf; !rc && (p = strstr(p, "refs/heads/"));) {
		size_t n = strcspn(p + 11, "\n");
		tg_strlist_addn(&t->heads, p + 11, n);
		p += 11 + n;
	}
	if (!rc && !c->dry_run)
		rc = tg_github_list_pulls(&c->gh, &pulls, &nr);
	for (i = 0; !rc && i < nr; i++) {
		if (strncmp(pulls[i].head, prefix, plen))
			continue;
		tg_strlist_add(&t->heads, pulls[i].head);
		t->open_prs += pulls[i].open;
	}
	tg_github_pulls_free(pulls, nr);
	tg_buf_release(&out);
	tg_buf_release(&err);
	tg_buf_release(&pat);
	return rc;
}

/* Has this fingerprint a branch or a pull request (open, merged or closed) already? */
static int is_taken(const struct exec_ctx *c, const struct taken *t, const char *fp)
{
	struct tg_buf want = TG_BUF_INIT;
	size_t i;
	int hit = 0;

	tg_buf_addf(&want, "%s%.8s", c->cfg->execution.branch_prefix, fp);
	for (i = 0; i < t->heads.nr && !hit; i++)
		hit = !strncmp(t->heads.v[i], want.buf, want.len) &&
		      (t->heads.v[i][want.len] == '-' || !t->heads.v[i][want.len]);
	tg_buf_release(&want);
	return hit;
}

static int prepare(struct exec_ctx *c, const struct tg_execute_opts *o)
{
	const struct tg_config *cfg = c->cfg;

	c->dry_run = o->dry_run;
	c->named = o->item != NULL;
	c->git = c->dry_run ? TG_GIT_READER : TG_GIT_USER;
	tg_github_init(&c->gh, cfg, c->root);
	if (!c->dry_run && !c->gh.token)
		return tg_error_set(TG_ERR_RUN,
		                    "no GitHub token: set TERRAGON_GITHUB_TOKEN, GH_TOKEN or "
		                    "GITHUB_TOKEN (or run with --dry-run)");
	if (!c->dry_run && !c->gh.repo)
		return tg_error_set(TG_ERR_USAGE,
		                    "execution.github.repository is not set and remote %s is not "
		                    "on github.com",
		                    cfg->execution.remote);
	setenv("GIT_TERMINAL_PROMPT", "0", 1);
	if (resolve_base(c))
		return TG_ERR_USAGE;
	return tree_state(c->git, c->root, &c->state);
}

int exec_rule_fix(const struct exec_ctx *c, const struct tg_item *it, const char **regex,
                  const char **repl, int *count)
{
	if (!c->rules || !it->path || !it->rule_id)
		return TG_ERR_NOTFOUND;
	return tg_rules_fix(c->rules, it->rule_id, regex, repl, count);
}

/* Why an item is not taken, in the order they are judged. */
enum skip {
	SKIP_NONE = 0,
	SKIP_NOT_OPEN,
	SKIP_TAKEN,
	SKIP_WATCH,
	SKIP_MIN_SCORE,
	SKIP_EXCLUDED,
	SKIP_NO_FIXER,
	SKIP_NR,
};

/* SKIP_NONE when the item is open, has no branch or pull request, is above
 * min_score, its rule is not excluded and something can fix it. */
static enum skip skip_of(const struct exec_ctx *c, const struct taken *t, const struct tg_item *it)
{
	const char *rx, *repl;
	int count;

	if (it->status != TG_STATUS_OPEN)
		return SKIP_NOT_OPEN;
	if (is_taken(c, t, it->fingerprint))
		return SKIP_TAKEN;
	if (!c->named && !c->cfg->execution.include_watch && tg_item_tier(it) == TG_TIER_WATCH)
		return SKIP_WATCH;
	if (it->scores.composite < c->cfg->execution.min_score)
		return SKIP_MIN_SCORE;
	/* A rule id is no path: the glob's '*' matches any character in it. */
	for (size_t i = 0; it->rule_id && i < c->cfg->execution.exclude_rules.nr; i++)
		if (tg_wildmatch(c->cfg->execution.exclude_rules.v[i], it->rule_id, 0))
			return SKIP_EXCLUDED;
	/* A vulnerable dependency with a fixed version: the bump (fix_deps.c). */
	if (it->source && !strcmp(it->source, "deps") && it->links.fixed_version)
		return SKIP_NONE;
	if (*c->cfg->execution.executor.command || it->fix ||
	    !exec_rule_fix(c, it, &rx, &repl, &count))
		return SKIP_NONE;
	return SKIP_NO_FIXER;
}

/* The reason, for people: what to change to make the item eligible (in full
 * with verbose, for --item; a list says the rest once). */
static void skip_describe(struct tg_buf *out, const struct exec_ctx *c, const struct tg_item *it,
                          enum skip why, int verbose)
{
	const char *rule = it->rule_id ? it->rule_id : "(none)";

	switch (why) {
	case SKIP_NOT_OPEN:
		tg_buf_addf(out, "not open: %s", tg_item_status_name(it->status));
		break;
	case SKIP_TAKEN:
		tg_buf_adds(out, "it has a branch or a pull request already");
		break;
	case SKIP_WATCH:
		tg_buf_addf(out, "on the watch list: %s", tg_item_watch_reason(it));
		if (verbose)
			tg_buf_adds(out, " (execution.include_watch takes such items too)");
		break;
	case SKIP_MIN_SCORE:
		tg_buf_addf(out, "score %.1f below execution.min_score %g", it->scores.composite,
		            c->cfg->execution.min_score);
		break;
	case SKIP_EXCLUDED:
		tg_buf_addf(out, "rule %s in execution.exclude_rules", rule);
		break;
	case SKIP_NO_FIXER:
		tg_buf_addf(out, "no fixer for rule %s", rule);
		if (verbose)
			tg_buf_adds(out, ": no built-in fix, none in the item, and "
			                 "execution.executor.command is not set");
		break;
	default:
		break;
	}
}

/*
 * Nothing was tried: how many items each reason kept out, the best few with
 * theirs, and what would make them eligible. A bare "nothing eligible" on a
 * backlog of a hundred open items reads as a bug.
 */
static void explain_nothing(const struct exec_ctx *c, const struct tg_backlog *b,
                            const struct taken *t)
{
	static const char *const names[SKIP_NR] = {
	        [SKIP_NOT_OPEN] = "not open",
	        [SKIP_TAKEN] = "with a branch or pull request already",
	        [SKIP_WATCH] = "on the watch list (true, but not the next change to make)",
	        [SKIP_MIN_SCORE] = "below execution.min_score",
	        [SKIP_EXCLUDED] = "of a rule in execution.exclude_rules",
	        [SKIP_NO_FIXER] = "with no fixer (no built-in fix for the rule, none in the item)",
	};
	size_t nr[SKIP_NR] = {0}, i, shown = 0;
	int k;

	for (i = 0; i < b->nr; i++)
		nr[skip_of(c, t, &b->items[i])]++;
	tg_buf_addf(c->out, "nothing eligible among %zu open item%s (execution.min_score %g):\n",
	            b->nr, b->nr == 1 ? "" : "s", c->cfg->execution.min_score);
	for (k = SKIP_NOT_OPEN; k < SKIP_NR; k++)
		if (nr[k])
			tg_buf_addf(c->out, "  %zu %s\n", nr[k], names[k]);
	for (i = 0; i < b->nr && shown < 5; i++, shown++) {
		const struct tg_item *it = &b->items[i];
		if (!shown)
			tg_buf_adds(c->out, "the best items, and why each is skipped:\n");
		tg_buf_addf(c->out, "  %.8s %6.1f  %s\n      skipped: ", it->fingerprint,
		            it->scores.composite, it->title ? it->title : "");
		skip_describe(c->out, c, it, skip_of(c, t, it), 0);
		tg_buf_addch(c->out, '\n');
	}
	if (nr[SKIP_NO_FIXER] && !*c->cfg->execution.executor.command)
		tg_buf_adds(
		        c->out,
		        "built-in fixes cover a few rules only (fix-regex, SARIF fixes, dependency "
		        "bumps); set execution.executor.command to a program that fixes an item "
		        "(README.md, \"Execute\").\n");
}

static int loop(struct exec_ctx *c, struct tg_backlog *b, const struct tg_execute_opts *o,
                struct taken *t)
{
	int max_prs = o->max_prs >= 0 ? o->max_prs : c->cfg->execution.max_prs;
	int done = 0, worst = 0, tried = 0;
	size_t i;

	for (i = 0; i < b->nr && done < max_prs; i++) {
		const struct tg_item *it = &b->items[i];
		enum skip why = skip_of(c, t, it);
		int proposed = 0, code, lane;
		if (why != SKIP_NONE) {
			if (o->item) {
				tg_buf_addf(c->out, "%s: not eligible (", it->fingerprint);
				skip_describe(c->out, c, it, why, 1);
				tg_buf_adds(c->out, ")\n");
			}
			continue;
		}
		/* A critical security item may pass the open cap by one. */
		lane = it->severity == TG_SEV_CRITICAL && it->category &&
		       !strcmp(it->category, "security");
		if (!c->dry_run &&
		    t->open_prs >= (size_t)c->cfg->execution.max_open_prs + (size_t)lane) {
			tg_buf_addf(c->out,
			            "open pull request cap reached (%zu open, "
			            "execution.max_open_prs %d)\n",
			            t->open_prs, c->cfg->execution.max_open_prs);
			break;
		}
		tried++;
		code = exec_attempt(c, it, &proposed);
		done += proposed;
		t->open_prs += proposed && !c->dry_run;
		if (code > worst)
			worst = code;
		if (code == TG_EXIT_RUN)
			break;
	}
	if (!tried && o->item)
		tg_buf_adds(c->out, "nothing eligible: the item matching --item is skipped\n");
	else if (!tried && max_prs <= 0)
		tg_buf_adds(c->out, "nothing tried: the run's budget of pull requests is 0\n");
	else if (!tried)
		explain_nothing(c, b, t);
	return worst;
}

int tg_execute_run(const struct tg_config *cfg, const char *root, struct tg_store *store,
                   const struct tg_execute_opts *o, struct tg_buf *out)
{
	struct exec_ctx c = {.cfg = cfg, .root = root, .store = store, .out = out, .dry_run = 1};
	struct taken t = {{NULL, 0, 0}, 0};
	struct tg_backlog b;
	struct tg_item *one;
	int rc, st = TG_OK;

	c.bases = verify_bases_new();
	tg_backlog_init(&b);
	if (tg_audit_migrate_log(store, root))
		tg_warn("%s", tg_error_message());
	rc = prepare(&c, o);
	if (!rc && tg_rules_load(&c.rules, c.root, &cfg->rules.packs, &cfg->rules.disable)) {
		tg_warn("rules not loaded, so no fix-regex fixes: %s", tg_error_message());
		c.rules = NULL;
	}
	if (!rc)
		rc = tg_persist_load(tg_store_sql(store), &b, 1);
	if (!rc && o->item) {
		one = tg_backlog_find(&b, o->item, &st);
		if (!one) {
			rc = st ? st
			        : tg_error_set(TG_ERR_USAGE, "no open item matches %s", o->item);
		} else {
			/* Keep only that item, first. */
			struct tg_item tmp = b.items[0];
			b.items[0] = *one;
			*one = tmp;
		}
	}
	if (!rc)
		rc = find_taken(&c, &t);
	if (!rc) {
		size_t keep = b.nr;
		if (o->item)
			b.nr = 1;
		rc = loop(&c, &b, o, &t);
		b.nr = keep;
		tg_error_clear(); /* each failure was reported as it happened */
		goto out;
	}
out:
	tg_strlist_clear(&t.heads);
	tg_backlog_release(&b);
	free(c.base), free(c.base_ref), free(c.base_sha);
	verify_bases_free(c.bases);
	tg_github_release(&c.gh);
	if (c.rules)
		tg_ruleset_free(c.rules);
	return rc;
}
