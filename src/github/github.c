/*
 * The GitHub REST client (github.h). Retries live here so that every caller
 * gets the same answer to a flaky API: 5xx and network errors with backoff,
 * a short rate limit waited out, a long one refused at once.
 */
#include "github/github.h"

#include "http/curl.h"

#include "repo/repo.h"

#include "util/alloc.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/log.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

enum { ATTEMPTS = 4, MAX_WAIT_S = 60, MAX_PAGES = 10 };

struct answer {
	struct tg_buf *body;
	struct tg_github_headers h;
};

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
	tg_buf_add(((struct answer *)arg)->body, p, size * n);
	return size * n;
}

/* A header's value when its name is `name` (with the colon), else NULL. */
static const char *header(const char *p, size_t len, const char *name)
{
	size_t n = strlen(name);

	if (len <= n || strncasecmp(p, name, n))
		return NULL;
	for (p += n; *p == ' ' || *p == '\t'; p++)
		;
	return p;
}

/* libcurl (http/curl.h), with its failure said to be the GitHub API's. */
static const struct tg_curl *github_curl(void)
{
	const struct tg_curl *cu = tg_curl();

	if (!cu)
		tg_error_prefix(TG_ERR_RUN, "GitHub API");
	return cu;
}

int tg_github_library(const char **soname)
{
	return tg_curl_library(soname);
}

/* Retry-After is seconds or an HTTP date. */
static long retry_after(const char *v)
{
	const struct tg_curl *cu;
	time_t t;

	if (*v >= '0' && *v <= '9')
		return strtol(v, NULL, 10);
	if (!(cu = tg_curl())) { /* no date parser: as if the header were absent */
		tg_error_clear();
		return -1;
	}
	t = cu->getdate(v, NULL);
	return t < 0 ? -1 : (long)(t > time(NULL) ? t - time(NULL) : 0);
}

static void next_link(struct tg_buf *next, const char *v)
{
	const char *rel = strstr(v, "rel=\"next\""), *lt;

	if (!next || !rel)
		return;
	for (lt = rel; lt > v && *lt != '<'; lt--)
		;
	if (*lt == '<' && strchr(lt, '>') && strchr(lt, '>') < rel) {
		tg_buf_reset(
		        next); /* a second Link header's next replaces, never extends, the URL */
		tg_buf_add(next, lt + 1, (size_t)(strchr(lt, '>') - lt - 1));
	}
}

void tg_github_header_parse(struct tg_github_headers *h, const char *line, size_t len)
{
	/* libcurl's header lines are not NUL-terminated: the string calls below need a copy */
	struct tg_buf b = TG_BUF_INIT;
	const char *v;

	tg_buf_add(&b, line, len);
	tg_buf_trim(&b);
	if ((v = header(b.buf, b.len, "retry-after:")))
		h->retry_after = retry_after(v);
	else if ((v = header(b.buf, b.len, "x-ratelimit-remaining:")))
		h->exhausted = strtol(v, NULL, 10) == 0;
	else if ((v = header(b.buf, b.len, "x-ratelimit-reset:")))
		h->reset = strtol(v, NULL, 10);
	else if ((v = header(b.buf, b.len, "link:")))
		next_link(h->next, v);
	tg_buf_release(&b);
}

static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
	tg_github_header_parse(&((struct answer *)arg)->h, p, size * n);
	return size * n;
}

static int once(const struct tg_github *gh, const char *method, const char *url, const char *body,
                struct answer *a, long *status)
{
	const struct tg_curl *cu = github_curl();
	CURL *c = cu ? cu->easy_init() : NULL;
	struct curl_slist *h = NULL;
	struct tg_buf auth = TG_BUF_INIT;
	CURLcode rc;

