#ifndef TG_COMPLIANCE_INTERNAL_H
#define TG_COMPLIANCE_INTERNAL_H

/* Text tests the workflow audit applies to scalars (text.c). */

#include "compliance/compliance.h"
#include "util/buf.h"

#include <stddef.h>

/* 1 when `uses` is local (./...), pinned to a 40-hex commit SHA, or a
 * docker:// image pinned by its sha256 digest. */
int tg_compliance_action_pinned(const char *uses);
/* 1 when `uses` names action `name` ("actions/checkout") at some ref. */
int tg_compliance_is_action(const char *uses, const char *name);
/* 1 when a checkout ref names the pull request's own code. */
int tg_compliance_untrusted_ref(const char *ref);
/* A copy of s without blanks (malloc'd): a key that ignores reformatting. */
char *tg_compliance_squeeze(const char *s);

/*
 * Calls fn for each attacker-controlled field (normalized, e.g.
 * "github.event.issue.title") read inside a ${{ }} expression of text;
 * expr is that expression, offset where it starts in text.
 */
typedef void (*tg_compliance_injection_fn)(const char *field, const char *expr, size_t offset,
                                           void *arg);
void tg_compliance_scan_injection(const char *text, size_t len, tg_compliance_injection_fn fn,
                                  void *arg);

/*
 * A workflow's findings kept between runs (memo.c): one appended to out;
 * and the payload's findings handed to fn (NULL: only checked), all or none:
 * TG_ERR_INPUT when damaged, else TG_OK or fn's nonzero return.
 */
void compliance_encode_finding(const struct tg_compliance_finding *f, struct tg_buf *out);
int compliance_decode_findings(const void *data, size_t len, tg_compliance_fn fn, void *arg);

#endif
