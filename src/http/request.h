#ifndef TG_HTTP_REQUEST_H
#define TG_HTTP_REQUEST_H

/*
 * One HTTP request through the shared libcurl (http/curl.h), for clients that
 * need no more than a method, headers, a body and a bounded answer: the LLM
 * review's chat completions. Retrying is the caller's decision: the status
 * and the server's Retry-After come back for it to weigh.
 */

#include <stddef.h>

#include "util/buf.h"

struct tg_http_request {
	const char *method; /* "POST", "GET"... */
	const char *url;
	const char *const *headers; /* "Name: value", NULL-terminated; may be NULL */
	const char *body;           /* NULL: none */
	long timeout_s;             /* the whole request, connection included */
	size_t max_answer;          /* bytes of body at most; more ends the request */
};

struct tg_http_answer {
	long status;      /* 0 when no answer came */
	long retry_after; /* seconds the server asked to wait; -1 when it did not say */
	struct tg_buf body;
	int too_large; /* the body passed max_answer: what came is kept, cut there */
	int timed_out;
};

void tg_http_answer_init(struct tg_http_answer *a);
void tg_http_answer_release(struct tg_http_answer *a);

/*
 * Makes the request. TG_OK when an answer of any status came (a->status
 * says which); TG_ERR_RUN with "METHOD URL: reason" when none did (no
 * connection, a timeout: a->timed_out, an answer over max_answer:
 * a->too_large). The message names the URL, never a header: headers carry
 * the credentials.
 */
int tg_http_send(const struct tg_http_request *rq, struct tg_http_answer *a);

#endif
