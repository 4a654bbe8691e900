/*
 * tg_http_send (http/request.h): one request, its answer bounded in size and
 * time. Headers are never copied into a message or a log line: they hold
 * the Authorization a caller put there.
 */
#include "http/request.h"

#include "http/curl.h"

#include "util/error.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct sink {
	struct tg_http_answer *a;
	size_t max;
};

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
	struct sink *s = arg;
	size_t len = size * n;

	if (s->a->body.len + len > s->max) {
		s->a->too_large = 1;
		return 0; /* curl ends the transfer with CURLE_WRITE_ERROR */
	}
	tg_buf_add(&s->a->body, p, len);
	return len;
}

/* Retry-After: seconds, or an HTTP date. */
static long retry_after(const struct tg_curl *cu, const char *v)
{
	time_t t;

	if (*v >= '0' && *v <= '9')
		return strtol(v, NULL, 10);
	t = cu->getdate(v, NULL);
	return t < 0 ? -1 : (long)(t > time(NULL) ? t - time(NULL) : 0);
}

static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
	struct sink *s = arg;
	size_t len = size * n;
	char line[128];

	if (len > 12 && len < sizeof(line) && !strncasecmp(p, "retry-after:", 12)) {
		memcpy(line, p + 12, len - 12);
		line[len - 12] = 0;
		s->a->retry_after = retry_after(tg_curl(), line + strspn(line, " \t"));
	}
	return len;
}

void tg_http_answer_init(struct tg_http_answer *a)
{
	memset(a, 0, sizeof(*a));
	a->retry_after = -1;
	tg_buf_init(&a->body, 0);
}

void tg_http_answer_release(struct tg_http_answer *a)
{
	tg_buf_release(&a->body);
	tg_http_answer_init(a);
}

int tg_http_send(const struct tg_http_request *rq, struct tg_http_answer *a)
{
	const struct tg_curl *cu = tg_curl();
	struct sink s = {a, rq->max_answer ? rq->max_answer : (size_t)16 << 20};
	struct curl_slist *h = NULL;
	CURL *c;
	CURLcode rc;

	a->status = 0;
	a->retry_after = -1;
	a->too_large = a->timed_out = 0;
	tg_buf_reset(&a->body);
	if (!cu)
		return tg_error_prefix(TG_ERR_RUN, "%s %s", rq->method, rq->url);
	if (!(c = cu->easy_init()))
		return tg_error_set(TG_ERR_RUN, "%s %s: cannot initialise libcurl", rq->method,
		                    rq->url);
	for (const char *const *p = rq->headers; p && *p; p++)
		h = cu->slist_append(h, *p);
	cu->easy_setopt(c, CURLOPT_URL, rq->url);
	cu->easy_setopt(c, CURLOPT_HTTPHEADER, h);
	cu->easy_setopt(c, CURLOPT_USERAGENT, "terragon");
	cu->easy_setopt(c, CURLOPT_CUSTOMREQUEST, rq->method);
	if (rq->body)
		cu->easy_setopt(c, CURLOPT_POSTFIELDS, rq->body);
	cu->easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	cu->easy_setopt(c, CURLOPT_WRITEDATA, &s);
	cu->easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	cu->easy_setopt(c, CURLOPT_HEADERDATA, &s);
	cu->easy_setopt(c, CURLOPT_TIMEOUT, rq->timeout_s > 0 ? rq->timeout_s : 60L);
	cu->easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	/* A redirect would carry the Authorization header to wherever it points. */
	cu->easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	rc = cu->easy_perform(c);
	if (rc == CURLE_OK) {
		cu->easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a->status);
	} else if (a->too_large) {
		tg_error_set(TG_ERR_RUN, "%s %s: the answer is larger than %zu bytes", rq->method,
		             rq->url, s.max);
	} else {
		a->timed_out = rc == CURLE_OPERATION_TIMEDOUT;
		tg_error_set(TG_ERR_RUN, "%s %s: %s%s", rq->method, rq->url, cu->easy_strerror(rc),
		             a->timed_out ? " (past the timeout)" : "");
	}
	cu->slist_free_all(h);
	cu->easy_cleanup(c);
	return rc == CURLE_OK ? TG_OK : TG_ERR_RUN;
}
