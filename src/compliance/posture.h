#ifndef TG_COMPLIANCE_POSTURE_H
#define TG_COMPLIANCE_POSTURE_H

/*
 * The repository's security posture in the style of OpenSSF Scorecard,
 * computed offline: each check scored 0-10 with a reason, or -1 when it
 * cannot be decided here (Scorecard's "inconclusive"), combined with
 * Scorecard's risk weights (critical 10, high 7.5, medium 5, low 2.5) into a
 * 0-10 score over the checks that were decided.
 *
 * What git and the forge know is the caller's (tg_posture_read in
 * cmd/posture.c reads it, as this layer runs neither git nor HTTP): the
 * tracked files, the newest tags, branch protection. The rest is read from
 * the tree here, through the compliance audit (compliance.h).
 */

#include "util/buf.h"
#include "util/strlist.h"

#include <stddef.h>

struct tg_posture_input {
	const struct tg_strlist *files; /* tracked paths, '/'-separated */
	size_t tags, signed_tags;       /* of the newest tags (at most 5) */
	int token;                      /* a GitHub token is present (branch protection) */
	int protection;                 /* Branch-Protection's score, 0-10; -1: not checked */
	char protection_why[200];       /* its reason, or why it was not checked */
};

struct tg_posture_check {
	const char *name, *risk;
	double weight;
	int score; /* 0-10, or -1: not decided */
	char reason[200];
};

#define TG_POSTURE_CHECKS 11

struct tg_posture {
	struct tg_posture_check checks[TG_POSTURE_CHECKS];
	size_t n;
	double score; /* -1 when no check was decided */
};

/* Scores the repository at root. TG_OK, or the audit's error (root unreadable). */
int tg_posture(const char *root, const struct tg_posture_input *in, struct tg_posture *out);

/* The report as a table, or as one JSON object. */
void tg_posture_table(const struct tg_posture *p, struct tg_buf *out);
void tg_posture_json(const struct tg_posture *p, struct tg_buf *out);

#endif
