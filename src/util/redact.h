#ifndef TG_REDACT_H
#define TG_REDACT_H

/*
 * What a secret looks like in any text, and how it is shown. Every string that
 * reaches an output, a log or the store passes through tg_redact_text: item
 * titles, messages and evidence (the backlog does it as an item arrives), error
 * messages (util/error.c) and log lines (util/log.c). The rule packs find
 * secrets in files with context and validation; this is the other half, the
 * token shapes recognisable in a line of text on their own (tests/unit/util/
 * test_redact.c checks that every redacting rule's examples are among them):
 * GitHub, GitLab, Slack, Stripe, Google, AWS, OpenAI, Anthropic, npm, PyPI,
 * Hugging Face, DigitalOcean, Shopify, SendGrid and Twilio tokens, JWTs,
 * private key blocks, webhook URLs, passwords in URLs, card numbers, and
 * high-entropy values assigned to a name like password, token or api_key.
 * A git commit id or an ordinary word is left alone.
 */

#include "util/buf.h"

#include <stddef.h>

/* Writes the redacted form of value: at most a quarter of it (the known prefix when
 * one is given and short enough), then the length: "ghp_…[redacted, 40 chars]". */
void tg_redact(struct tg_buf *out, const char *value, size_t n, size_t known_prefix);

/* Appends s[0..n) to out with each secret in it redacted; returns how many were. */
size_t tg_redact_text(struct tg_buf *out, const char *s, size_t n);
/* Does s[0..n) hold a secret? Allocates nothing. */
int tg_redact_needed(const char *s, size_t n);
/* Redacts a heap string (or NULL) in place; returns 1 when it changed. */
int tg_redact_string(char **s);

/* Shannon entropy in bits per byte. */
double tg_entropy(const char *s, size_t n);
/* The Luhn check over the digits; ignores spaces and dashes, needs 12 digits. */
int tg_luhn_valid(const char *digits, size_t n);

#endif
