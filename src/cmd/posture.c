#include "cmd/cmd.h"

#include "cmd/setup.h"
#include "compliance/posture.h"
#include "github/github.h"
#include "repo/repo.h"
#include "util/error.h"
#include "util/log.h"
#include "util/strlist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
        "terragon posture [-C DIR] [-c FILE] [--format table|json]",
        "",
        "The repository's security posture in the style of OpenSSF Scorecard, offline from the",
        "tree and its history: security policy, licence, CODEOWNERS, pinned dependencies",
        "(actions by commit, lockfiles), token permissions, dangerous workflows, committed",
        "binaries, fuzzing, SAST, signed release tags; each 0-10 with its reason, ? when it",
        "cannot be decided here, combined with Scorecard's risk weights into a 0-10 score.",
        "With a token (TERRAGON_GITHUB_TOKEN, GH_TOKEN or GITHUB_TOKEN) and the repository",
        "(execution.github.repository, or the remote), branch protection of the default",
        "branch is read through the GitHub API.",
        NULL,
};

static const char *const formats[] = {"table", "json", NULL};

/* The tracked paths, and how many of the newest 5 tags carry a signature. */
static int read_git(const char *root, struct tg_strlist *files, size_t *tags, size_t *signed_tags)
{
	struct tg_buf out = TG_BUF_INIT, err = TG_BUF_INIT;
	int rc = TG_OK;

	if (tg_repo_git(root, &out, &err, "ls-files", "-z", NULL))
		rc = tg_error_set(TG_ERR_RUN, "%s: git ls-files: %s", root, err.buf);
	for (size_t at = 0; !rc && at < out.len; at += strlen(out.buf + at) + 1)
		tg_strlist_add(files, out.buf + at);
	tg_buf_reset(&out);
	if (!rc && tg_repo_git(root, &out, &err, "for-each-ref", "--sort=-creatordate", "--count=5",
	                       "--format=%(if)%(contents:signature)%(then)signed%(else)plain%(end)",
	                       "refs/tags", NULL))
		rc = tg_error_set(TG_ERR_RUN, "%s: git for-each-ref: %s", root, err.buf);
	for (const char *p = out.buf; !rc && p && *p;
	     p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		(*tags)++;
		*signed_tags += !strncmp(p, "signed", 6);
	}
	tg_buf_release(&out);
	tg_buf_release(&err);
	return rc;
}

/*
 * Scorecard's tiers, in short: protected at all (2), force pushes and
 * deletions refused (2), an approving review required (3), two (1), code
 * owners' review (1), administrators bound too (1).
 */
static int protection_score(const struct tg_github_protection *p, const char *branch, char *why,
                            size_t n)
{
	int s;

	if (!p->protected_) {
		snprintf(why, n, "the default branch %s is not protected", branch);
		return 0;
	}
	s = 2 + 2 * (!p->force_pushes && !p->deletions) + 3 * (p->reviews >= 1) +
	    (p->reviews >= 2) + p->code_owners + p->admins;
	snprintf(why, n,
	         "%s protected: %d approving review%s required%s%s, force pushes %s, "
	         "deletions %s",
	         branch, p->reviews, p->reviews == 1 ? "" : "s",
	         p->code_owners ? ", code owners' review" : "",
	         p->admins ? ", administrators included" : ", administrators exempt",
	         p->force_pushes ? "allowed" : "refused", p->deletions ? "allowed" : "refused");
	return s > 10 ? 10 : s;
}

/* Branch-Protection through the API, or why not (never an error: the check is undecided). */
static void read_protection(const char *root, const struct tg_config *cfg,
                            struct tg_posture_input *in)
{
	struct tg_github gh;
	struct tg_github_protection p;
	struct tg_buf branch = TG_BUF_INIT;

	in->protection = -1;
	if (!in->token)
		return;
	tg_github_init(&gh, cfg, root);
	if (gh.repo && !tg_github_branch_protection(&gh, &branch, &p))
		in->protection = protection_score(&p, branch.buf, in->protection_why,
		                                  sizeof(in->protection_why));
	else if (gh.repo) {
		snprintf(in->protection_why, sizeof(in->protection_why), "GitHub API: %s",
		         tg_error_message());
		tg_error_clear();
	}
	tg_buf_release(&branch);
	tg_github_release(&gh);
}

const struct tg_posture *tg_metrics_posture(const char *root, const struct tg_config *cfg,
                                            struct tg_posture *p)
{
	if (!tg_posture_read(root, cfg, p))
		return p;
	tg_warn("terragon_compliance_score left without a sample: %s", tg_error_message());
	tg_error_clear();
	return NULL;
}

int tg_posture_read(const char *root, const struct tg_config *cfg, struct tg_posture *p)
{
	struct tg_strlist files = TG_STRLIST_INIT;
	struct tg_posture_input in = {0};
	int rc;

	in.files = &files;
	in.token = tg_github_token() != NULL;
	rc = read_git(root, &files, &in.tags, &in.signed_tags);
	if (!rc) {
		read_protection(root, cfg, &in);
		rc = tg_posture(root, &in, p);
	}
	tg_strlist_clear(&files);
	return rc;
}

int cmd_posture(int argc, const char **argv)
{
	const char *repo = NULL, *config = NULL, *format = "table";
	struct tg_posture p;
	struct tg_buf out = TG_BUF_INIT;
	struct tg_setup s;
	int n, rc;
	const struct tg_option opts[] = {
	        TG_OPT_REPO(&repo, &config),
	        TG_OPT_CHOICE(0, "format", &format, formats, "table (default) or json"),
	        TG_OPT_END(),
	};

	n = tg_options_parse_args(argc, argv, opts, usage, 0, 0);
	if (n < 0)
		return tg_cmd_parse_exit(n);
	rc = tg_setup_open(&s, repo, config, TG_SETUP_NO_STORE);
	if (!rc)
		rc = tg_posture_read(s.root, &s.cfg, &p);
	if (!rc) {
		if (!strcmp(format, "json"))
			tg_posture_json(&p, &out);
		else
			tg_posture_table(&p, &out);
		fwrite(out.buf, 1, out.len, stdout);
	}
	if (rc)
		tg_error_report();
	tg_buf_release(&out);
	tg_setup_close(&s);
	return tg_status_exit(rc);
}
