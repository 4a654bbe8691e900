#ifndef TG_HEALTH_H
#define TG_HEALTH_H

/*
 * The checks of `terragon health` (and `discover --health-check`): the
 * configuration parses, the path is a git repository and not a shallow
 * clone, the store (when it exists) opens and passes PRAGMA integrity_check,
 * and which optional external tools are on PATH. Nothing is created or
 * written: a tree without .terragon/ stays without it. With a token, the
 * GitHub API is asked what the token may do on the configured repository.
 */

#include "util/buf.h"

#include <stddef.h>

enum tg_health_status {
	TG_HEALTH_OK = 0,
	TG_HEALTH_INFO, /* reported, never unhealthy: optional tools */
	TG_HEALTH_WARN, /* works, but worse than it could: a shallow clone */
	TG_HEALTH_FAIL, /* unhealthy */
};

struct tg_health_check {
	char *name; /* configuration, repository, history, store, github, tool:<name> */
	enum tg_health_status status;
	char *detail;
};

struct tg_health_report {
	struct tg_health_check *checks;
	size_t nr, alloc;
	int healthy; /* no check failed */
};

/* The optional external tools looked up on PATH, NULL-terminated. */
extern const char *const tg_health_tools[];

/* Runs every check on the repository holding repo_path (NULL: "."). */
int tg_health_run(const char *repo_path, struct tg_health_report *out);

/*
 * TG_HEALTH_GITHUB adds the "github" check (`terragon health`, not discover,
 * which needs no push): when a token is present (TERRAGON_GITHUB_TOKEN,
 * GH_TOKEN, GITHUB_TOKEN) and a repository is configured or derivable from
 * the remote, it asks the API (GET /repos/{owner}/{repo}) whether the token
 * may push and open pull requests: ok, or fail with the reason; otherwise
 * info, skipped with a note. The token is never reported. config_file is
 * the configuration to check (NULL: .terragon/config.yaml in the repository).
 */
enum { TG_HEALTH_GITHUB = 1 };
int tg_health_run_with(const char *repo_path, const char *config_file, unsigned flags,
                       struct tg_health_report *out);
void tg_health_report_release(struct tg_health_report *r);
const char *tg_health_status_name(enum tg_health_status s); /* ok, info, warn, fail */

/* A table (check, status, detail, then a verdict line), or JSON
 * {"healthy": bool, "checks": [{"name", "status", "detail"}]}. */
void tg_health_format_table(struct tg_buf *out, const struct tg_health_report *r);
void tg_health_format_json(struct tg_buf *out, const struct tg_health_report *r);

#endif
