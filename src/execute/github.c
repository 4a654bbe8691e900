/*
 * The few GitHub REST endpoints execute needs, through libcurl: list and
 * open pull requests, add labels. 5xx answers and network errors are retried
 * with backoff; a rate limit is waited out when the wait is short.
 */
#include "execute/internal.h"

#include "util/alloc.h"
#include "util/error.h"
#include "util/log.h"

#include <curl/curl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

enum { ATTEMPTS = 4, MAX_WAIT_S = 60 };

struct answer {
	struct tg_buf *body;
	long retry_after; /* seconds, from Retry-After or X-RateLimit-Reset; -1: none */
	int exhausted;    /* X-RateLimit-Remaining: 0 */
};

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
	tg_buf_add(((struct answer *)arg)->body, p, size * n);
	return size * n;
}

static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
	struct answer *a = arg;
	size_t len = size * n;

	if (len > 12 && !strncasecmp(p, "retry-after:", 12))
		a->retry_after = strtol(p + 12, NULL, 10);
	else if (len > 22 && !strncasecmp(p, "x-ratelimit-remaining:", 22))
		a->exhausted = strtol(p + 22, NULL, 10) == 0;
	else if (len > 18 && !strncasecmp(p, "x-ratelimit-reset:", 18) && a->retry_after < 0)
		a->retry_after = strtol(p + 18, NULL, 10) - (long)time(NULL);
	return len;
}

static int once(const struct github *gh, const char *method, const char *url, const char *body,
                struct answer *a, long *status)
{
	CURL *c = curl_easy_init();
	struct curl_slist *h = NULL;
	struct tg_buf auth = TG_BUF_INIT;
	CURLcode rc;

	if (!c)
		return tg_error_set(TG_ERR_RUN, "GitHub API: cannot initialise libcurl");
	tg_buf_addf(&auth, "Authorization: Bearer %s", gh->token ? gh->token : "");
	h = curl_slist_append(h, auth.buf);
	h = curl_slist_append(h, "Accept: application/vnd.github+json");
	h = curl_slist_append(h, "X-GitHub-Api-Version: 2022-11-28");
	h = curl_slist_append(h, "Content-Type: application/json");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "terragon");
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (body)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, a);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, a);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	rc = curl_easy_perform(c);
	*status = 0;
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
	else
		tg_error_set(TG_ERR_RUN, "GitHub API %s %s: %s", method, url,
		             curl_easy_strerror(rc));
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	tg_buf_release(&auth);
	return rc == CURLE_OK ? TG_OK : TG_ERR_RUN;
}

static void pause_s(double s)
{
	struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
	nanosleep(&ts, NULL);
}

/* Why GitHub refused, in words a user can act on. */
static int refused(const char *method, const char *url, long status, const struct tg_buf *body)
{
	const char *why = status == 401   ? "bad credentials: check the token in "
	                                    "TERRAGON_GITHUB_TOKEN, GH_TOKEN or GITHUB_TOKEN"
	                  : status == 403 ? "forbidden: the token may not do this (or a rate limit)"
	                  : status == 404 ? "not found: check execution.github.repository and that "
	                                    "the token can see it"
	                  : status == 422 ? "unprocessable (a pull request for this branch may "
	                                    "already exist)"
	                                  : "unexpected answer";

	return tg_error_set(TG_ERR_RUN, "GitHub API %s %s answered %ld: %s; %.200s", method, url,
	                    status, why, body->buf);
}

int github_request(const struct github *gh, const char *method, const char *path, const char *body,
                   struct tg_buf *resp, long *status)
{
	struct tg_buf url = TG_BUF_INIT;
	double backoff = 0.25;
	int attempt, rc = TG_OK;
	size_t n = strlen(gh->api_url);

	while (n && gh->api_url[n - 1] == '/')
		n--;
	tg_buf_addf(&url, "%.*s%s", (int)n, gh->api_url, path);
	for (attempt = 1; attempt <= ATTEMPTS; attempt++) {
		struct answer a = {resp, -1, 0};
		tg_buf_reset(resp);
		rc = once(gh, method, url.buf, body, &a, status);
		if (!rc && *status < 500 &&
		    !((*status == 403 || *status == 429) && (a.exhausted || a.retry_after >= 0)))
			break;
		if (attempt == ATTEMPTS)
			break;
		if (!rc && (*status == 403 || *status == 429)) {
			if (a.retry_after > MAX_WAIT_S)
				break;
			tg_note("GitHub rate limit: waiting %ld s", a.retry_after);
			pause_s(a.retry_after > 0 ? (double)a.retry_after : backoff);
		} else {
			tg_note("GitHub API %s %s: %s; retrying in %.2f s", method, url.buf,
			        rc ? tg_error_message() : "server error", backoff);
			pause_s(backoff);
		}
		backoff *= 2;
	}
	if (!rc && (*status < 200 || *status >= 300))
		rc = refused(method, url.buf, *status, resp);
	tg_buf_release(&url);
	return rc;
}

