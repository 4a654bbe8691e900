/*
 * Pull-request reviews for `audit changes` (github/github.h): who opened the
 * pull request and who approves it, through the client's requests, retries
 * and pagination.
 */
#include "github/github.h"

#include "util/alloc.h"
#include "util/error.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

int tg_github_reviews_parse(const char *json, size_t len, struct tg_github_reviews *r)
{
	json_error_t jerr;
	json_t *root = json_loadb(json, len, 0, &jerr), *v;
	size_t i;

	if (!root || !json_is_array(root)) {
		json_decref(root);
		return tg_error_set(TG_ERR_RUN, "not a JSON array of reviews");
	}
	json_array_foreach(root, i, v)
	{
		const char *login =
		        json_string_value(json_object_get(json_object_get(v, "user"), "login"));
		const char *state = json_string_value(json_object_get(v, "state"));
		long at;

		if (!login || !state ||
		    (strcmp(state, "APPROVED") && strcmp(state, "CHANGES_REQUESTED") &&
		     strcmp(state, "DISMISSED")))
			continue;
		at = tg_strlist_find(&r->reviewers, login);
		if (at < 0) {
			tg_strlist_add(&r->reviewers, login);
			tg_strlist_add(&r->states, state);
		} else {
			free(r->states.v[at]);
			r->states.v[at] = tg_strdup(state);
		}
	}
	json_decref(root);
	return TG_OK;
}

static int reviews_page(const char *json, size_t len, void *arg)
{
	return tg_github_reviews_parse(json, len, arg);
}

int tg_github_pull_reviews(const struct tg_github *gh, long number, struct tg_github_reviews *out)
{
	struct tg_buf path = TG_BUF_INIT, resp = TG_BUF_INIT;
	long status;
	int rc;

	memset(out, 0, sizeof(*out));
	tg_buf_addf(&path, "/repos/%s/pulls/%ld", gh->repo, number);
	rc = tg_github_request(gh, "GET", path.buf, NULL, &resp, &status);
	if (!rc) {
		json_t *pr = json_loadb(resp.buf, resp.len, 0, NULL);
		const char *login =
		        json_string_value(json_object_get(json_object_get(pr, "user"), "login"));
		out->author = login ? tg_strdup(login) : NULL;
		json_decref(pr);
		tg_buf_addf(&path, "/reviews?per_page=100");
		rc = tg_github_get_pages(gh, path.buf, reviews_page, out);
	}
	for (size_t i = 0; !rc && i < out->reviewers.nr; i++)
		if (!strcmp(out->states.v[i], "APPROVED"))
			tg_strlist_add(&out->approvers, out->reviewers.v[i]);
	tg_buf_release(&path);
	tg_buf_release(&resp);
	return rc;
}

void tg_github_reviews_release(struct tg_github_reviews *r)
{
	free(r->author);
	tg_strlist_clear(&r->approvers);
	tg_strlist_clear(&r->reviewers);
	tg_strlist_clear(&r->states);
	memset(r, 0, sizeof(*r));
}
