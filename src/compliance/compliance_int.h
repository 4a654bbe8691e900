#ifndef TG_COMPLIANCE_INTERNAL_H
#define TG_COMPLIANCE_INTERNAL_H

/* Text tests the workflow audit applies to scalars (text.c). */

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

#endif
