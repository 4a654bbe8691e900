#ifndef TG_GITHUB_H
#define TG_GITHUB_H

/*
 * The few GitHub REST endpoints terragon uses, through libcurl: read a
 * repository's permissions, list and open pull requests, add labels. The
 * token comes from the environment only (TERRAGON_GITHUB_TOKEN, GH_TOKEN or
 * GITHUB_TOKEN), never from a file. 5xx answers and network errors are
 * retried with backoff; a rate limit is waited out when the wait is short.
 */

#include "config/config.h"
#include "util/buf.h"
#include "util/strlist.h"

struct tg_github {
	const char *api_url; /* TERRAGON_GITHUB_API_URL, else execution.github.api_url */
	const char *token;   /* from the environment; NULL: none */
	char *repo;          /* "owner/name"; NULL when not configured nor derivable */
};

/*
 * Fills gh from the configuration and the environment: the repository is
 * execution.github.repository, else read from execution.remote's github.com
 * URL. Never fails; check gh->token and gh->repo.
 */
void tg_github_init(struct tg_github *gh, const struct tg_config *cfg, const char *root);
void tg_github_release(struct tg_github *gh);

/* The token from TERRAGON_GITHUB_TOKEN, GH_TOKEN or GITHUB_TOKEN (NULL: none). */
const char *tg_github_token(void);
/* Opens libcurl (on first use; *soname: which); a status saying why it cannot. */
int tg_github_library(const char **soname);
/* "owner/name" from a GitHub remote URL (https or ssh); TG_ERR_NOTFOUND when it is none. */
int tg_github_repo_from_url(struct tg_buf *out, const char *url);

/* GET/POST/DELETE path (below api_url) with retries on 5xx and rate limits. */
int tg_github_request(const struct tg_github *gh, const char *method, const char *path,
                      const char *body, struct tg_buf *resp, long *status);

/*
 * GET path and every page after it that the Link header's rel="next" names
 * (at most 10), each page's body handed to fn; fn's error stops the walk.
 */
typedef int (*tg_github_page_fn)(const char *json, size_t len, void *arg);
int tg_github_get_pages(const struct tg_github *gh, const char *path, tg_github_page_fn fn,
                        void *arg);

/*
 * A pull request's reviews (GET /repos/{owner}/{repo}/pulls/{n} and its
 * /reviews, every page): who opened it, and who approves it now, each
 * reviewer's latest APPROVED, CHANGES_REQUESTED or DISMISSED review
 * deciding (a COMMENTED review changes nothing), as GitHub counts them.
 */
struct tg_github_reviews {
	char *author;                        /* the pull request's user.login, or NULL */
	struct tg_strlist approvers;         /* logins */
	struct tg_strlist reviewers, states; /* every reviewer and its latest decisive state */
};
int tg_github_pull_reviews(const struct tg_github *gh, long number, struct tg_github_reviews *out);
void tg_github_reviews_release(struct tg_github_reviews *r);
/* One page of /reviews into r's reviewers and states (later reviews override); TG_ERR_RUN
 * when it is not a JSON array. */
int tg_github_reviews_parse(const char *json, size_t len, struct tg_github_reviews *r);

/*
 * The default branch's protection: its name into branch, and what the rules
 * require. An unprotected branch is protected_ = 0 and TG_OK; a token that may
 * not read the settings (they need admin rights) is an error naming the
 * status, as any other refusal.
 */
struct tg_github_protection {
	int protected_;
	int reviews; /* required approving reviews, 0-6 */
	int code_owners, dismiss_stale, admins, status_checks;
	int force_pushes, deletions; /* allowed */
};
int tg_github_branch_protection(const struct tg_github *gh, struct tg_buf *branch,
                                struct tg_github_protection *p);
/* The protection endpoint's JSON into p (protected_ = 1); TG_ERR_RUN when it is not an
 * object. */
int tg_github_protection_parse(const char *json, size_t len, struct tg_github_protection *p);

struct tg_github_pull {
	char *head; /* the branch */
	int open;
};
/* The repository's pull requests in any state, newest first (at most 1,000). */
int tg_github_list_pulls(const struct tg_github *gh, struct tg_github_pull **pulls, size_t *nr);
void tg_github_pulls_free(struct tg_github_pull *pulls, size_t nr);
/* Opens the pull request; *url gets its html_url and *number its number. On
 * GitHub's 422 "already exists" it fails but *url gets the existing pull
 * request's html_url ("" when not found): *url is NULL when there is none. */
int tg_github_open_pull(const struct tg_github *gh, const char *head, const char *base,
                        const char *title, const char *body, char **url, long *number);
int tg_github_add_labels(const struct tg_github *gh, long number, const struct tg_strlist *labels);

/*
 * The parsers of what GitHub answers, apart from the requests so each can
 * be tested (and fuzzed) on its own.
 *
 * What one answer's headers say about paging and waiting. Start from
 * {next, -1, 0, 0}; each header line is read into it as it arrives.
 */
struct tg_github_headers {
	struct tg_buf *next; /* receives the Link header's rel="next" URL; NULL: not wanted */
	long retry_after;    /* seconds, from Retry-After (seconds or an HTTP date); -1: none */
	long reset;          /* X-RateLimit-Reset, epoch seconds; 0: none */
	int exhausted;       /* X-RateLimit-Remaining: 0 */
};
/* Reads one header line as libcurl hands it over (not NUL-terminated, CRLF included). */
void tg_github_header_parse(struct tg_github_headers *h, const char *line, size_t len);
/*
 * Appends the pull requests of one page of GET /repos/{owner}/{repo}/pulls (a
 * JSON array; entries without head.ref are left out) to *pulls, of *nr used
 * and *alloc allocated. TG_ERR_RUN when the page is not JSON.
 */
int tg_github_pulls_parse(const char *json, size_t len, struct tg_github_pull **pulls, size_t *nr,
                          size_t *alloc);
/* A pull request's html_url into *url ("" when there is none; to free) and, when there is
 * one, its number into *number; of the object, or of an array's first element. */
void tg_github_pull_parse(const char *json, size_t len, char **url, long *number);
/* GET /repos/{owner}/{repo}: 1 when permissions.push is true, else 0; TG_ERR_INPUT when
 * the answer is not JSON, TG_ERR_NOTFOUND when it has no permissions object. */
int tg_github_push_permission(const char *json, size_t len);

/*
 * Whether the token may push to and open pull requests on the repository
 * (`terragon health`), by GET /repos/{owner}/{repo} and its permissions.push.
 * detail gets a line for the user, never the token. Returns TG_OK when it
 * may; TG_ERR_NOTFOUND when the check was skipped (no token, or no
 * repository); TG_ERR_RUN when it may not or the API could not say.
 */
int tg_github_access(const struct tg_config *cfg, const char *root, struct tg_buf *detail);

#endif
