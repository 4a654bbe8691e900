#ifndef TG_CMD_AUDIT_CHANGES_H
#define TG_CMD_AUDIT_CHANGES_H

#include "cmd/setup.h"

/*
 * `terragon audit changes [RANGE]`: prints the changes of RANGE (default:
 * since the head the last check reached) with their approvals, records the
 * check in the audit trail, and sets *violated when one breaks the policy.
 */
int tg_audit_changes(struct tg_setup *s, const char *range, int json, int *violated);

#endif
