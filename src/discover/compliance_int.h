#ifndef TG_DISCOVER_COMPLIANCE_INT_H
#define TG_DISCOVER_COMPLIANCE_INT_H

/* The compliance source's parts beyond the audit of compliance/ (source_compliance.c). */

#include "compliance/compliance.h"
#include "discover/discover.h"

/*
 * Walks the tree once: each file's classified data (compliance/classify.h),
 * the configuration a Dockerfile or manifest lacks (compliance/absence.h) and, when
 * compliance.approvals has regulated_paths and no approvers list, the regulated files CODEOWNERS
 * gives no owner; findings to fn, in a stable order. Files the walk did not read go to run's
 * not_read (run->files stays the audit's: files_scanned counts the scanner's reads, not this second
 * walk).
 */
int tg_compliance_data(const struct tg_discover_ctx *ctx, tg_compliance_fn fn, void *arg,
                       struct tg_source_run *run);

#endif
