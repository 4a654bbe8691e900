#ifndef TG_HISTORY_H
#define TG_HISTORY_H

/*
 * Git history mining: per file revisions, churn, authors and their shares,
 * change coupling and code age, and hotspots (recent activity × √complexity).
 * History is read by streaming `git log --numstat -z` (see gitlog.h) from
 * the newest commit back, so renames are followed by attributing a file's
 * older names to its current one. Merges are skipped unless first_parent
 * is set, where each merge counts as one change against its first parent.
 */

#include "backlog/item.h"
#include "store/store.h"
#include "util/strlist.h"

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* A file's complexity (decision points) from its bytes; -1 when the language is unknown. */
typedef long (*tg_complexity_fn)(const char *path, const char *data, size_t len, void *ctx);

struct tg_history_opts {
	const char *since; /* as git's --since ("2025-01-01", "12 months ago"); NULL: all */
	int first_parent;
	int min_revs, min_shared_revs, min_coupling; /* coupling filters; degree in percent */
	int max_changeset;   /* commits touching more files are left out of coupling (30) */
	int inactive_months; /* an author without a commit for this long is inactive */
	const struct tg_strlist *bots; /* author names or emails ('*' matches any text) */
	time_t now;
	/*
	 * The store, where the last commit read and the aggregates are kept so a
	 * rerun reads only newer commits; NULL: none. Not used with `since`.
	 */
	struct tg_store *store;
	/*
	 * When set, each file's complexity in the working tree is computed while
	 * the history is built and kept in the store beside it, keyed by the
	 * file's size, mtime and inode, so a rerun reads only changed files.
	 */
	tg_complexity_fn complexity;
	/*
	 * Set: tg_history_build does not save into the store; the caller calls
	 * tg_history_save() when done, so what tg_history_hotspots computed
	 * (trends) is kept too, in one write.
	 */
	int defer_save;
	/* Where the repository is, from tg_history_locate (saves a git process); NULL: found. */
	const struct tg_history_where *where;
	/*
	 * Knowledge risk counts source files (not markup, build or configuration
	 * files) of at least knowledge_min_lines code lines (0: 100) whose paths
	 * match none of the knowledge_skip globs (discover passes the vendored,
	 * test, fixture, example and docs contexts).
	 */
	int knowledge_min_lines;
	const struct tg_strlist *knowledge_skip[5];
};

/* A repository's top level, whether it is a shallow clone, and HEAD's commit. */
struct tg_history_where {
	char *root;
	int shallow;
	char head[41]; /* "" when there is no commit yet */
};

/* One git process for all three; repo is any directory inside a working tree. */
int tg_history_locate(const char *repo, struct tg_history_where *w);
void tg_history_where_release(struct tg_history_where *w);

/* code-maat's defaults, inactive after 6 months, now = tg_clock_now(). */
void tg_history_opts_init(struct tg_history_opts *o);

struct tg_history;

struct tg_history_file {
	const char *path; /* its current name */
	long revisions, added, deleted;
	long authors;             /* distinct human authors */
	const char *main_author;  /* most lines added (then most revisions); NULL if only bots */
	double ownership;         /* main author's share of added lines, 0-1 */
	int bus_factor;           /* fewest authors owning more than half the added lines */
	double knowledge_at_risk; /* share of added lines whose authors are inactive, 0-1 */
	int64_t first_time, last_time;
	int age_months; /* whole months since the last change */
	long soc;       /* sum of coupling */
};

struct tg_history_owner {
	const char *author;
	long revisions, added, deleted;
	double share; /* of the file's added lines (of revisions when none were added) */
	int inactive;
	int64_t last_time; /* the author's last commit anywhere */
};

struct tg_history_pair {
	const char *a, *b; /* a < b */
	long shared_revisions;
	long a_revisions, b_revisions;
	int degree; /* percent, truncated */
};

/*
 * Reads the history of the repository at repo (any directory inside a
 * working tree). An empty repository gives an empty history; a shallow
 * clone gives a partial one (tg_history_partial) after a warning.
 */
int tg_history_build(struct tg_history **out, const char *repo, const struct tg_history_opts *o);
void tg_history_free(struct tg_history *h);
/* Saves into opts.store what changed since it was read (with defer_save); TG_OK if nothing did. */
int tg_history_save(struct tg_history *h);

/* The store given in the options is about to be closed: nothing reads or writes it any more. */
void tg_history_forget_store(struct tg_history *h);
/*
 * A store opened again after tg_history_forget_store, for the blames kept
 * between runs (history/blame_cache.c); taken only by a history that was
 * kept in a store (returns 1), since the blames' key is the history's.
 * NULL forgets it again.
 */
