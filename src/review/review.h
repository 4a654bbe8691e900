#ifndef TG_REVIEW_H
#define TG_REVIEW_H

/*
 * The optional LLM architecture review (`terragon review`, README: "LLM
 * architecture review"): the backlog's top hotspots and architecture
 * findings, with bounded excerpts of their code, the module graph around
 * them and their metrics, sent to an OpenAI-compatible chat-completions
 * endpoint; the answer, asked for and checked as JSON against a schema,
 * becomes architecture items with source "llm".
 *
 * Repository content is data: it goes in one delimited block that the
 * system message calls untrusted, redacted of secrets (util/redact.h)
 * first. Nothing in an answer is ever executed: it is parsed as JSON and
 * only its strings are kept, as item text. The API key is read from the
 * environment variable review.api_key_env names, put in the Authorization
 * header and nowhere else: not in a message, a log line, the cache or the
 * store.
 */

#include <stddef.h>

#include "util/buf.h"

struct tg_config;
struct tg_backlog;
struct tg_arch_graph;

/* An answer's body, at most: a bigger one ends the request. */
#define TG_REVIEW_MAX_ANSWER ((size_t)1 << 20)

struct tg_review_stats {
	size_t items_in;     /* findings of the backlog the prompt holds */
	size_t prompt_bytes; /* the user message's bytes */
	size_t redacted;     /* secrets redacted from the prompt */
	size_t findings;     /* in the answer */
	size_t kept;         /* became items */
	size_t invalid;      /* dropped: not as the schema says */
	size_t outside;      /* dropped: a path outside the repository, or no such file */
	long prompt_tokens;  /* as the answer's usage says; -1 when it does not */
	long answer_tokens;
	int attempts; /* requests made (0: from the cache) */
	int cached;   /* the answer came from the cache */
};

/* Whether the configuration asks for a review: base_url and model both set. */
int tg_review_configured(const struct tg_config *cfg);

/*
 * The chat-completions request's body (JSON) for the top `top` items of b
 * (already scored and sorted) whose category is hotspot, architecture or
 * complexity, with excerpts read beneath root and the file graph's
 * neighbours (files may be NULL). The user message is cut to
 * review.max_prompt_bytes and to what review.max_tokens_per_run leaves once
 * the answer's max_answer_tokens are set aside (4 bytes a token);
 * TG_ERR_USAGE when that leaves nothing.
 */
int tg_review_prompt(struct tg_buf *body, const struct tg_config *cfg, const char *root,
                     const struct tg_backlog *b, size_t top, const struct tg_arch_graph *files,
                     struct tg_review_stats *st);

/*
 * Posts body to <review.base_url>/chat/completions with the key from the
 * environment, retrying 429 and 5xx with backoff (Retry-After when the
 * server gives one, at most 60 s) up to review.retries times. TG_ERR_USAGE
 * when the variable is unset; TG_ERR_RUN when no good answer came, the
 * message naming the URL and status, never the key.
 */
int tg_review_send(const struct tg_config *cfg, const char *body, struct tg_buf *answer,
                   struct tg_review_stats *st);

/*
 * The answer's findings as items added to out: the chat-completions
 * envelope, its first choice's content, that content as JSON, each finding
 * checked against the schema. Findings that fail it, or whose path is not a
 * regular file beneath root, are dropped and counted. TG_ERR_INPUT when the
 * envelope or the content is not JSON as asked (nothing is added).
 */
int tg_review_parse(const char *answer, size_t n, const char *root, const char *model,
                    struct tg_backlog *out, struct tg_review_stats *st);

/*
 * The answer cache, .terragon/review/<sha256 of model and body>.json under
 * root: answers are kept as they came (they hold no key). The cache key is
 * the SHA-256 of the endpoint, the model and the request's body (a status:
 * libcrypto may not open). get: TG_OK with the answer, TG_ERR_NOTFOUND when
 * there is none.
 */
int tg_review_cache_key(const struct tg_config *cfg, const char *body, char key[65]);
int tg_review_cache_get(const char *root, const char *key, struct tg_buf *answer);
int tg_review_cache_put(const char *root, const char *key, const struct tg_buf *answer);

/*
 * The last review: `review` names its answer in .terragon/review/last, and
 * discover's llm source reads that answer's items from the cache (no request)
 * into the backlog. TG_ERR_NOTFOUND when there is none.
 */
int tg_review_last_put(const char *root, const char *key);
int tg_review_last_items(const struct tg_config *cfg, const char *root, struct tg_backlog *out,
                         struct tg_review_stats *st);

#endif
