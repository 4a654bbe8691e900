#ifndef TG_HISTORY_MODEL_H
#define TG_HISTORY_MODEL_H

/*
 * The aggregates behind struct tg_history, built one commit at a time from
 * the newest back. Private to the history module.
 */

#include "history/history.h"
#include "util/hashmap.h"

#include <stdint.h>

struct fauthor {
	uint32_t author;
	long revs, added, deleted;
};

struct frev {
	char hash[41];
	char *path; /* the file's name at that commit; NULL when it is the current one */
	long cx;    /* its complexity there, kept between runs (valid when cx_have) */
	int cx_have;
};

struct hfile {
	struct tg_history_file pub;
	char *path;
	long crevs; /* revisions in commits small enough for coupling */
	struct fauthor *au;
	size_t au_nr, au_alloc;
	struct frev recent[TG_HOTSPOT_TREND]; /* newest first */
	int recent_nr;
	uint64_t stamp; /* the last commit that counted it, to count a file once a commit */
	/* The working tree file's complexity (-1: none) and the stat it was computed for. */
	int64_t wt_size, wt_mtime_ns, wt_ino;
	long wt_cx;
	int wt_have;
};

struct hauthor {
	char *name, *email;
	int64_t last_time;
	int bot;
};

struct tg_history {
	char *root;
	int partial;
	const char *partial_why;
	int dirty;       /* counts, complexities or trends changed since the store was read: save */
	char *cache_key; /* where the store keeps this history; NULL: not kept */
	long commits, commits_read;
	char head[41];
	struct hfile *files;
	size_t files_nr, files_alloc;
	struct tg_hashmap paths; /* every name a file had -> its id */
	struct hauthor *authors;
	size_t authors_nr, authors_alloc;
	struct tg_hashmap author_ids; /* name -> id */
	struct tg_hashmap pairs;      /* file ids a < b as a << 32 | b -> commits sharing them */
	struct tg_history_file *pub;  /* sorted views, built by model_finish */
	size_t pub_nr;
	struct tg_history_opts opts;
	uint32_t *scratch;
	size_t scratch_alloc;
};

/* The id of the file that path names (or named), or -1. */
long model_path_id(const struct tg_history *h, const char *path);
/* Makes path a name of file id. */
void model_path_set(struct tg_history *h, const char *path, uint32_t id);

/* Adds n to the commits that files a and b share. */
void model_pair_add(struct tg_history *h, uint32_t a, uint32_t b, uint64_t n);

struct tg_gitlog_commit;
int model_add_commit(struct tg_history *h, const struct tg_gitlog_commit *c);
uint32_t model_author(struct tg_history *h, const char *name, const char *email, int64_t t);
uint32_t model_file(struct tg_history *h, const char *path);
/* Folds `older` (a history ending where h's commits begin) into h. */
void model_merge_older(struct tg_history *h, struct tg_history *older);
/* Each file's working tree complexity with opts.complexity, reusing what still matches. */
void model_complexity(struct tg_history *h);
/*
 * Each file's recent activity (activity.c), indexed like h->files: revisions
 * weighted by recency, bug fixes twice. Freed with free().
 */
double *tg_history_activity(const struct tg_history *h);
/* Adds the activity of `git log -z --name-status --format=%x01%at%x00%s` output to weight. */
void tg_history_activity_parse(const struct tg_history *h, const char *s, size_t len,
                               int64_t newest, double *weight);
/* 1 when a commit subject says it fixes a bug (fix, bug, crash, regression, CVE...). */
int tg_history_fix_subject(const char *subject);
/*
 * Authors whose last commit is before this are inactive: history.inactive_months
 * before the repository's newest commit (or now, if that is earlier), so a
 * snapshot of an old repository does not call everyone inactive.
 */
int64_t model_inactive_before(const struct tg_history *h);

struct tg_blame_parser;
struct tg_history_blame;
/* A blame's commits (as parsed, or as the store kept them) as the history names its authors. */
void history_blame_summarise(const struct tg_history *h, const struct tg_blame_parser *p,
                             struct tg_history_blame *out);
struct tg_buf;
/* An author's name as the model keeps it (raw bytes that are not UTF-8 read as Latin-1). */
void model_author_name(const char *raw, struct tg_buf *out);
/* 1 when name or email matches history.bots. */
int model_is_bot(const struct tg_history *h, const char *name, const char *email);
/* The author of that name (as model_author_name gives it), or NULL. */
const struct hauthor *model_author_find(const struct tg_history *h, const char *name);
/* The mean Gregorian month, for rates and ages in months. */
#define TG_MONTH_SECONDS (86400.0 * 30.436875)

/* Source code: a language of the table that is not markup, build or configuration (knowledge.c). */
int model_is_source(const char *path);
/* Knowledge-risk items (knowledge.c): departed authors' files, and the bus factor. */
int model_knowledge_items(const struct tg_history *h, const struct tg_history_opts *o,
                          struct tg_sink *sink);
/* Computes the derived fields (owners, ages) and the sorted public view. */
void model_finish(struct tg_history *h);
void model_release(struct tg_history *h);

/*
 * The history as the store keeps it (cache.c): one blob of the aggregates.
 * Decoding into a zeroed h (with its opts) returns 0, -2 for a blob of
 * another version, -1 for a damaged one (h then holds part of it: release it).
 */
struct tg_buf;
void tg_history_cache_encode(const struct tg_history *h, struct tg_buf *b);
int tg_history_cache_decode(struct tg_history *h, const void *data, size_t len);

#endif
