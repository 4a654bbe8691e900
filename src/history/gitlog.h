#ifndef TG_GITLOG_H
#define TG_GITLOG_H

/*
 * A push parser for `git log --numstat -z` with terragon's --format (see
 * TG_GITLOG_FORMAT), fed in chunks as they come out of the pipe so memory is
 * bounded by the largest commit, not the history. Each commit is handed to a
 * callback with its changes; the strings live until the callback returns.
 */

#include <stddef.h>
#include <stdint.h>

/* \x01 starts a commit; then hash, author time, author (mailmapped), email, parents. */
#define TG_GITLOG_FORMAT "--format=%x01%H%x00%at%x00%aN%x00%aE%x00%P"

struct tg_gitlog_change {
	const char *path;
	const char *old_path; /* the name before a rename, else NULL */
	long added, deleted;  /* -1 for a binary file */
};

struct tg_gitlog_commit {
	const char *hash;
	int64_t time;
	const char *author, *email;
	int parents;
	const struct tg_gitlog_change *changes;
	size_t changes_nr;
};

/* Returns TG_OK to go on; anything else stops the parse and is returned by feed/finish. */
typedef int (*tg_gitlog_fn)(const struct tg_gitlog_commit *c, void *data);

struct tg_gitlog_parser {
	tg_gitlog_fn fn;
	void *data;
	/* private */
	int state;
	char *tok;
	size_t tok_len, tok_alloc;
	char *arena; /* the commit's strings, NUL-separated; offsets in fields */
	size_t arena_len, arena_alloc;
	size_t hdr[5];
	struct {
		size_t path, old_path;
		long added, deleted;
	} * ch;
	size_t ch_nr, ch_alloc;
	struct tg_gitlog_change *out;
	size_t out_alloc;
	int in_commit;
	long long offset; /* bytes consumed, for messages */
	uint64_t commits;
};

void tg_gitlog_init(struct tg_gitlog_parser *p, tg_gitlog_fn fn, void *data);
int tg_gitlog_feed(struct tg_gitlog_parser *p, const char *buf, size_t len);
/* Flushes the last commit; TG_ERR_INPUT if the stream ended inside one. */
int tg_gitlog_finish(struct tg_gitlog_parser *p);
void tg_gitlog_release(struct tg_gitlog_parser *p);

/*
 * Runs `git -C repo ARGS...` (argv NULL-terminated, after "git -C repo") and
 * streams its stdout into the parser. A non-zero exit of git
 * is TG_ERR_RUN with git's first error line in the message.
 */
int tg_gitlog_run(const char *repo, const char *const *args, struct tg_gitlog_parser *p);

/*
 * Runs a short git command and captures its stdout (trailing newline
 * trimmed) into out; returns git's exit status (>= 0) or TG_ERR_RUN if git
 * could not be started.
 */
struct tg_buf;
int tg_git_capture(const char *repo, const char *const *args, struct tg_buf *out);
/* The same with its stderr into err (whitespace trimmed at the end). */
int tg_git_capture_err(const char *repo, const char *const *args, struct tg_buf *out,
                       struct tg_buf *err);

/*
 * The header of one object in `git cat-file --batch` or `--batch-check`
 * output, "<oid> <type> <size>" (then a newline, or the string's end): the
 * type into type and the size into *size. TG_ERR_NOTFOUND for "<name>
 * missing" and other answers that name no object; TG_ERR_INPUT for a type
 * of more than 15 characters or a size that is not decimal digits or is
 * above max.
 */
int tg_git_batch_header(const char *line, char type[16], uint64_t max, uint64_t *size);
/*
 * One line of `git rev-list --objects` (without its newline): the path of a
 * tree or blob, after cutting line at the end of its 40-digit id; NULL, line
 * unchanged, for a commit (an id alone) and for the root tree (an empty path).
 */
const char *tg_git_rev_object(char *line);

#endif