int tg_history_use_store(struct tg_history *h, struct tg_store *st);

/* 1 when the counts miss commits: a shallow clone, or git log stopped (a corrupt object). */
int tg_history_partial(const struct tg_history *h);
/* Why, for messages ("a shallow clone: counts start at its oldest commit"); "" if complete. */
const char *tg_history_partial_why(const struct tg_history *h);
/* The repository's top-level directory. */
const char *tg_history_root(const struct tg_history *h);
/* Commits read (after the filters). */
long tg_history_commits(const struct tg_history *h);
/* How many commits this build read from git (fewer than commits on a rerun). */
long tg_history_commits_read(const struct tg_history *h);

/* Every file ever changed (under its current name), sorted by path. */
size_t tg_history_files(const struct tg_history *h, const struct tg_history_file **files);
const struct tg_history_file *tg_history_file(const struct tg_history *h, const char *path);
/* A file's authors, humans only, most added lines first. *owners is freed with free(). */
int tg_history_owners(const struct tg_history *h, const char *path,
                      struct tg_history_owner **owners, size_t *nr);
/* Pairs passing the coupling filters, strongest first. *pairs is freed with free(). */
int tg_history_coupling(const struct tg_history *h, int existing_only,
                        struct tg_history_pair **pairs, size_t *nr);
/*
 * Revisions per month over the span from the file's first change in the
 * window to now (at least one month): the interest rate on its debt. 0 for
 * a file never changed.
 */
double tg_history_change_rate(const struct tg_history *h, const char *path);

/* The analyze module's count of decision points. */
long tg_history_complexity(const char *path, const char *data, size_t len, void *ctx);

#define TG_HOTSPOT_TREND 10

struct tg_hotspot {
	const struct tg_history_file *file;
	long complexity;
	double activity; /* revisions weighted by recency, bug fixes twice (README: Hotspots) */
	double score;    /* activity × √complexity */
	/* Complexity at the file's last revisions, oldest first (-1: unreadable). */
	long trend[TG_HOTSPOT_TREND];
	int trend_nr;
};

/*
 * Ranks files present in the working tree by score (then revisions, then
 * path). limit 0 = all; with_trend reads each listed hotspot's last
 * revisions with `git cat-file --batch`. *out is freed with free().
 */
int tg_history_hotspots(const struct tg_history *h, tg_complexity_fn fn, void *ctx, size_t limit,
                        int with_trend, struct tg_hotspot **out, size_t *nr);

/*
 * The changes of the last months (before the newest commit) that survive in
 * a file's lines at HEAD, by humans: `git blame --since`, for the items of
 * complex functions, whose own changes say whether they cost anything now.
 */
struct tg_history_recent {
	long lines;         /* lines at HEAD */
	long *commit;       /* per line: its counted commit, or -1 (older, or a bot's) */
	unsigned char *fix; /* per counted commit: its subject says it fixes something */
	size_t commits_nr;  /* counted commits */
};
int64_t tg_history_recent_since(const struct tg_history *h, int months);
int tg_history_recent(const struct tg_history *h, const char *path, int months,
                      struct tg_history_recent *out);
/*
 * Distinct counted commits over lines first..last (from 1); the fixes among
 * them into *fixes, and the lines they wrote into *lines (either may be NULL).
 */
long tg_history_recent_changes(const struct tg_history_recent *r, long first, long last,
                               long *fixes, long *lines);
void tg_history_recent_release(struct tg_history_recent *r);
/*
 * tg_history_recent for each path on the default workers; ok[i] 0 where
 * blame failed. The blames are kept in the store (history/blame_cache.c)
 * when the history is: an unchanged file is not blamed again.
 */
void tg_history_recent_many(const struct tg_history *h, const char *const *paths, size_t nr,
                            int months, struct tg_history_recent *out, int *ok);

/*
 * Backlog items: the top `limit` hotspots with at least min_revs revisions
 * (category hotspot, rule history/hotspot); one item per departed author
 * who is the main author of lines surviving at HEAD (blame) in source files
 * (rule history/knowledge-risk), and the repository's bus factor when it is
 * 1 or 2 (rule history/bus-factor), both category architecture.
 */
int tg_history_emit_items(const struct tg_history *h, const struct tg_history_opts *o,
                          tg_complexity_fn fn, void *ctx, size_t limit, struct tg_sink *sink);

#endif
