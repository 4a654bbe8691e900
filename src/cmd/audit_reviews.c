/*
 * `audit changes` with a GitHub token: each change's pull request (from
 * "Merge pull request #N" or a squash merge's "(#N)") and its approving
 * reviews, added to the approvers its trailers name. A reviewer who opened
 * the pull request stands for the change's author, so the policy sees a
 * self-approval; others as "login <login@users.noreply.github.com>", which
 * CODEOWNERS' "@login" and compliance.approvals.approvers match.
 */
#include "cmd/audit_changes.h"

#include "github/github.h"
#include "util/error.h"
#include "util/log.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The pull request a merge's subject names, or 0. */
static long pull_number(const char *subject)
{
	const char *p;
	size_t n;

	if (!subject)
		return 0;
	if (!strncmp(subject, "Merge pull request #", 20))
		return strtol(subject + 20, NULL, 10);
	n = strlen(subject);
	if (n > 4 && subject[n - 1] == ')' && (p = strrchr(subject, '(')) && p[1] == '#' &&
	    isdigit((unsigned char)p[2]))
		return strtol(p + 2, NULL, 10);
	return 0;
}

static void add_approver(struct tg_change *c, const char *who)
{
	if (tg_strlist_find(&c->approvers, who) < 0)
		tg_strlist_add(&c->approvers, who);
}

static void add_reviews(struct tg_change *c, const struct tg_github_reviews *r)
{
	struct tg_buf who = TG_BUF_INIT;

	for (size_t i = 0; i < r->approvers.nr; i++) {
		const char *login = r->approvers.v[i];
		tg_buf_reset(&who);
		if (r->author && !strcasecmp(login, r->author))
			tg_buf_addf(&who, "%s <%s>", c->author ? c->author : login,
			            c->author_email ? c->author_email : "");
		else
			tg_buf_addf(&who, "%s <%s@users.noreply.github.com>", login, login);
		add_approver(c, who.buf);
	}
	tg_buf_release(&who);
}

int tg_audit_reviews(struct tg_setup *s, struct tg_changes *cs, size_t *pulls)
{
	struct tg_github gh;
	int rc = TG_OK;

	*pulls = 0;
	tg_github_init(&gh, &s->cfg, s->root);
	if (!gh.token || !gh.repo) {
		tg_note("audit changes: approvals from trailers only (%s)",
		        gh.token ? "no GitHub repository configured or in the remote"
		                 : "no token in TERRAGON_GITHUB_TOKEN, GH_TOKEN or GITHUB_TOKEN");
		tg_github_release(&gh);
		return TG_OK;
	}
	for (size_t i = 0; !rc && i < cs->nr; i++) {
		struct tg_github_reviews r;
		long n = pull_number(cs->v[i].subject);
		if (n <= 0)
			continue;
		rc = tg_github_pull_reviews(&gh, n, &r);
		if (!rc) {
			add_reviews(&cs->v[i], &r);
			(*pulls)++;
		} else {
			rc = tg_error_prefix(rc, "audit changes: the reviews of pull request #%ld",
			                     n);
		}
		tg_github_reviews_release(&r);
	}
	tg_github_release(&gh);
	return rc;
}
