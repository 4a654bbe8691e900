#ifndef TG_HISTORY_BLAME_H
#define TG_HISTORY_BLAME_H

/*
 * Who wrote the lines that survive at HEAD: `git blame --porcelain HEAD --
 * PATH`, streamed through proc/ into a small parser (fuzz/fuzz_blame.c),
 * honouring the repository's .git-blame-ignore-revs. Blame walks the file's
 * whole history, so it is run only where it is worth its cost: `owners`
 * for one file, and the knowledge-risk items for a bounded set of files.
 */

#include "history/history.h"
#include "util/buf.h"
#include "util/hashmap.h"

#include <stddef.h>
#include <stdint.h>

/* One commit of the blame, and how many of the file's lines it wrote. */
struct tg_blame_commit {
	char *author, *email; /* as git prints them (mailmap applied); "" when absent */
	int64_t time;         /* author-time */
	long lines;
	int boundary; /* older than --since (or the root): the lines' real commit is not known */
	int fix;      /* its subject says it fixes something (history's fix words) */
};

struct tg_blame_parser {
	struct tg_buf line; /* a line not yet ended */
	int state;
	long long offset;      /* of the line being read, for messages */
	long cur;              /* the commit of the current entry, or -1 */
	long lines;            /* content lines read */
	struct tg_hashmap ids; /* commit id -> index in commits */
	struct tg_blame_commit *commits;
	size_t commits_nr, commits_alloc;
	/* When set before the run: the commit of each line at HEAD, in order. */
	int want_lines;
	long *line_commit;
	size_t line_commit_alloc;
};

void tg_blame_init(struct tg_blame_parser *p);
/* Feeds output in chunks of any size; TG_ERR_INPUT on output that is not porcelain. */
int tg_blame_feed(struct tg_blame_parser *p, const char *buf, size_t len);
/* The end of the output: TG_ERR_INPUT when it stops inside an entry. */
int tg_blame_finish(struct tg_blame_parser *p);
void tg_blame_release(struct tg_blame_parser *p);

/*
 * Runs `git blame --porcelain REV -- path` in the repository at root as a
 * reader (proc/), with --ignore-revs-file when root has a regular
 * .git-blame-ignore-revs (and again without it when git refuses that file).
 * copies adds -C: lines moved from files changed in the same commit keep
 * their author (a file split in two), at several times the cost.
 */
int tg_blame_run(const char *root, const char *rev, const char *path, int copies,
                 struct tg_blame_parser *p);

/*
 * As tg_blame_run, without -C, stopping at commits older than since (epoch
 * seconds): git attributes older lines to a boundary commit, at a fraction
 * of a whole blame's cost.
 */
int tg_blame_run_since(const char *root, const char *rev, const char *path, int64_t since,
                       struct tg_blame_parser *p);

/* An author's lines of a file at HEAD. */
struct tg_history_blame_author {
	char *author;
	long lines;
	double share; /* of the file's lines by humans */
	int inactive; /* no commit in history.inactive_months before the newest commit */
	/* Their last commit anywhere in the history read; else their newest line here. */
	int64_t last_time;
};

struct tg_history_blame {
	long lines;                              /* lines at HEAD written by humans */
	long bot_lines;                          /* by history.bots, left out of the shares */
	struct tg_history_blame_author *authors; /* most lines first, then by name */
	size_t nr;
};

/*
 * Blames path (relative to the root) at HEAD, with -C when copies is set;
 * authors named as the history names them.
 */
int tg_history_blame(const struct tg_history *h, const char *path, int copies,
                     struct tg_history_blame *out);
void tg_history_blame_release(struct tg_history_blame *b);

/*
 * Blames kept in the store (table blame_cache) between runs, per path and
 * -C or not, keyed by the file's blob id at the history's head and a hash
 * of what changes a blame's authors (terragon's version, the mailmap, the
 * bots, .git-blame-ignore-revs): an unchanged file is never blamed again.
 * Without a store (opts.store, or a history not kept there) nothing is
 * kept and every blame runs.
 */
struct tg_blame_memo;

/*
 * The stored blames of these paths (one `git ls-tree` for their blob ids).
 * what names them in --debug ("blame:" says "blame: ran N, reused M from
 * the store"). Never fails.
 */
struct tg_blame_memo *tg_blame_memo_load(const struct tg_history *h, const char *const *paths,
                                         size_t nr, const char *what);
/*
 * As tg_history_blame, served from the memo when it holds path's blame at
 * its current blob, else run and remembered. Safe from several threads when
 * each path is asked by one thread only.
 */
int tg_history_blame_memo(const struct tg_history *h, struct tg_blame_memo *m, const char *path,
                          int copies, struct tg_history_blame *out);
/*
 * A recent-change blame of path (tg_blame_run_since at the history's head,
 * with each line's commit), into p: served from the memo when it holds one
 * at path's current blob whose window starts no later than since (the
 * caller filters commits older than since out), else run and remembered.
 * m may be NULL (then it always runs). The same thread rule as above.
 */
int tg_history_blame_since_memo(const struct tg_history *h, struct tg_blame_memo *m,
                                const char *path, int64_t since, struct tg_blame_parser *p);
/* Writes the blames that ran into the store (one transaction) and frees m. */
void tg_blame_memo_save(const struct tg_history *h, struct tg_blame_memo *m);

/* The stored form of a blame's commits, and back (TG_ERR_INPUT when damaged). */
void tg_blame_encode(const struct tg_blame_parser *p, struct tg_buf *out);
int tg_blame_decode(const void *data, size_t len, struct tg_blame_parser *p);
/* A recent-change blame's stored form: its window's start, commits and each line's commit. */
void tg_blame_encode_since(const struct tg_blame_parser *p, int64_t since, struct tg_buf *out);
int tg_blame_decode_since(const void *data, size_t len, int64_t *since, struct tg_blame_parser *p);

#endif
