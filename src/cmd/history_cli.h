#ifndef TG_CMD_HISTORY_CLI_H
#define TG_CMD_HISTORY_CLI_H

/*
 * What `terragon hotspots`, `coupling` and `owners` share: their common
 * options, and reading the history the way they ask for.
 */

#include "history/history.h"
#include "util/buf.h"
#include "util/options.h"

struct tg_config;

enum tg_history_format { TG_HF_TABLE, TG_HF_JSON, TG_HF_CSV };

struct tg_history_cli {
	const char *repo_path;
	const char *config; /* --config FILE */
	int cache;          /* --no-cache: read all of history, keep nothing */
	const char *since;
	const char *format;
	int first_parent; /* -1: from the configuration */
	int limit;
	int min_revs, min_shared_revs, min_coupling; /* -1: from the configuration */
	enum tg_history_format fmt;
	/* private: kept alive (o->bots points into it) until tg_history_cli_release */
	struct tg_config *cfg;
	struct tg_store *store;
	int with_complexity; /* hotspots: keep working tree complexities in the store too */
	struct tg_history_where where;
};

/* clang-format off */
#define TG_HISTORY_CLI_INIT {".", NULL, 1, NULL, "table", -1, 20, -1, -1, -1, TG_HF_TABLE, NULL, NULL, 0, {NULL, 0, ""}}

#define TG_HISTORY_CLI_OPTIONS(c)                                                                  \
	TG_OPT_REPO(&(c).repo_path, &(c).config),                                                  \
	TG_OPT_STRING(0, "since", &(c).since, "DATE",                                              \
		      "only commits after DATE (git's --since: 2025-01-01, '12 months ago')"),     \
	TG_OPT_BOOL(0, "first-parent", &(c).first_parent,                                          \
		    "follow first parents only; each merge counts as one change"),                 \
	TG_OPT_BOOL(0, "cache", &(c).cache,                                                        \
		    "keep the history in the store and read only newer commits next time "        \
		    "(default on; --no-cache reads all and keeps nothing)"),                       \
	TG_OPT_CHOICE(0, "format", &(c).format, tg_formats_table_json_csv,                         \
		      "output format (default: table)"),                                           \
	TG_OPT_INT('n', "limit", &(c).limit, "N", "print at most N rows (0: all; default 20)")
/* clang-format on */

/*
 * Checks --limit, loads the configuration (history.*, flags winning), opens
 * the store that keeps the history between runs (the repository's when it
 * has .terragon/, else one under $XDG_CACHE_HOME/terragon, so a read-only
 * command writes nothing into the tree) and reads the history.
 */
int tg_history_cli_build(struct tg_history_cli *c, struct tg_history **h,
                         struct tg_history_opts *o);
void tg_history_cli_release(struct tg_history_cli *c);

/* A table cell: s escaped for a terminal, cut to width (with "..." when cut), padded. */
void tg_history_cell(struct tg_buf *b, const char *s, int width, int right);

#endif
