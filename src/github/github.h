#ifndef TG_EXECUTE_GITHUB_H
#define TG_EXECUTE_GITHUB_H

/* What `terragon health` asks of the GitHub API that execute uses. */

#include "config/config.h"
#include "util/buf.h"

/*
 * Whether the token (TERRAGON_GITHUB_TOKEN, GH_TOKEN or GITHUB_TOKEN) may
 * push to and open pull requests on the configured repository
 * (execution.github.repository, else read from the remote's github.com URL),
 * by GET /repos/{owner}/{repo} and its permissions.push, at
 * TERRAGON_GITHUB_API_URL or execution.github.api_url. detail gets a line
 * for the user, never the token. Returns TG_OK when it may; TG_ERR_NOTFOUND
 * when the check was skipped (no token, or no repository); TG_ERR_RUN when it
 * may not or the API could not say (detail says why).
 */
int tg_execute_github_access(const struct tg_config *cfg, const char *root, struct tg_buf *detail);

#endif
