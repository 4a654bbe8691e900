#ifndef TG_EXECUTE_INTERNAL_H
#define TG_EXECUTE_INTERNAL_H

/* What the execute module's files share. */

#include "execute/execute.h"
#include "util/strlist.h"

#include <stdint.h>

/*
 * Runs git with the NULL-terminated arguments in dir; stdout goes to out
 * (may be NULL), stderr to err (may be NULL). Returns git's exit status, or
 * -1 when it could not be run.
 */
int xgit(const char *dir, struct tg_buf *out, struct tg_buf *err, ...) __attribute__((sentinel));

/* A hash of the user's tree state: HEAD, index, tracked and untracked content. */
int tree_state(const char *root, uint64_t *out);

struct github {
	const char *api_url, *repo, *token;
};
struct pull {
	char *head; /* the branch */
	int open;
};
/* GET/POST path (below api_url) with retries on 5xx and rate limits. */
int github_request(const struct github *gh, const char *method, const char *path, const char *body,
                   struct tg_buf *resp, long *status);
int github_list_pulls(const struct github *gh, struct pull **pulls, size_t *nr);
void github_pulls_free(struct pull *pulls, size_t nr);
/* Opens the pull request; *url gets its html_url and *number its number. On
 * GitHub's 422 "already exists" it fails but *url gets the existing pull
 * request's html_url ("" when not found): *url is NULL when there is none. */
int github_open_pull(const struct github *gh, const char *head, const char *base, const char *title,
                     const char *body, char **url, long *number);
int github_add_labels(const struct github *gh, long number, const struct tg_strlist *labels);

/* Applies a rule's fix-regex to the item's lines of its file under tree. */
struct tg_item;
int apply_fix(const char *tree, const struct tg_item *it, const char *regex, const char *repl,
              int count);
/* Applies the SARIF fix the item carries (it->fix) under tree; refuses, with
 * the reason, a region whose text is not what the fix expects. */
int apply_sarif_fix(const char *tree, const struct tg_item *it);

/* The store's executions table. */
struct execution {
	const char *fingerprint, *branch, *outcome, *reason, *gates, *pr_url;
	time_t started, finished;
	int dry_run;
};
int record_execution(struct tg_store *st, const struct execution *e);
int record_in_progress(struct tg_store *st, const char *fingerprint, time_t now);

#endif
