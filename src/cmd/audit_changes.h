#ifndef TG_CMD_AUDIT_CHANGES_H
#define TG_CMD_AUDIT_CHANGES_H

#include "cmd/setup.h"
#include "history/approvals.h"

/*
 * `terragon audit changes [RANGE]`: prints the changes of RANGE (default:
 * since the head the last check reached) with their approvals, records the
 * check in the audit trail, and sets *violated when one breaks the policy.
 */
int tg_audit_changes(struct tg_setup *s, const char *range, int json, int *violated);

/*
 * With a GitHub token and repository: adds to each change the approving
 * reviews of its pull request (cmd/audit_reviews.c); *pulls counts those
 * read. Without either, TG_OK and nothing changes (trailers only).
 */
int tg_audit_reviews(struct tg_setup *s, struct tg_changes *cs, size_t *pulls);

#endif