	if (!cu)
		return TG_ERR_RUN;
	if (!c)
		return tg_error_set(TG_ERR_RUN, "GitHub API: cannot initialise libcurl");
	tg_buf_addf(&auth, "Authorization: Bearer %s", gh->token ? gh->token : "");
	h = cu->slist_append(h, auth.buf);
	h = cu->slist_append(h, "Accept: application/vnd.github+json");
	h = cu->slist_append(h, "X-GitHub-Api-Version: 2022-11-28");
	h = cu->slist_append(h, "Content-Type: application/json");
	cu->easy_setopt(c, CURLOPT_URL, url);
	cu->easy_setopt(c, CURLOPT_HTTPHEADER, h);
	cu->easy_setopt(c, CURLOPT_USERAGENT, "terragon");
	cu->easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (body)
		cu->easy_setopt(c, CURLOPT_POSTFIELDS, body);
	cu->easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	cu->easy_setopt(c, CURLOPT_WRITEDATA, a);
	cu->easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	cu->easy_setopt(c, CURLOPT_HEADERDATA, a);
	cu->easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 15L);
	cu->easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	cu->easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	rc = cu->easy_perform(c);
	*status = 0;
	if (rc == CURLE_OK)
		cu->easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
	else
		tg_error_set(TG_ERR_RUN, "GitHub API %s %s: %s", method, url,
		             cu->easy_strerror(rc));
	cu->slist_free_all(h);
	cu->easy_cleanup(c);
	tg_buf_release(&auth);
	return rc == CURLE_OK ? TG_OK : TG_ERR_RUN;
}

