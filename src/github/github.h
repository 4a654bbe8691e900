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
 * Whether the token may push to and open pull requests on the repository
 * (`terragon health`), by GET /repos/{owner}/{repo} and its permissions.push.
 * detail gets a line for the user, never the token. Returns TG_OK when it
 * may; TG_ERR_NOTFOUND when the check was skipped (no token, or no
 * repository); TG_ERR_RUN when it may not or the API could not say.
 */
int tg_github_access(const struct tg_config *cfg, const char *root, struct tg_buf *detail);

#endif
