/*
 * The review's request and its cache (review.h: tg_review_send,
 * tg_review_cache_*). The key goes from the environment into the
 * Authorization header and nowhere else: errors name the URL and the
 * status, and the cache keeps the answer, which never holds it.
 */
#include "review/review.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config/config.h"
#include "http/request.h"
#include "util/beneath.h"
#include "util/error.h"
#include "util/log.h"
#include "util/sha256.h"

#define MAX_WAIT_S 60
#define CACHE_DIR  ".terragon/review"

static void pause_s(long s)
{
	struct timespec ts = {s, 0};

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/*
 * The endpoint knows the key: an answer that quotes it back (an error page
 * echoing the request, a hostile model) must not carry it into a message, an
 * item, the cache or the store. Every copy is replaced before anything reads
 * the answer.
 */
static void scrub_key(struct tg_buf *b, const char *key)
{
	static const char mark[] = "[redacted: the API key]";
	size_t n = strlen(key);
	struct tg_buf out = TG_BUF_INIT;
	const char *p = b->buf, *end = b->buf + b->len, *hit;

	if (n < 4 || !memmem(b->buf, b->len, key, n))
		return;
	while ((hit = memmem(p, (size_t)(end - p), key, n))) {
		tg_buf_add(&out, p, (size_t)(hit - p));
		tg_buf_adds(&out, mark);
		p = hit + n;
	}
	tg_buf_add(&out, p, (size_t)(end - p));
	tg_buf_reset(b);
	tg_buf_add(b, out.buf, out.len);
	tg_buf_release(&out);
}

static int retryable(const struct tg_http_answer *a)
{
	return a->status == 429 || a->status >= 500 || (!a->status && !a->too_large);
}

/* The first line of an error answer, for the message: short, printable. */
static void answer_excerpt(struct tg_buf *b, const struct tg_buf *body)
{
	size_t n = strcspn(body->buf, "\r\n");

	tg_buf_add_printable(b, body->buf, n < 200 ? n : 200);
}

int tg_review_send(const struct tg_config *cfg, const char *body, struct tg_buf *answer,
                   struct tg_review_stats *st)
{
	const char *key = getenv(cfg->review.api_key_env);
	struct tg_buf url = TG_BUF_INIT, auth = TG_BUF_INIT, why = TG_BUF_INIT;
	const char *headers[] = {NULL, "Content-Type: application/json", "Accept: application/json",
	                         NULL};
	struct tg_http_request rq = {
	        "POST", NULL, headers, body, cfg->review.timeout_s, TG_REVIEW_MAX_ANSWER};
	struct tg_http_answer a;
	int rc = TG_OK;

	if (!key || !*key)
		return tg_error_set(TG_ERR_USAGE,
		                    "review: the API key is read from the environment variable %s "
		                    "(review.api_key_env), which is not set",
		                    cfg->review.api_key_env);
	tg_buf_adds(&url, cfg->review.base_url);
	while (url.len && url.buf[url.len - 1] == '/')
		tg_buf_setlen(&url, url.len - 1);
	tg_buf_adds(&url, "/chat/completions");
	tg_buf_addf(&auth, "Authorization: Bearer %s", key);
	headers[0] = auth.buf;
	rq.url = url.buf;
	tg_http_answer_init(&a);
	for (st->attempts = 1;; st->attempts++) {
		long wait;
		rc = tg_http_send(&rq, &a);
		scrub_key(&a.body, key);
		if (!rc && a.status >= 200 && a.status < 300)
			break;
		if (!rc) {
			tg_buf_reset(&why);
			answer_excerpt(&why, &a.body);
			rc = tg_error_set(TG_ERR_RUN, "POST %s: HTTP %ld: %s", url.buf, a.status,
			                  why.buf);
		}
		if (!retryable(&a) || a.timed_out || st->attempts > cfg->review.retries)
			break;
		wait = a.retry_after >= 0 ? a.retry_after : 1L << (st->attempts - 1);
		if (wait > MAX_WAIT_S)
			break;
		tg_note("review: %s; trying again in %ld s", tg_error_message(), wait);
		pause_s(wait);
	}
	if (!rc)
		tg_buf_add(answer, a.body.buf, a.body.len);
	tg_http_answer_release(&a);
	/* the key's copy is overwritten before the buffer goes back to the allocator */
	memset(auth.buf, 0, auth.len);
	tg_buf_release(&auth);
	tg_buf_release(&url);
	tg_buf_release(&why);
	return rc;
}

int tg_review_cache_key(const struct tg_config *cfg, const char *body, char key[65])
{
	struct tg_buf b = TG_BUF_INIT;
	int rc;

	/* the endpoint and model, each ended by a NUL, then the request */
	tg_buf_add(&b, cfg->review.base_url, strlen(cfg->review.base_url) + 1);
	tg_buf_add(&b, cfg->review.model, strlen(cfg->review.model) + 1);
	tg_buf_adds(&b, body);
	rc = tg_sha256_hex(b.buf, b.len, key);
	tg_buf_release(&b);
	return rc;
}

static void cache_path(struct tg_buf *p, const char *key)
{
	tg_buf_addf(p, "%s/%s.json", CACHE_DIR, key);
}

int tg_review_cache_get(const char *root, const char *key, struct tg_buf *answer)
{
	struct tg_buf p = TG_BUF_INIT;
	int rc;

	cache_path(&p, key);
	rc = tg_beneath_read_file(answer, root, p.buf);
	if (rc == TG_ERR_NOTFOUND)
		tg_error_clear();
	tg_buf_release(&p);
	return rc;
}

int tg_review_cache_put(const char *root, const char *key, const struct tg_buf *answer)
{
	struct tg_buf p = TG_BUF_INIT;
	int rc = tg_beneath_mkdir(root, CACHE_DIR, 0755);

	cache_path(&p, key);
	if (!rc)
		rc = tg_beneath_write_file(answer, root, p.buf);
	tg_buf_release(&p);
	return rc;
}

int tg_review_last_put(const char *root, const char *key)
{
	struct tg_buf b = TG_BUF_INIT;
	int rc = tg_beneath_mkdir(root, CACHE_DIR, 0755);

	tg_buf_addf(&b, "%s\n", key);
	if (!rc)
		rc = tg_beneath_write_file(&b, root, CACHE_DIR "/last");
	tg_buf_release(&b);
	return rc;
}

int tg_review_last_items(const struct tg_config *cfg, const char *root, struct tg_backlog *out,
                         struct tg_review_stats *st)
{
	struct tg_buf key = TG_BUF_INIT, answer = TG_BUF_INIT;
	int rc = tg_beneath_read_file(&key, root, CACHE_DIR "/last");

	tg_buf_trim(&key);
	if (!rc && (key.len != 64 || strspn(key.buf, "0123456789abcdef") != 64))
		rc = tg_error_set(TG_ERR_INPUT, "%s/last: not an answer's name", CACHE_DIR);
	if (!rc)
		rc = tg_review_cache_get(root, key.buf, &answer);
	if (!rc)
		rc = tg_review_parse(answer.buf, answer.len, root, cfg->review.model, out, st);
	if (rc && rc != TG_ERR_NOTFOUND)
		tg_error_prefix(rc, "%s/%s.json", CACHE_DIR, key.buf);
	tg_buf_release(&key);
	tg_buf_release(&answer);
	return rc;
}
