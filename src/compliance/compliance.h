#ifndef TG_COMPLIANCE_H
#define TG_COMPLIANCE_H

/*
 * Compliance audits: repository-level controls (a licence, a security
 * policy, code owners) and the hardening of GitHub Actions workflows
 * (the .yml and .yaml files in .github/workflows). README.md,
 * "Compliance audits", lists the rules. The module only reports findings;
 * the discover source turns them into items.
 */

#include "util/severity.h"
#include "util/strlist.h"

#include <stddef.h>

struct tg_compliance_finding {
	const char *rule_id;
	const char *path; /* relative, '/'-separated; NULL for a repository-wide control */
	int line;         /* 1-based; 0 when the finding has no place in a file */
	enum tg_severity severity;
	const char *title, *message, *evidence;
	/* Identity of the occurrence, never its line: NULL for one finding per
	 * (rule, path); else a normalized text (the `uses` value, the
	 * expression, the job id) and k, its 0-based rank among the findings
	 * of this rule with the same key in the file. */
	const char *key;
	int k;
};

/* Called for each finding; its strings live until it returns. A nonzero
 * return stops the audit, which returns that value. */
typedef int (*tg_compliance_fn)(const struct tg_compliance_finding *f, void *arg);

/* What an audit covered: workflows read to the end, and those skipped
 * ("path:line:col: why", already warned about). */
struct tg_compliance_report {
	struct tg_strlist audited, skipped;
};

/*
 * Audits the repository at root. A workflow that cannot be read or parsed
 * is warned about, recorded in rep->skipped (rep may be NULL) and the rest
 * goes on; the status is an error only when root itself cannot be read or
 * fn stopped the audit.
 */
int tg_compliance_audit(const char *root, tg_compliance_fn fn, void *arg,
                        struct tg_compliance_report *rep);
void tg_compliance_report_release(struct tg_compliance_report *rep);

/*
 * A caller's store of each workflow's findings between runs, keyed by the
 * workflow's path and lstat data (device, inode, size, mtime, ctime): get
 * gives the kept bytes of these stat data (1, valid until the audit returns)
 * or 0; put keeps a copy.
 */
struct stat;
struct tg_compliance_memo {
	int (*get)(void *arg, const char *rel, const struct stat *st, const void **data,
	           size_t *len);
	void (*put)(void *arg, const char *rel, const struct stat *st, const void *data,
	            size_t len);
	void *arg;
};
/*
 * As tg_compliance_audit, with each workflow's findings kept in memo (may be
 * NULL): an unchanged workflow is not read again, its kept findings are
 * handed to fn (and it counts as audited). A skipped workflow is never kept.
 */
int tg_compliance_audit_memo(const char *root, tg_compliance_fn fn, void *arg,
                             const struct tg_compliance_memo *memo,
                             struct tg_compliance_report *rep);

/*
 * Audits one workflow's bytes; path names it in findings and messages.
 * Malformed YAML, or a document that is not a mapping, is TG_ERR_INPUT
 * with "path:line:col: ..." as the message, and no finding is reported.
 */
int tg_compliance_workflow(const char *path, const char *text, size_t len, tg_compliance_fn fn,
                           void *arg);

/*
 * The controls of SOX (IT general controls), PCI DSS v4.0 and CIS Controls v8
 * that a finding of rule_id is evidence against, as an item's controls
 * ("PCI-DSS:3.5.1 CIS:3.11"); NULL when no control truly applies. One table
 * (controls.c) for every source: the audits' rules, and rule packs' ids
 * ("secrets.github-pat") by their pack's prefix.
 */
const char *tg_compliance_controls(const char *rule_id);
/*
 * Calls fn for each control the table above names ("PCI-DSS:3.5.1"), once
 * per row that names it (so a control may come more than once): the set a
 * compliance score is measured against.
 */
void tg_compliance_controls_each(void (*fn)(const char *control, size_t len, void *arg), void *arg);

#endif
