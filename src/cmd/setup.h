#ifndef TG_SETUP_H
#define TG_SETUP_H

/*
 * What commands that read the backlog share: find the repository, load its
 * configuration, open its store. (As git's setup.c, for builtins.)
 */

#include "config/config.h"
#include "walk/walk.h"
#include "backlog/backlog.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/options.h"

struct tg_setup {
	struct tg_config cfg;
	char *root;
	struct tg_store *store; /* NULL when the command asked for none */
};

/*
 * Loads the configuration and, when open_store, the store read-only (a
 * repository with no store yet is TG_ERR_NOTFOUND with a hint to run
 * `terragon discover`), or read-write with create. Whatever it returns, s
 * holds what loaded before a failure: tg_setup_close it.
 *
 * With TG_SETUP_STORE_URL added, a command that reads the store through
 * store/sql.h only opens the PostgreSQL database store.url names instead,
 * when it is set (one repository's store, docs/ARCHITECTURE.md). Without it,
 * store.url is warned about and the SQLite file at store.path is opened;
 * with TG_SETUP_STORE_FILE, that file on purpose (store migrate's source).
 */
enum {
	TG_SETUP_NO_STORE = 0,
	TG_SETUP_STORE_READ = 1,
	TG_SETUP_STORE_WRITE = 2,
	TG_SETUP_STORE_URL = 4,
	TG_SETUP_STORE_FILE = 8,
};
int tg_setup_open(struct tg_setup *s, const char *repo_path, const char *config_file, int store);
void tg_setup_close(struct tg_setup *s);

/*
 * Opens the store read-only, loads every stored item into b (initialised
 * here) and points *out at the one `id` names: a unique prefix of 6 or more
 * hex digits of its fingerprint.
 */
int tg_setup_find_item(struct tg_setup *s, const char *repo_path, const char *config_file,
                       const char *id, struct tg_backlog *b, struct tg_item **out);

/*
 * The tree a command that reads one (count, functions, rules scan) walks, as
 * git's -C would have it: PATH under -C DIR (DIR/PATH when PATH is relative),
 * else PATH, else DIR, else ".". buf keeps the joined path; release it after.
 */
const char *tg_setup_tree_path(const char *repo, const char *path, struct tg_buf *buf);

/*
 * The walk of a command that reads a tree: PATH resolved as above, the
 * configuration of the repository holding it (-c FILE instead when given)
 * and the walk options that configuration and -j N (0: its default) give.
 * wo points into cfg, so both live until tg_setup_tree_close.
 */
struct tg_setup_tree {
	struct tg_config cfg;
	struct tg_walk_opts wo;
	char *root;
	struct tg_buf path;
};
int tg_setup_tree_open(struct tg_setup_tree *t, const char *repo, const char *path,
                       const char *config_file, int jobs);
void tg_setup_tree_close(struct tg_setup_tree *t);

/*
 * The posture (compliance/posture.h) of the work tree at root, with the
 * default branch's protection through the GitHub API when a token and the
 * repository (cfg) are there; an API that refuses leaves that check
 * undecided. One code for `posture`, `metrics` and `serve` (cmd/posture.c).
 */
struct tg_posture;
int tg_posture_read(const char *root, const struct tg_config *cfg, struct tg_posture *p);
/* The same for terragon_compliance_score: p, or NULL, warned, when the tree cannot be
 * scored (not a git work tree): the store's metrics do not depend on it. */
const struct tg_posture *tg_metrics_posture(const char *root, const struct tg_config *cfg,
                                            struct tg_posture *p);

/* The values of --severity and --fail-on, most severe first (tg_severity_parse reads them). */
extern const char *const tg_severity_choices[];

#endif
