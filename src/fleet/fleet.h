#ifndef TG_FLEET_H
#define TG_FLEET_H

/*
 * A fleet: many repositories, each discovered on its own and published to
 * one shared store (store/sql.h: PostgreSQL for a fleet, or a SQLite file),
 * where the `repositories`, `fleet_runs` and `fleet_items` tables of
 * schema.c hold them all. Shards are stable (a repository goes to shard
 * hash(url) mod N) and a run is idempotent: a repository whose head was
 * already published is skipped, and a shard killed half-way is simply run
 * again, since each repository's publication is one transaction.
 */

#include "store/sql.h"
#include "util/strlist.h"

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct tg_backlog;

struct tg_fleet_repo {
	char *url;                   /* a clone URL or a local path */
	struct tg_strlist overrides; /* key=value, passed to discover as -c */
};

struct tg_fleet_list {
	struct tg_fleet_repo *v;
	size_t nr, alloc;
};

/*
 * Reads a repository list: a plain list (one URL or path a line, # comments)
 * or YAML, a sequence of URLs or of mappings {url: ..., config: {key:
 * value}}. Errors name the file and line (TG_ERR_USAGE).
 */
int tg_fleet_list_read(struct tg_fleet_list *l, const char *file);
/* The same from text (NUL-terminated, len bytes); name is for messages. */
int tg_fleet_list_parse(struct tg_fleet_list *l, const char *name, const char *text, size_t len);
void tg_fleet_list_release(struct tg_fleet_list *l);

/* The shard of a repository among n: hash(url) mod n (XXH3, stable). */
unsigned tg_fleet_shard_of(const char *url, unsigned n);

/* What a shard run was asked. */
struct tg_fleet_run_opts {
	const char *store;   /* the shared store: a postgres:// URL or a file */
	const char *workdir; /* mirrors, worktrees and per-repository stores */
	const char *exe;     /* the terragon that runs discover */
	unsigned shard, shards;
};

/* Runs the shard; TG_ERR_RUN when any repository failed (each said on stderr). */
int tg_fleet_run(const struct tg_fleet_list *l, const struct tg_fleet_run_opts *o);

/*
 * Publishes one repository's discovered backlog for head, in one
 * transaction, retried when PostgreSQL reports a deadlock or serialization
 * failure. *skipped is set when that head was already published (by
 * another shard or an earlier run): nothing is written then.
 */
int tg_fleet_publish(struct tg_sql *db, const char *url, const char *head, const char *shard,
                     struct tg_backlog *b, time_t started, int *skipped);
/* Was head of url published already? */
int tg_fleet_done(struct tg_sql *db, const char *url, const char *head, int *done);
/* Records a failed run of url (its last status and error), in its own transaction. */
int tg_fleet_failed(struct tg_sql *db, const char *url, const char *error);

/* fleet report: the fleet's view from the shared store. */
enum tg_fleet_format { TG_FLEET_TABLE, TG_FLEET_JSON };
int tg_fleet_report(struct tg_sql *db, enum tg_fleet_format f, int top, int stale_hours, time_t now,
                    struct tg_buf *out);

/* export k8s-job and export github-matrix (export.c). */
struct tg_fleet_export {
	unsigned shards;
	const char *image;     /* the container image with terragon */
	const char *name;      /* the Job's name */
	const char *secret;    /* the Kubernetes Secret: store-url, pgpassword, git-credentials */
	const char *configmap; /* the ConfigMap with repos.yaml */
	const char *repos;     /* the workflow's repository list, in the checkout */
};
void tg_fleet_export_k8s(struct tg_buf *out, const struct tg_fleet_export *e);
void tg_fleet_export_github(struct tg_buf *out, const struct tg_fleet_export *e);

#endif
