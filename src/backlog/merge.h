#ifndef TG_BACKLOG_MERGE_H
#define TG_BACKLOG_MERGE_H

/*
 * One finding, one item, across sources (README.md, "One finding reported
 * by several tools"). Two items are the same finding when:
 *
 *  - they come from different sources and at least one is imported
 *    ("sarif:<tool>"): our own sources never report one finding twice (the
 *    scanner reads the tree, history-secrets only blobs not in it), and two
 *    rules of one tool on one line are that tool's own distinction;
 *  - they sit at the same path on overlapping line ranges (no tolerance:
 *    tools agree on the line of a call, and a wider range, as Semgrep gives
 *    for a multi-line expression, contains it);
 *  - they are the same weakness: rule ids the mapping table (rule_map.c)
 *    makes equivalent, or else the same CWE ("CWE-78", "78", "cwe-078");
 *  - they have the same status (a tool's own suppression stays its own).
 *
 * As DefectDojo's hash_code deduplication keys a finding on its CWE, file
 * and line, with the tool's rule id mapped instead of compared.
 *
 * The survivor is ours when one is (our rules carry the fixers), else one
 * that carries a fix, else the first by source name. It keeps its
 * fingerprint, title, message and evidence, takes the highest severity and
 * any link or imported fix it lacked, and lists every source's finding in `occurrences`
 * (its own first). At most one item per source joins a survivor; a
 * mapping match is preferred to a CWE match.
 */

#include "backlog/backlog.h"

#include <stddef.h>

/*
 * Merges the backlog's items that are one finding; returns how many items
 * were merged into others (and so left the backlog). Linear in the items
 * plus a sort by path and line: 100k items take a few milliseconds.
 */
size_t tg_backlog_merge_findings(struct tg_backlog *b);

/* The CWE number in "CWE-78", "cwe-078", "78" or "CWE-78: OS ..."; 0 if none. */
int tg_cwe_number(const char *s);

/*
 * One row of the mapping table: a rule of another tool (by tool family:
 * semgrep, bandit, ruff, codeql, gitleaks, trivy) and the rule of ours it
 * is equivalent to. A foreign rule may have several rows.
 */
struct tg_rule_map_row {
	const char *tool, *id, *ours;
};

const struct tg_rule_map_row *tg_rule_map_rows(size_t *nr);
/* The tool family of an item source ("sarif:Semgrep OSS" -> "semgrep"), or NULL. */
const char *tg_rule_map_tool(const char *source);

#endif
