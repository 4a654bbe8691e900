/*
 * The two ways the Prometheus documentation gives a batch job to hand its
 * metrics over: node_exporter's textfile collector (a file replaced
 * atomically) and the Pushgateway (an HTTP PUT of the job's group, through
 * the one libcurl loader).
 */
#include "observe/observe.h"

#include "http/curl.h"
#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int tg_observe_textfile(const char *dir, const struct tg_buf *text)
{
	struct tg_buf tmp = TG_BUF_INIT, dst = TG_BUF_INIT;
	struct stat st;
	int fd, rc = TG_OK;

	if (stat(dir, &st))
		return tg_error_set(TG_ERR_RUN, "textfile directory %s: %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return tg_error_set(TG_ERR_RUN, "textfile directory %s: %s", dir,
		                    strerror(ENOTDIR));
	/* node_exporter reads *.prom only: the temporary name is not one */
	tg_buf_addf(&tmp, "%s/.terragon.prom.XXXXXX", dir);
	tg_buf_addf(&dst, "%s/terragon.prom", dir);
	if ((fd = mkstemp(tmp.buf)) < 0) {
		rc = tg_error_set(TG_ERR_RUN, "textfile directory %s: %s", dir, strerror(errno));
		goto out;
	}
	if (tg_buf_write_fd(text, fd, tmp.buf) || fchmod(fd, 0644) || fsync(fd)) {
		rc = tg_error_set(TG_ERR_RUN, "writing %s: %s", tmp.buf, strerror(errno));
		close(fd);
		unlink(tmp.buf);
		goto out;
	}
	close(fd);
	if (rename(tmp.buf, dst.buf)) {
		rc = tg_error_set(TG_ERR_RUN, "writing %s: %s", dst.buf, strerror(errno));
		unlink(tmp.buf);
	}
out:
	tg_buf_release(&tmp);
	tg_buf_release(&dst);
	return rc;
}

static int plain(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' || *s == '.'))
			return 0;
	return 1;
}

static void base64url(struct tg_buf *out, const char *s)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i;

	for (i = 0; i + 2 < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];
		tg_buf_addf(out, "%c%c%c%c", a[v >> 18], a[(v >> 12) & 63], a[(v >> 6) & 63],
		            a[v & 63]);
	}
	if (n - i == 1)
		tg_buf_addf(out, "%c%c==", a[p[i] >> 2], a[(p[i] & 3) << 4]);
	else if (n - i == 2)
		tg_buf_addf(out, "%c%c%c=", a[p[i] >> 2], a[(p[i] & 3) << 4 | p[i + 1] >> 4],
		            a[(p[i + 1] & 15) << 2]);
}

void tg_observe_push_url(struct tg_buf *out, const char *url, const char *instance)
{
	size_t n = strlen(url);

	while (n && url[n - 1] == '/')
		n--;
	tg_buf_add(out, url, n);
	tg_buf_adds(out, "/metrics/job/terragon/instance");
	if (plain(instance)) {
		tg_buf_addf(out, "/%s", instance);
	} else {
		/* the Pushgateway's form for a value with '/' or other bytes (and "": "=") */
		tg_buf_adds(out, "@base64/");
		if (*instance)
			base64url(out, instance);
		else
			tg_buf_addch(out, '=');
	}
}

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
	struct tg_buf *b = arg;

	if (b->len < 512)
		tg_buf_add(b, data, size * n);
	return size * n;
}

int tg_observe_push(const char *url, const char *instance, const struct tg_buf *text, long *status)
{
	const struct tg_curl *cu = tg_curl();
	struct tg_buf where = TG_BUF_INIT, body = TG_BUF_INIT;
	struct curl_slist *hdr = NULL;
	CURLcode cc;
	CURL *c;
	int rc = TG_OK;

	*status = 0;
	if (!cu)
		return TG_ERR_RUN;
	if (!(c = cu->easy_init()))
		return tg_error_set(TG_ERR_RUN, "push to %s: libcurl could not start", url);
	tg_observe_push_url(&where, url, instance);
	hdr = cu->slist_append(hdr, "Content-Type: text/plain; version=0.0.4; charset=utf-8");
	cu->easy_setopt(c, CURLOPT_URL, where.buf);
	cu->easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	cu->easy_setopt(c, CURLOPT_USERAGENT, "terragon");
	cu->easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	cu->easy_setopt(c, CURLOPT_CUSTOMREQUEST, "PUT");
	cu->easy_setopt(c, CURLOPT_POSTFIELDS, text->buf);
	cu->easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)text->len);
	cu->easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	cu->easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	cu->easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	cu->easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	cu->easy_setopt(c, CURLOPT_WRITEDATA, &body);
	if ((cc = cu->easy_perform(c)) != CURLE_OK) {
		rc = tg_error_set(TG_ERR_RUN, "push to %s: %s", where.buf, cu->easy_strerror(cc));
	} else {
		cu->easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
		if (*status < 200 || *status > 299) {
			tg_buf_trim(&body);
			body.len = strcspn(body.buf, "\n");
			body.buf[body.len] = 0;
			rc = tg_error_set(TG_ERR_RUN, "push to %s: HTTP %ld%s%s", where.buf,
			                  *status, body.len ? ": " : "", body.buf);
		}
	}
	cu->slist_free_all(hdr);
	cu->easy_cleanup(c);
	tg_buf_release(&where);
	tg_buf_release(&body);
	return rc;
}