static void pause_s(double s)
{
	struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/*
 * A rate limit: 429, or 403 with the limit exhausted or a Retry-After
 * (GitHub's secondary limit). Any other 403 is a permission, not worth a retry.
 */
static int rate_limited(long status, const struct answer *a)
{
	return status == 429 || (status == 403 && (a->h.exhausted || a->h.retry_after >= 0));
}

/* How long the server asks us to wait, in seconds; -1 when it does not say. */
static long asked_wait(const struct answer *a)
{
	if (a->h.retry_after >= 0)
		return a->h.retry_after;
	if (a->h.exhausted && a->h.reset > 0)
		return a->h.reset > (long)time(NULL) ? a->h.reset - (long)time(NULL) : 0;
	return -1;
}

/* Why GitHub refused, in words a user can act on. */
static int refused(const char *method, const char *url, long status, const struct answer *a)
{
	const char *why = status == 401   ? "bad credentials: check the token in "
	                                    "TERRAGON_GITHUB_TOKEN, GH_TOKEN or GITHUB_TOKEN"
	                  : status == 403 ? "forbidden: the token may not do this"
	                  : status == 404 ? "not found: check execution.github.repository and that "
	                                    "the token can see it"
	                  : status == 422 ? "unprocessable (a pull request for this branch may "
	                                    "already exist)"
	                  : status >= 500 ? "server error, still after retries"
	                                  : "unexpected answer";
	char when[32];

	if (rate_limited(status, a)) {
		long wait = asked_wait(a);
		if (wait > MAX_WAIT_S && a->h.exhausted && a->h.reset > 0) {
			tg_time_format((time_t)a->h.reset, when, sizeof(when));
			return tg_error_set(
			        TG_ERR_RUN,
			        "GitHub API %s %s answered %ld: rate limit exhausted "
			        "until %s (%ld s, longer than the %d s terragon waits); "
			        "run again later",
			        method, url, status, when, wait, MAX_WAIT_S);
		}
		return tg_error_set(TG_ERR_RUN,
		                    "GitHub API %s %s answered %ld: rate limited (wait asked: %ld "
		                    "s); run again later",
		                    method, url, status, wait);
	}
	return tg_error_set(TG_ERR_RUN, "GitHub API %s %s answered %ld: %s; %.200s", method, url,
	                    status, why, a->body->buf);
}

/*
 * One request with its retries: 5xx and network errors with backoff (or the
 * server's Retry-After when longer), rate limits waited out when the wait is
 * under MAX_WAIT_S. *retried says whether an earlier attempt may have reached
 * the server (a POST that may have taken effect).
 */
static int request(const struct tg_github *gh, const char *method, const char *url,
                   const char *body, struct tg_buf *resp, struct tg_buf *next, long *status,
                   int *retried)
{
	struct answer a = {resp, {next, -1, 0, 0}};
	double backoff = 0.25, wait;
	int attempt, rc = TG_OK, limited = 0;

	*retried = 0;
	for (attempt = 1; attempt <= ATTEMPTS; attempt++) {
		a = (struct answer){resp, {next, -1, 0, 0}};
		tg_buf_reset(resp);
		if (next)
			tg_buf_reset(next);
		if (attempt > 1)
			*retried = 1;
		rc = once(gh, method, url, body, &a, status);
		limited = !rc && rate_limited(*status, &a);
		if (!rc && *status < 500 && !limited)
			break;
		wait = (double)asked_wait(&a);
		if (attempt == ATTEMPTS || wait > MAX_WAIT_S)
			break;
		if (wait < backoff)
			wait = backoff;
		if (limited) /* up to a minute of silence would look like a hang */
			tg_warn("GitHub API rate limit (%ld): waiting %.1f s before retrying",
			        *status, wait);
		else
			tg_note("GitHub API %s %s: %s; retrying in %.2f s", method, url,
			        rc ? tg_error_message() : "server error", wait);
		pause_s(wait);
		backoff *= 2;
	}
	if (!rc && (*status < 200 || *status >= 300))
		rc = refused(method, url, *status, &a);
	return rc;
}

static void api_url(struct tg_buf *url, const struct tg_github *gh, const char *path)
{
	size_t n = strlen(gh->api_url);

	while (n && gh->api_url[n - 1] == '/')
		n--;
	tg_buf_addf(url, "%.*s%s", (int)n, gh->api_url, path);
}

int tg_github_request(const struct tg_github *gh, const char *method, const char *path,
                      const char *body, struct tg_buf *resp, long *status)
{
	struct tg_buf url = TG_BUF_INIT;
	int retried, rc;

	api_url(&url, gh, path);
	rc = request(gh, method, url.buf, body, resp, NULL, status, &retried);
	tg_buf_release(&url);
	return rc;
}

int tg_github_pulls_parse(const char *json, size_t len, struct tg_github_pull **pulls, size_t *nr,
                          size_t *alloc)
{
	json_error_t jerr;
	json_t *root = json_loadb(json, len, 0, &jerr);
	size_t i;

	if (!root)
		return tg_error_set(TG_ERR_RUN, "not JSON: %s", jerr.text);
	for (i = 0; json_is_array(root) && i < json_array_size(root); i++) {
		json_t *p = json_array_get(root, i);
		const char *ref =
		        json_string_value(json_object_get(json_object_get(p, "head"), "ref"));
		const char *state = json_string_value(json_object_get(p, "state"));
		if (!ref)
			continue;
		TG_ALLOC_GROW(*pulls, *nr + 1, *alloc);
		(*pulls)[*nr].head = tg_strdup(ref);
		(*pulls)[*nr].open = state && !strcmp(state, "open");
		(*nr)++;
	}
	json_decref(root);
	return TG_OK;
}

int tg_github_get_pages(const struct tg_github *gh, const char *path, tg_github_page_fn fn,
                        void *arg)
{
	struct tg_buf url = TG_BUF_INIT, next = TG_BUF_INIT, resp = TG_BUF_INIT;
	long status;
	int rc = TG_OK, page, retried;

	api_url(&url, gh, path);
	for (page = 1; !rc && url.len; page++) {
		rc = request(gh, "GET", url.buf, NULL, &resp, &next, &status, &retried);
		if (!rc && (rc = fn(resp.buf, resp.len, arg)))
			rc = tg_error_prefix(rc, "GitHub API GET %s", url.buf);
		tg_buf_reset(&url);
		if (!rc && next.len && page == MAX_PAGES)
			tg_warn("GitHub API: only the first %d pages of %s were read", MAX_PAGES,
			        path);
		else if (!rc && next.len)
			tg_buf_add(&url, next.buf, next.len);
	}
	tg_buf_release(&url);
	tg_buf_release(&next);
	tg_buf_release(&resp);
	return rc;
}

struct pulls_pages {
	struct tg_github_pull **pulls;
	size_t *nr, alloc;
};

static int pulls_page(const char *json, size_t len, void *arg)
{
	struct pulls_pages *p = arg;

	return tg_github_pulls_parse(json, len, p->pulls, p->nr, &p->alloc);
}

/*
 * Every pull request, newest first, following the Link header's next page:
 * an item proposed long ago must still count as proposed. MAX_PAGES bounds
 * the cost on a repository with thousands of them.
 */
int tg_github_list_pulls(const struct tg_github *gh, struct tg_github_pull **pulls, size_t *nr)
{
	struct tg_buf path = TG_BUF_INIT;
	struct pulls_pages p = {pulls, nr, 0};
	int rc;

	*pulls = NULL;
	*nr = 0;
	tg_buf_addf(&path, "/repos/%s/pulls?state=all&per_page=100&sort=created&direction=desc",
	            gh->repo);
	rc = tg_github_get_pages(gh, path.buf, pulls_page, &p);
	if (!*pulls)
		*pulls = tg_calloc(1, sizeof(**pulls));
	tg_buf_release(&path);
	return rc;
}

void tg_github_pulls_free(struct tg_github_pull *pulls, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		free(pulls[i].head);
	free(pulls);
}

void tg_github_pull_parse(const char *json, size_t len, char **url, long *number)
{
	json_t *root = json_loadb(json, len, 0, NULL);
	json_t *pull = json_is_array(root) ? json_array_get(root, 0) : root;
	const char *u = json_string_value(json_object_get(pull, "html_url"));

	*url = tg_strdup(u ? u : "");
	if (u)
		*number = (long)json_integer_value(json_object_get(pull, "number"));
	json_decref(root);
}

/* The html_url of the open pull request from head ("" when there is none), and its number. */
static char *find_open_pull(const struct tg_github *gh, const char *head, long *number)
{
	struct tg_buf path = TG_BUF_INIT, resp = TG_BUF_INIT;
	const char *slash = strchr(gh->repo, '/');
	const struct tg_curl *cu = github_curl();
	CURL *c = cu ? cu->easy_init() : NULL;
	char *esc = c ? cu->easy_escape(c, head, 0) : NULL;
	char *u = NULL;
	long status;

	tg_buf_addf(&path, "/repos/%s/pulls?state=open&head=%.*s:%s", gh->repo,
	            (int)(slash ? slash - gh->repo : 0), gh->repo, esc ? esc : head);
	if (!tg_github_request(gh, "GET", path.buf, NULL, &resp, &status))
		tg_github_pull_parse(resp.buf, resp.len, &u, number);
	else
		u = tg_strdup("");
	if (c) {
		cu->free(esc);
		cu->easy_cleanup(c);
	}
	tg_buf_release(&path);
	tg_buf_release(&resp);
	tg_error_clear();
	return u;
}

/* GitHub's 422 when an open pull request from this head exists. */
static int already_exists(const struct tg_buf *resp)
{
	return resp->buf && strstr(resp->buf, "already exists");
}

int tg_github_open_pull(const struct tg_github *gh, const char *head, const char *base,
                        const char *title, const char *body, char **url, long *number)
{
	struct tg_buf path = TG_BUF_INIT, req = TG_BUF_INIT, resp = TG_BUF_INIT, full = TG_BUF_INIT;
	long status;
	int rc, retried;

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
	api_url(&full, gh, path.buf);
	rc = request(gh, "POST", full.buf, req.buf, &resp, NULL, &status, &retried);
	*url = NULL;
	*number = 0;
	if (rc && status == 422 && already_exists(&resp)) {
		/* After a retry it is ours: the first POST took effect but its answer was lost. */
		*url = find_open_pull(gh, head, number);
		if (retried && **url)
			rc = TG_OK;
		else
			rc = tg_error_set(TG_ERR_RUN,
			                  "GitHub API POST %s answered 422: a pull request from %s "
			                  "already exists%s%s; not opening another",
			                  full.buf, head, **url ? ": " : "", *url);
	} else if (!rc) {
		tg_github_pull_parse(resp.buf, resp.len, url, number);
	}
	tg_buf_release(&path);
	tg_buf_release(&req);
	tg_buf_release(&resp);
	tg_buf_release(&full);
	return rc;
}

int tg_github_add_labels(const struct tg_github *gh, long number, const struct tg_strlist *labels)
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
	rc = tg_github_request(gh, "POST", path.buf, req.buf, &resp, &status);
	tg_buf_release(&path);
	tg_buf_release(&req);
	tg_buf_release(&resp);
	return rc;
}

