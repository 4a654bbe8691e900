/*
 * A branch's protection (GET /repos/{o}/{r} for the default branch, then
 * /branches/{b}/protection), for posture's Branch-Protection check. GitHub
 * answers 404 "Branch not protected" for an unprotected branch, and 404 or
 * 403 too when the token may not read the settings (they need admin rights):
 * only the first is a finding.
 */
#include "github/github.h"

#include "util/alloc.h"
#include "util/error.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static int enabled(json_t *o, const char *key)
{
	return json_is_true(json_object_get(json_object_get(o, key), "enabled"));
}

int tg_github_protection_parse(const char *json, size_t len, struct tg_github_protection *p)
{
	json_error_t jerr;
	json_t *o = json_loadb(json, len, 0, &jerr), *rev;

	memset(p, 0, sizeof(*p));
	if (!json_is_object(o)) {
		json_decref(o);
		return tg_error_set(TG_ERR_RUN, "branch protection: not a JSON object");
	}
	p->protected_ = 1;
	rev = json_object_get(o, "required_pull_request_reviews");
	if (json_is_object(rev)) {
		json_t *n = json_object_get(rev, "required_approving_review_count");
		/* the count defaults to 1 when reviews are required at all */
		p->reviews = json_is_integer(n) ? (int)json_integer_value(n) : 1;
		if (p->reviews < 0 || p->reviews > 6)
			p->reviews = p->reviews < 0 ? 0 : 6;
		p->code_owners = json_is_true(json_object_get(rev, "require_code_owner_reviews"));
		p->dismiss_stale = json_is_true(json_object_get(rev, "dismiss_stale_reviews"));
	}
	p->admins = enabled(o, "enforce_admins");
	p->force_pushes = enabled(o, "allow_force_pushes");
	p->deletions = enabled(o, "allow_deletions");
	p->status_checks = json_is_object(json_object_get(o, "required_status_checks"));
	json_decref(o);
	return TG_OK;
}

int tg_github_branch_protection(const struct tg_github *gh, struct tg_buf *branch,
                                struct tg_github_protection *p)
{
	struct tg_buf path = TG_BUF_INIT, resp = TG_BUF_INIT;
	long status = 0;
	int rc;

	memset(p, 0, sizeof(*p));
	tg_buf_reset(branch);
	tg_buf_addf(&path, "/repos/%s", gh->repo);
	rc = tg_github_request(gh, "GET", path.buf, NULL, &resp, &status);
	if (!rc) {
		json_t *repo = json_loadb(resp.buf, resp.len, 0, NULL);
		const char *b = json_string_value(json_object_get(repo, "default_branch"));
		if (b)
			tg_buf_adds(branch, b);
		else
			rc = tg_error_set(TG_ERR_RUN, "GET %s: no default_branch", path.buf);
		json_decref(repo);
	}
	if (!rc) {
		tg_buf_reset(&path);
		tg_buf_addf(&path, "/repos/%s/branches/%s/protection", gh->repo, branch->buf);
		tg_buf_reset(&resp);
		rc = tg_github_request(gh, "GET", path.buf, NULL, &resp, &status);
		/* the refused answer's body is kept: its message tells the two 404s apart */
		if (rc && status == 404 && resp.len && strstr(resp.buf, "Branch not protected")) {
			tg_error_clear();
			rc = TG_OK; /* p->protected_ stays 0 */
		} else if (!rc) {
			rc = tg_github_protection_parse(resp.buf, resp.len, p);
		}
	}
	tg_buf_release(&path);
	tg_buf_release(&resp);
	return rc;
}
