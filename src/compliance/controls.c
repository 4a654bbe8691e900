/*
 * The controls of compliance frameworks that a finding is evidence against:
 * one table for every source (the compliance audits here, the rule packs'
 * secrets and card numbers). A compliance item carrying a control of a
 * framework in compliance.frameworks is an audit requirement, and gets the
 * compliance boost (backlog/score.c).
 *
 * Only where the control truly applies, as the framework words it:
 *   SOX      IT general controls: ITGC-CM (program change management: changes
 *            are authorised, reviewed and tested before production), ITGC-AC
 *            (logical access to programs and data).
 *   PCI-DSS  v4.0 requirement numbers.
 *   CIS      Controls v8 safeguards.
 * Left out on purpose (hygiene, no framework requires it):
 *   license-missing           a legal matter, no security framework asks for it.
 *   codeowners-missing        SOX change management and PCI DSS 6.2.3 require that
 *                             changes are reviewed and approved; branch protection
 *                             does that without naming owners. CODEOWNERS only
 *                             routes the review.
 *   workflow-unpinned-action  CIS 16.5 asks for trusted, up-to-date components; a
 *                             tag of a trusted publisher is that. Pinning by commit
 *                             is hardening (OpenSSF Scorecard), not a control.
 *   workflow-permissions-missing  the repository's default token may well be
 *                             read-only (GitHub's default since 2023): the finding
 *                             does not show an excess of privilege. write-all does.
 */
#include "compliance/compliance.h"

#include <string.h>

struct control_row {
	const char *rule; /* a rule id, or a prefix ending in '.' for a whole pack */
	const char *controls;
};

static const struct control_row rows[] = {
        /* CIS 16.2: a process to accept and address reports of software
         * vulnerabilities, "including providing a means for external entities
         * to report". A security policy is that means. */
        {"security-policy-missing", "CIS:16.2"},
        /* A token that can push code and publish releases to every step: least
         * privilege for system accounts (PCI DSS 7.2.5), logical access (SOX). */
        {"workflow-write-all", "SOX:ITGC-AC PCI-DSS:7.2.5"},
        /* A fork's author runs code, or commands, with the repository's secrets
         * and write token: changes reach the code without review (SOX), an
         * injection / access-control attack on bespoke software (PCI DSS 6.2.4). */
        {"workflow-pr-target-checkout", "SOX:ITGC-CM PCI-DSS:6.2.4"},
        {"workflow-script-injection", "SOX:ITGC-CM PCI-DSS:6.2.4"},
        /* A primary account number stored in clear text: PCI DSS 3.5.1 (PAN
         * unreadable anywhere it is stored), CIS 3.11 (sensitive data encrypted
         * at rest). */
        {"compliance.card-number", "PCI-DSS:3.5.1 CIS:3.11"},
        /* A credential in the code: authentication factors unreadable in storage
         * (PCI DSS 8.3.2), no passwords of application or system accounts hard
         * coded in source or configuration (8.6.2), logical access (SOX). */
        {"secrets.", "PCI-DSS:8.3.2 PCI-DSS:8.6.2 SOX:ITGC-AC"},
        /* Regulated data in clear text in the repository (compliance_data.c):
         * CIS 3.11, sensitive data encrypted at rest. IBANs and SSNs are not
         * account data in PCI DSS's sense (its 3.x is about the PAN), so no PCI
         * requirement is claimed; e-mail and phone numbers in bulk claim none. */
        {"data-iban", "CIS:3.11"},
        {"data-ssn", "CIS:3.11"},
        /* Regulated paths whose approvers are their CODEOWNERS, without one: no
         * change can be approved by a designated owner (SOX change management),
         * nor reviewed and approved by someone other than its author with the
         * knowledge PCI DSS 6.2.3.1 asks for. */
        {"codeowners-regulated-uncovered", "SOX:ITGC-CM PCI-DSS:6.2.3.1"},
        /* Changes to regulated paths that broke the approval policy (recorded by
         * `terragon audit changes`, source_approvals.c): approval by someone other
         * than the author is SOX change management and segregation of duties, and
         * PCI DSS 6.2.3.1. */
        {"approval-self-approved", "SOX:ITGC-CM PCI-DSS:6.2.3.1"},
        {"approval-missing", "SOX:ITGC-CM PCI-DSS:6.2.3.1"},
        {"approval-owner-missing", "SOX:ITGC-CM"},
        /* Certificates not checked: PCI DSS 4.2.1 requires that certificates
         * protecting data in transit are confirmed valid. */
        {"crypto.tls-verification-disabled", "PCI-DSS:4.2.1 PCI-DSS:6.2.4"},
        /* Strong cryptography for data in transit (PCI DSS 4.2.1); a password
         * stored with a weak hash (8.3.2: strong cryptography for
         * authentication factors). */
        {"crypto.weak-tls-version", "PCI-DSS:4.2.1 CIS:3.10"},
        {"crypto.weak-tls-cipher", "PCI-DSS:4.2.1 CIS:3.10"},
        {"crypto.unsalted-password-hash", "PCI-DSS:8.3.2"},
        /* Container configuration: system components configured and hardened
         * (PCI DSS 2.2.1 configuration standards, 2.2.5 only necessary
         * services, 2.2.6 security parameters), CIS 4.1 secure configuration
         * and 5.4 administrative privileges. */
        {"config.docker-secret-env", "PCI-DSS:8.6.2 CIS:3.11"},
        {"config.docker-latest-tag", "PCI-DSS:6.3.2 CIS:2.2"},
        {"config.docker-add-url", "PCI-DSS:6.3.2 CIS:2.2"},
        /* A missing HEALTHCHECK is availability, not hardening: only the secure
         * configuration process (CIS 4.1) asks for it. */
        {"config.docker-no-healthcheck", "CIS:4.1"},
        {"config.", "PCI-DSS:2.2.1 PCI-DSS:2.2.6 CIS:4.1 CIS:5.4"},
        /* PCI DSS 6.2.4 names injection attacks and "attacks on cryptography
         * usage" among those bespoke software must prevent. */
        {"crypto.", "PCI-DSS:6.2.4"},
        {"injection.", "PCI-DSS:6.2.4"},
};

const char *tg_compliance_controls(const char *rule_id)
{
	size_t i, n;

	if (!rule_id)
		return NULL;
	/* Exact ids first: a rule may refine its pack's controls. */
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (!strcmp(rows[i].rule, rule_id))
			return rows[i].controls;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		n = strlen(rows[i].rule);
		if (rows[i].rule[n - 1] == '.' && !strncmp(rows[i].rule, rule_id, n))
			return rows[i].controls;
	}
	return NULL;
}

void tg_compliance_controls_each(void (*fn)(const char *control, size_t len, void *arg), void *arg)
{
	const char *p;
	size_t i, n;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		for (p = rows[i].controls; *p; p += n + (p[n] == ' ')) {
			n = strcspn(p, " ");
			fn(p, n, arg);
		}
}
