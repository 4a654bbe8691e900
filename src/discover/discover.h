#ifndef TG_DISCOVER_H
#define TG_DISCOVER_H

/*
 * The discover run: every enabled source feeds one backlog (in parallel where
 * they are independent), then suppression, scoring, the store and the
 * outputs. A source is one file implementing struct tg_source and one entry
 * in source_list.h, so a new source is a new file and one table line.
 */

#include "backlog/backlog.h"
#include "config/config.h"
#include "util/strlist.h"

struct tg_discover_ctx {
	const char *root; /* the repository root, absolute */
	const struct tg_config *cfg;
	const struct tg_strlist *own_outputs; /* never scanned or ingested: our own files */
	const struct tg_strlist *imports;     /* --import files and config imports */
	time_t now;
	struct tg_history **history; /* the history source leaves what it built here */
	int history_secrets;         /* --history-secrets: scan every blob in git history */
	/* Sources may keep what they computed in the store (store.path) and in
	 * .terragon/cache/ for the next run; 0 (--no-store, a baseline's or a
	 * verification's temporary tree): they read and write no cache. */
	int use_store;
};

struct tg_source {
	const char *name;             /* the item's `source` and the summary's name */
	const char *discovery_source; /* the configuration's name that enables it */
	/* Collects items into sink; records what it covered and what it skipped
	 * in run. A failure is reported and recorded, and the run goes on. */
	int (*collect)(const struct tg_discover_ctx *ctx, struct tg_sink *sink,
	               struct tg_source_run *run, struct tg_strlist *skipped);
	/* It reads nothing but the files under ctx->root (no store, no history,
	 * no imports), so --baseline can run it on a ref's exported tree. */
	int tree_only;
	/* NULL, or whether the configuration sets the source up (the LLM review's
	 * endpoint): a source that is not set up does not run and is not listed. */
	int (*configured)(const struct tg_config *cfg);
};

/* The configuration's discovery_sources names the source. */
int tg_source_enabled(const struct tg_config *cfg, const struct tg_source *s);

extern const struct tg_source *const tg_sources[];

struct tg_store;
/*
 * The store, for a source that reads what earlier runs kept, on its own
 * read-only connection (the run writes after every source has finished):
 * TG_ERR_NOTFOUND, with no error left set, when there is no store yet.
 */
int tg_discover_store_read(const struct tg_discover_ctx *ctx, struct tg_store **st);

struct tg_history;
/* Revisions a month of a file, from the history the history source built. */
double tg_discover_change_rate(const char *path, void *history);

struct tg_backlog;
struct tg_run_summary;
/*
 * Weighs complex functions by the commits of the last two years that survive
 * in their own lines, and file hotspots by their busiest complex function
 * (recent.c). Run by discover after refinement, when there is history. The
 * blames are kept in the store (ctx->use_store) between runs.
 */
struct tg_history;
void tg_discover_recent(const struct tg_discover_ctx *ctx, struct tg_history *h,
                        struct tg_backlog *b);

/*
 * The steps between the sources and scoring (discover/refine.c): context,
 * vendored code, one item per finding across sources, grouping. summary may
 * be NULL (verification); otherwise what was left out is counted there.
 */
void tg_discover_refine(const struct tg_config *cfg, struct tg_backlog *b,
                        struct tg_run_summary *summary);

/* Fingerprints (sorted) the scanner finds in the tree of git ref `ref`. */
int tg_discover_baseline(const struct tg_discover_ctx *ctx, const char *ref,
                         struct tg_strlist *fingerprints);

struct tg_discover_opts {
	const char *repo_path;
	const char *config_file;
	const char *output;     /* value-metrics.json path; NULL: <root>/value-metrics.json */
	const char *backlog_md; /* NULL: <root>/BACKLOG.md */
	const char *sarif;      /* NULL: none */
	struct tg_strlist imports;
	const char *baseline; /* a git ref: report only items new relative to it */
	const char *fail_on;  /* a severity: exit 1 when an open item is at or above it */
	int fail_on_new;
	int no_store;
	int history_secrets;
};

struct tg_discover_result {
	struct tg_backlog backlog;
	struct tg_run_summary summary;
	size_t new_items; /* items first seen in this run */
	size_t skipped_inputs;
};

int tg_discover_run(const struct tg_discover_opts *o, struct tg_config *cfg, const char *root,
                    struct tg_discover_result *res);
void tg_discover_result_release(struct tg_discover_result *res);

#endif