const char *tg_github_token(void)
{
	static const char *const names[] = {"TERRAGON_GITHUB_TOKEN", "GH_TOKEN", "GITHUB_TOKEN"};

	for (size_t i = 0; i < 3; i++) {
		const char *v = getenv(names[i]);
		if (v && *v)
			return v;
	}
	return NULL;
}

int tg_github_repo_from_url(struct tg_buf *out, const char *url)
{
	const char *p = strstr(url, "github.com");
	size_t n;

	if (!p || (p[10] != '/' && p[10] != ':'))
		return TG_ERR_NOTFOUND;
	p += 11;
	n = strlen(p);
	while (n && p[n - 1] == '/')
		n--;
	if (n > 4 && !strncmp(p + n - 4, ".git", 4))
		n -= 4;
	if (!n || !memchr(p, '/', n))
		return TG_ERR_NOTFOUND;
	tg_buf_add(out, p, n);
	return TG_OK;
}

void tg_github_init(struct tg_github *gh, const struct tg_config *cfg, const char *root)
{
	const char *env = getenv("TERRAGON_GITHUB_API_URL");
	const char *r = cfg->execution.github.repository;
	struct tg_buf repo = TG_BUF_INIT;
	char *url = NULL;

	gh->api_url = env && *env ? env : cfg->execution.github.api_url;
	gh->token = tg_github_token();
	gh->repo = NULL;
	if (r && *r) {
		gh->repo = tg_strdup(r);
		return;
	}
	if (!tg_repo_remote_url(root, cfg->execution.remote, &url) &&
	    !tg_github_repo_from_url(&repo, url))
		gh->repo = tg_buf_detach(&repo, NULL);
	tg_error_clear();
	tg_buf_release(&repo);
	free(url);
}

