#include "ingest/location_int.h"

#include "util/alloc.h"
#include "util/error.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int tg_ingest_path_normalize(char *p)
{
	int abs = p[0] == '/';
	size_t n = strlen(p), out = 0;
	char *src = tg_strndup(p, n), *in = src;
	int rc = 0;

	/* out never passes in: each component is copied left of where it was read. */
	if (abs)
		p[out++] = '/';
	while (*in) {
		char *end = strchr(in, '/');
		size_t len = end ? (size_t)(end - in) : strlen(in);

		if (len == 0 || (len == 1 && in[0] == '.')) {
			/* nothing */
		} else if (len == 2 && in[0] == '.' && in[1] == '.') {
			if (out == (size_t)abs) {
				if (!abs) {
					rc = -1;
					break;
				}
			} else {
				out--; /* the '/' after the last component */
				while (out > (size_t)abs && p[out - 1] != '/')
					out--;
			}
		} else {
			memcpy(p + out, in, len);
			out += len;
			p[out++] = '/';
		}
		in += len;
		if (*in == '/')
			in++;
	}
	if (out > (size_t)abs)
		out--; /* the trailing '/' */
	p[out] = '\0';
	free(src);
	return rc;
}

int tg_ingest_root_init(struct tg_ingest_root *r, const char *repo_root)
{
	struct tg_buf b = TG_BUF_INIT;
	char *real;

	if (repo_root[0] != '/') {
		char cwd[PATH_MAX];
		if (!getcwd(cwd, sizeof(cwd)))
			return tg_error_set(TG_ERR_RUN, "getcwd: %s", strerror(errno));
		tg_buf_addf(&b, "%s/", cwd);
	}
	tg_buf_adds(&b, repo_root);
	tg_ingest_path_normalize(b.buf);
	tg_buf_setlen(&b, strlen(b.buf));
	r->lexical = tg_buf_detach(&b, NULL);
	real = realpath(r->lexical, NULL);
	r->real = real ? real : tg_strdup(r->lexical);
	return TG_OK;
}

void tg_ingest_root_release(struct tg_ingest_root *r)
{
	free(r->lexical);
	free(r->real);
	r->lexical = r->real = NULL;
}

static const char *under(const char *root, const char *path)
{
	size_t n = strlen(root);

	if (n == 1 && root[0] == '/')
		return path + 1;
	if (strncmp(path, root, n) || path[n] != '/')
		return NULL;
	return path + n + 1;
}

int tg_ingest_relative(const struct tg_ingest_root *r, const char *path, struct tg_buf *out)
{
	char *p = tg_strdup(path);
	const char *rel = p;
	int ret = 1;

	tg_buf_reset(out);
	if (tg_ingest_path_normalize(p) < 0)
		goto done;
	if (p[0] == '/') {
		rel = under(r->lexical, p);
		if (!rel)
			rel = under(r->real, p);
		if (!rel)
			goto done;
	}
	if (!*rel)
		goto done;
	tg_buf_adds(out, rel);
	ret = 0;
done:
	free(p);
	return ret;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static void percent_decode(struct tg_buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int hi, lo;
		if (s[i] == '%' && i + 2 < n && (hi = hexval((unsigned char)s[i + 1])) >= 0 &&
		    (lo = hexval((unsigned char)s[i + 2])) >= 0) {
			tg_buf_addch(out, hi * 16 + lo);
			i += 2;
		} else {
			tg_buf_addch(out, s[i]);
		}
	}
}

/* The length of an RFC 3986 scheme and its ':' at the start of s, or 0. */
static size_t scheme_len(const char *s)
{
	size_t i = 0;

	if (!isalpha((unsigned char)s[0]))
		return 0;
	while (isalnum((unsigned char)s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')
		i++;
	return s[i] == ':' ? i + 1 : 0;
}

int tg_ingest_uri_path(const char *uri, struct tg_buf *out)
{
	size_t sl = scheme_len(uri);
	const char *p = uri;
	char *q;

	tg_buf_reset(out);
	if (sl) {
		if (sl != 5 || strncasecmp(uri, "file:", 5))
			return -1;
		p = uri + 5;
		if (p[0] == '/' && p[1] == '/') {
			const char *host = p + 2, *slash = strchr(host, '/');
			size_t hl = slash ? (size_t)(slash - host) : strlen(host);
			if (hl && !(hl == 9 && !strncasecmp(host, "localhost", 9)))
				return -1;
			p = host + hl;
		}
		if (p[0] != '/')
			return -1;
	}
	/* Query and fragment are not part of a file path. */
	q = strpbrk(p, "?#");
	percent_decode(out, p, q ? (size_t)(q - p) : strlen(p));
	if (memchr(out->buf, '\0', out->len))
		return -1;
	return out->buf[0] == '/' ? 1 : 0;
}
