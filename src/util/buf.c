#include "util/buf.h"

#include "util/alloc.h"
#include "util/error.h"
#include "util/utf8.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char tg_buf_empty[1];

void tg_buf_init(struct tg_buf *b, size_t hint)
{
	b->buf = tg_buf_empty;
	b->len = b->alloc = 0;
	if (hint)
		tg_buf_grow(b, hint);
}

void tg_buf_release(struct tg_buf *b)
{
	if (b->alloc)
		free(b->buf);
	tg_buf_init(b, 0);
}

char *tg_buf_detach(struct tg_buf *b, size_t *len)
{
	char *s;

	if (!b->alloc)
		tg_buf_grow(b, 0);
	s = b->buf;
	if (len)
		*len = b->len;
	tg_buf_init(b, 0);
	return s;
}

void tg_buf_grow(struct tg_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need <= b->alloc)
		return;
	if (!b->alloc)
		b->buf = NULL;
	if (need < b->alloc * 3 / 2)
		need = b->alloc * 3 / 2;
	if (need < 64)
		need = 64;
	b->buf = tg_realloc(b->buf, need);
	b->alloc = need;
	b->buf[b->len] = '\0';
}

void tg_buf_reset(struct tg_buf *b)
{
	tg_buf_setlen(b, 0);
}

void tg_buf_setlen(struct tg_buf *b, size_t len)
{
	if (!b->alloc)
		return;
	b->len = len;
	b->buf[len] = '\0';
}

void tg_buf_add(struct tg_buf *b, const void *data, size_t len)
{
	tg_buf_grow(b, len);
	if (len) /* data may be NULL then, which memcpy does not allow */
		memcpy(b->buf + b->len, data, len);
	b->len += len;
	b->buf[b->len] = '\0';
}

void tg_buf_adds(struct tg_buf *b, const char *s)
{
	tg_buf_add(b, s, strlen(s));
}

void tg_buf_addch(struct tg_buf *b, int c)
{
	tg_buf_grow(b, 1);
	b->buf[b->len++] = (char)c;
	b->buf[b->len] = '\0';
}

void tg_buf_vaddf(struct tg_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	tg_buf_grow(b, 64);
	va_copy(cp, ap);
	n = vsnprintf(b->buf + b->len, b->alloc - b->len, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n >= b->alloc - b->len) {
		tg_buf_grow(b, (size_t)n);
		n = vsnprintf(b->buf + b->len, b->alloc - b->len, fmt, ap);
	}
	b->len += (size_t)n;
}

void tg_buf_addf(struct tg_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tg_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void tg_buf_add_json(struct tg_buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, n;

	tg_buf_grow(b, len + 2);
	tg_buf_addch(b, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"':
			tg_buf_add(b, "\\\"", 2);
			break;
		case '\\':
			tg_buf_add(b, "\\\\", 2);
			break;
		case '\n':
			tg_buf_add(b, "\\n", 2);
			break;
		case '\r':
			tg_buf_add(b, "\\r", 2);
			break;
		case '\t':
			tg_buf_add(b, "\\t", 2);
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
				tg_buf_add(b, esc, 6);
			} else if (c < 0x80) {
				tg_buf_addch(b, c);
			} else if ((n = tg_utf8_seq(s + i, len - i))) {
				tg_buf_add(b, s + i, n);
				i += n - 1;
			} else { /* not UTF-8: the byte, losslessly, as Python's surrogateescape */
				char esc[6] = {'\\', 'u', 'd', 'c', hex[c >> 4], hex[c & 15]};
				tg_buf_add(b, esc, 6);
			}
		}
	}
	tg_buf_addch(b, '"');
}

void tg_buf_add_jsons(struct tg_buf *b, const char *s)
{
	if (!s) {
		tg_buf_adds(b, "null");
		return;
	}
	tg_buf_add_json(b, s, strlen(s));
}

void tg_buf_add_jsonnum(struct tg_buf *b, double v)
{
	size_t start;

	if (v != v || v > 1e300 || v < -1e300) {
		tg_buf_adds(b, "null");
		return;
	}
	if (v == (double)(long long)v && v < 9e15 && v > -9e15) {
		tg_buf_addf(b, "%lld", (long long)v);
		return;
	}
	start = b->len;
	tg_buf_addf(b, "%.3f", v);
	/* Trailing zeros carry no information and make diffs noisy. */
	while (b->len > start && b->buf[b->len - 1] == '0')
		b->len--;
	if (b->buf[b->len - 1] == '.')
		b->len--;
	b->buf[b->len] = '\0';
}

