#ifndef TG_SUPPRESS_H
#define TG_SUPPRESS_H

/*
 * Suppression, used by every source: an inline `terragon:ignore` or
 * `terragon:ignore[rule-id,...]` comment on the item's line or the line above
 * (for a function item, its first line), and the configuration's
 * value_discovery.ignore entries by fingerprint, rule or path glob (git's
 * wildmatch on the whole path, util/wildmatch.h), each with a reason and an
 * optional expiry. A suppressed item is kept, with status
 * suppressed, so its history is not lost.
 */

#include "backlog/item.h"

#include <stddef.h>
#include <time.h>

/* Does the file's text suppress rule_id at 1-based `line` (terragon:ignore only)? */
int tg_suppress_inline(const unsigned char *data, size_t len, int line, const char *rule_id);

/* What tg_suppress_inline_by returns for terragon's own comment. */
#define TG_SUPPRESS_OURS "terragon:ignore"

/*
 * Which comment suppresses a finding of rule_id and category at `line`:
 * terragon:ignore as above (any category), or another tool's comment for
 * the categories that tool audits (README.md, "Suppression"): `nosec`
 * (Bandit, gosec) and bare or S-code `noqa` (ruff, flake8-bandit) for
 * security, ai-ml and secret; `NOLINT` / `NOLINTNEXTLINE` (clang-tidy) for
 * security and complexity, or those its check list names; `gitleaks:allow`
 * and `pragma: allowlist [nextline] secret` (detect-secrets) for secrets;
 * `eslint-disable-line` / `eslint-disable-next-line` naming a security or
 * secrets rule; `zizmor: ignore[audit]` for the workflow rule zizmor names
 * so. The answer names the comment and its tool ("nosec (bandit, gosec)"),
 * or is NULL. The other tools' comments count on the item's line, or the
 * line above for the NEXTLINE forms, as those tools read them. It reads
 * the lines only: a caller checks a file once with tg_suppress_marked first.
 */
const char *tg_suppress_inline_by(const unsigned char *data, size_t len, int line,
                                  const char *rule_id, const char *category);
/* Whether the text holds any comment tg_suppress_inline_by reads: a cheap check of a file. */
int tg_suppress_marked(const unsigned char *data, size_t len);
/* Marks it suppressed; another tool's comment `by` is named in its message. */
void tg_suppress_mark(struct tg_item *it, const char *by);

struct tg_suppress_rule {
	const char *fingerprint, *rule, *path, *reason;
	time_t expires; /* 0 = never */
};

/*
 * Marks it suppressed when one rule matches and has not expired at now;
 * returns the matching rule's index or -1. A fingerprint rule may be a
 * prefix of 6 or more characters.
 */
long tg_suppress_match(const struct tg_suppress_rule *rules, size_t nr, struct tg_item *it,
                       time_t now);

#endif