int github_list_pulls(const struct github *gh, struct pull **pulls, size_t *nr)
{
	struct tg_buf path = TG_BUF_INIT, resp = TG_BUF_INIT;
	json_t *root = NULL;
	json_error_t jerr;
	long status;
	size_t i;
	int rc;

	*pulls = NULL;
	*nr = 0;
	tg_buf_addf(&path, "/repos/%s/pulls?state=all&per_page=100", gh->repo);
	rc = github_request(gh, "GET", path.buf, NULL, &resp, &status);
	if (!rc && !(root = json_loadb(resp.buf, resp.len, 0, &jerr)))
		rc = tg_error_set(TG_ERR_RUN, "GitHub API GET %s: not JSON: %s", path.buf,
		                  jerr.text);
	if (!rc && json_is_array(root)) {
		*pulls = tg_calloc(json_array_size(root) + 1, sizeof(**pulls));
		for (i = 0; i < json_array_size(root); i++) {
			json_t *p = json_array_get(root, i);
			const char *ref = json_string_value(
			        json_object_get(json_object_get(p, "head"), "ref"));
			const char *state = json_string_value(json_object_get(p, "state"));
			if (!ref)
				continue;
			(*pulls)[*nr].head = tg_strdup(ref);
			(*pulls)[*nr].open = state && !strcmp(state, "open");
			(*nr)++;
		}
	}
	json_decref(root);
	tg_buf_release(&path);
	tg_buf_release(&resp);
	return rc;
}

void github_pulls_free(struct pull *pulls, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		free(pulls[i].head);
	free(pulls);
}

int github_open_pull(const struct github *gh, const char *head, const char *base, const char *title,
                     const char *body, char **url, long *number)
{
	struct tg_buf path = TG_BUF_INIT, req = TG_BUF_INIT, resp = TG_BUF_INIT;
	json_t *root = NULL;
	long status;
	int rc;

	tg_buf_addf(&path, "/repos/%s/pulls", gh->repo);
	tg_buf_adds(&req, "{\"title\": ");
	tg_buf_add_jsons(&req, title);
	tg_buf_adds(&req, ", \"head\": ");
	tg_buf_add_jsons(&req, head);
	tg_buf_adds(&req, ", \"base\": ");
	tg_buf_add_jsons(&req, base);
	tg_buf_adds(&req, ", \"body\": ");
	tg_buf_add_jsons(&req, body);
	tg_buf_adds(&req, "}");
	rc = github_request(gh, "POST", path.buf, req.buf, &resp, &status);
	*url = NULL;
	*number = 0;
	if (!rc && (root = json_loadb(resp.buf, resp.len, 0, NULL))) {
		const char *u = json_string_value(json_object_get(root, "html_url"));
		*url = tg_strdup(u ? u : "");
		*number = (long)json_integer_value(json_object_get(root, "number"));
	} else if (!rc) {
		*url = tg_strdup("");
	}
	json_decref(root);
	tg_buf_release(&path);
	tg_buf_release(&req);
	tg_buf_release(&resp);
	return rc;
}

int github_add_labels(const struct github *gh, long number, const struct tg_strlist *labels)
{
	struct tg_buf path = TG_BUF_INIT, req = TG_BUF_INIT, resp = TG_BUF_INIT;
	long status;
	size_t i;
	int rc = TG_OK;

	if (!labels->nr || number <= 0)
		return TG_OK;
	tg_buf_addf(&path, "/repos/%s/issues/%ld/labels", gh->repo, number);
	tg_buf_adds(&req, "{\"labels\": [");
	for (i = 0; i < labels->nr; i++) {
		if (i)
			tg_buf_adds(&req, ", ");
		tg_buf_add_jsons(&req, labels->v[i]);
	}
	tg_buf_adds(&req, "]}");
	rc = github_request(gh, "POST", path.buf, req.buf, &resp, &status);
	tg_buf_release(&path);
	tg_buf_release(&req);
	tg_buf_release(&resp);
	return rc;
}