void tg_github_release(struct tg_github *gh)
{
	free(gh->repo);
	gh->repo = NULL;
}

int tg_github_push_permission(const char *json, size_t len)
{
	json_t *root = json_loadb(json, len, 0, NULL), *perm = json_object_get(root, "permissions");
	int rc = !root                   ? TG_ERR_INPUT
	         : !json_is_object(perm) ? TG_ERR_NOTFOUND
	                                 : json_is_true(json_object_get(perm, "push"));

	json_decref(root);
	return rc;
}

int tg_github_access(const struct tg_config *cfg, const char *root, struct tg_buf *detail)
{
	struct tg_github gh;
	struct tg_buf path = TG_BUF_INIT, resp = TG_BUF_INIT;
	const char *repo;
	long status;
	int rc, push;

	tg_github_init(&gh, cfg, root);
	repo = gh.repo;
	if (!gh.token) {
		tg_github_release(&gh);
		tg_buf_adds(detail, "skipped: no token in TERRAGON_GITHUB_TOKEN, GH_TOKEN or "
		                    "GITHUB_TOKEN (execute needs one outside dry-run)");
		return TG_ERR_NOTFOUND;
	}
	if (!repo) {
		tg_buf_addf(detail,
		            "skipped: execution.github.repository is not set and remote %s is not "
		            "on github.com",
		            cfg->execution.remote);
		return TG_ERR_NOTFOUND;
	}
	tg_buf_addf(&path, "/repos/%s", repo);
	rc = tg_github_request(&gh, "GET", path.buf, NULL, &resp, &status);
	push = rc ? rc : tg_github_push_permission(resp.buf, resp.len);
	if (!rc && push == TG_ERR_INPUT)
		rc = tg_error_set(TG_ERR_RUN, "GitHub API GET %s: not JSON", path.buf);
	if (rc) {
		tg_buf_adds(detail, tg_error_message());
	} else if (push == TG_ERR_NOTFOUND) {
		tg_buf_addf(detail,
		            "%s: the API does not say what the token may do (no permissions in "
		            "GET /repos/%s)",
		            repo, repo);
		rc = TG_ERR_RUN;
	} else if (!push) {
		tg_buf_addf(detail,
		            "%s: the token may not push (permissions.push is false), so execute "
		            "cannot push branches or open pull requests",
		            repo);
		rc = TG_ERR_RUN;
	} else {
		tg_buf_addf(detail, "%s: the token may push and open pull requests (%s)", repo,
		            gh.api_url);
	}
	tg_buf_release(&path);
	tg_buf_release(&resp);
	tg_github_release(&gh);
	return rc;
}
