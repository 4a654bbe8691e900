#ifndef TG_BUF_H
#define TG_BUF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * A growable, always NUL-terminated byte string; the one way terragon builds
 * text. Initialise with TG_BUF_INIT; an initialised empty buffer points at a
 * static "" so readers never check for NULL. Allocation failure aborts (as
 * git's xmalloc does): there is nothing useful to do after it.
 */
struct tg_buf {
	char *buf;
	size_t len;
	size_t alloc;
};

extern char tg_buf_empty[];
#define TG_BUF_INIT                                                                                \
	{                                                                                          \
		tg_buf_empty, 0, 0                                                                 \
	}

void tg_buf_init(struct tg_buf *b, size_t hint);
void tg_buf_release(struct tg_buf *b);
/* Hands the string to the caller (who frees it) and resets the buffer. */
char *tg_buf_detach(struct tg_buf *b, size_t *len);
void tg_buf_grow(struct tg_buf *b, size_t extra);
void tg_buf_reset(struct tg_buf *b);
void tg_buf_setlen(struct tg_buf *b, size_t len);

void tg_buf_add(struct tg_buf *b, const void *data, size_t len);
void tg_buf_adds(struct tg_buf *b, const char *s);
void tg_buf_addch(struct tg_buf *b, int c);
void tg_buf_addf(struct tg_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tg_buf_vaddf(struct tg_buf *b, const char *fmt, va_list ap);
/* Appends s as a JSON string literal, quotes included, always valid UTF-8: a
 * byte that is not UTF-8 becomes "\udcXY" (0xXY, as Python's surrogateescape
 * reads it), which tg_json_loadb (util/json.h) turns back into the byte. */
void tg_buf_add_json(struct tg_buf *b, const char *s, size_t len);
void tg_buf_add_jsons(struct tg_buf *b, const char *s);
/* Appends a JSON number: integers plainly, others with at most 3 decimals, no NaN. */
void tg_buf_add_jsonnum(struct tg_buf *b, double v);
/* Appends s quoted for CSV (RFC 4180) when it needs quoting. */
void tg_buf_add_csv(struct tg_buf *b, const char *s);
/*
 * Appends s for a terminal: every control character (C0, DEL, C1, the
 * bidirectional overrides) and every byte that is not UTF-8 is shown escaped,
 * "\n", "\t", "\r" or "\x1b", so repository content (a path, an author, a
 * title) can neither move the cursor nor retitle the window. Text printers in
 * src/cmd/ and log lines use it for every string they did not write themselves.
 */
void tg_buf_add_printable(struct tg_buf *b, const char *s, size_t len);
void tg_buf_add_printables(struct tg_buf *b, const char *s); /* s may be NULL */
/* The same for a whole text made of lines (a table a module formatted): keeps
 * newlines and tabs, escapes every other control. */
void tg_buf_add_printable_text(struct tg_buf *b, const char *s, size_t len);
/* The same, then spaces up to width bytes: a left-aligned table cell ("%-*s"). */
void tg_buf_add_printable_cell(struct tg_buf *b, const char *s, size_t width);
void tg_buf_trim(struct tg_buf *b);

/* Reads a whole file; TG_ERR_* with a message naming the path on failure. */
int tg_buf_read_file(struct tg_buf *b, const char *path);
/* Writes atomically: a temporary beside path, fsync, then rename. */
int tg_buf_write_file(const struct tg_buf *b, const char *path);
/* Appends what fd holds up to its end; name is the file for the message. */
int tg_buf_read_fd(struct tg_buf *b, int fd, const char *name);
/* Writes all of b to fd and fsyncs it; name is the file for the message. */
int tg_buf_write_fd(const struct tg_buf *b, int fd, const char *name);

#endif