void tg_buf_add_csv(struct tg_buf *b, const char *s)
{
	const char *p;

	if (!strpbrk(s, ",\"\r\n")) {
		tg_buf_adds(b, s);
		return;
	}
	tg_buf_addch(b, '"');
	for (p = s; *p; p++) {
		if (*p == '"')
			tg_buf_addch(b, '"');
		tg_buf_addch(b, *p);
	}
	tg_buf_addch(b, '"');
}

/* Code points a terminal acts on: C0, DEL, C1, and the bidirectional overrides. */
static int control(unsigned cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

static void add_printable(struct tg_buf *b, const char *s, size_t len, int keep_lines)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	tg_buf_grow(b, len);
	while (i < len) {
		unsigned cp = 0;
		size_t k = tg_utf8_decode(s + i, len - i, &cp), j;
		if ((k && !control(cp)) || (keep_lines && (cp == '\n' || cp == '\t'))) {
			tg_buf_add(b, p + i, k);
		} else if (k == 1 && (cp == '\n' || cp == '\r' || cp == '\t')) {
			tg_buf_addch(b, '\\');
			tg_buf_addch(b, cp == '\n' ? 'n' : cp == '\r' ? 'r' : 't');
		} else {
			/* Each byte as \xNN: a control or a byte that is not UTF-8. */
			for (j = 0; j < (k ? k : 1); j++)
				tg_buf_addf(b, "\\x%02x", p[i + j]);
		}
		i += k ? k : 1;
	}
}

void tg_buf_add_printable(struct tg_buf *b, const char *s, size_t len)
{
	add_printable(b, s, len, 0);
}

void tg_buf_add_printable_text(struct tg_buf *b, const char *s, size_t len)
{
	add_printable(b, s, len, 1);
}

void tg_buf_add_printables(struct tg_buf *b, const char *s)
{
	tg_buf_add_printable(b, s ? s : "", s ? strlen(s) : 0);
}

void tg_buf_add_printable_cell(struct tg_buf *b, const char *s, size_t width)
{
	size_t at = b->len;

	tg_buf_add_printables(b, s);
	while (b->len - at < width)
		tg_buf_addch(b, ' ');
}

void tg_buf_trim(struct tg_buf *b)
{
	size_t start = 0;

	while (b->len && strchr(" \t\r\n", b->buf[b->len - 1]))
		b->len--;
	while (start < b->len && strchr(" \t\r\n", b->buf[start]))
		start++;
	if (start)
		memmove(b->buf, b->buf + start, b->len - start);
	tg_buf_setlen(b, b->len - start);
}

int tg_buf_read_fd(struct tg_buf *b, int fd, const char *name)
{
	for (;;) {
		ssize_t n;
		tg_buf_grow(b, 65536);
		n = read(fd, b->buf + b->len, b->alloc - b->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return tg_error_set(TG_ERR_RUN, "%s: %s", name, strerror(errno));
		if (n == 0)
			break;
		b->len += (size_t)n;
	}
	b->buf[b->len] = '\0';
	return TG_OK;
}

int tg_buf_read_file(struct tg_buf *b, const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return tg_error_set(errno == ENOENT ? TG_ERR_NOTFOUND : TG_ERR_RUN, "%s: %s", path,
		                    strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return tg_error_set(TG_ERR_INPUT, "%s: is a directory, expected a file", path);
	}
	rc = tg_buf_read_fd(b, fd, path);
	close(fd);
	return rc;
}

int tg_buf_write_fd(const struct tg_buf *b, int fd, const char *name)
{
	size_t off = 0;

	while (off < b->len) {
		ssize_t n = write(fd, b->buf + off, b->len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return tg_error_set(TG_ERR_RUN, "%s: %s", name, strerror(errno));
		off += (size_t)n;
	}
	if (fsync(fd))
		return tg_error_set(TG_ERR_RUN, "%s: %s", name, strerror(errno));
	return TG_OK;
}

int tg_buf_write_file(const struct tg_buf *b, const char *path)
{
	struct tg_buf tmp = TG_BUF_INIT;
	int fd, rc;

	tg_buf_addf(&tmp, "%s.tmp.%ld", path, (long)getpid());
	fd = open(tmp.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		tg_error_set(TG_ERR_RUN, "%s: %s", path, strerror(errno));
		tg_buf_release(&tmp);
		return TG_ERR_RUN;
	}
	rc = tg_buf_write_fd(b, fd, path);
	if (close(fd) < 0 && !rc)
		rc = tg_error_set(TG_ERR_RUN, "%s: %s", path, strerror(errno));
	if (!rc && rename(tmp.buf, path) < 0)
		rc = tg_error_set(TG_ERR_RUN, "%s: %s", path, strerror(errno));
	if (rc)
		unlink(tmp.buf);
	tg_buf_release(&tmp);
	return rc;
}
