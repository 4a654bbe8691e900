#ifndef TG_ITEM_H
#define TG_ITEM_H

/*
 * The item: the unit of the backlog (README.md, "The backlog: items,
 * scoring, history"). Every source produces items through a tg_sink; the
 * backlog scores, stores and reports them. Strings are owned by the item
 * (tg_item_release frees them).
 */

#include <stdint.h>
#include <time.h>

#include "util/severity.h"

enum tg_item_status {
	TG_STATUS_OPEN = 0,
	TG_STATUS_RESOLVED,
	TG_STATUS_SUPPRESSED,
	TG_STATUS_IN_PROGRESS,
};

/*
 * Where a finding lives, from its path (backlog/context.h): findings in
 * tests, fixtures, examples and documentation are reported with lower
 * confidence and never boosted; vendored code is left out of the backlog
 * unless asked for.
 */
enum tg_context {
	TG_CONTEXT_CODE = 0,
	TG_CONTEXT_TEST,
	TG_CONTEXT_FIXTURE,
	TG_CONTEXT_EXAMPLE,
	TG_CONTEXT_DOCS,
	TG_CONTEXT_VENDORED,
};

/*
 * How a rule's findings become items (value_discovery.grouping): one item
 * per file with the rule's occurrences in it, one per repository (a fix
 * that is one change everywhere, such as pinning every action), or one per
 * finding. DEFAULT defers to the configuration.
 */
enum tg_grouping {
	TG_GROUP_DEFAULT = 0,
	TG_GROUP_FILE,
	TG_GROUP_RULE,
	TG_GROUP_NONE,
};

/*
 * One place an item was found. A grouped item lists every occurrence of its
 * rule; an item that several sources reported lists each source's finding.
 */
struct tg_occurrence {
	char *path; /* NULL: repository-wide */
	int start_line, end_line;
	char *source, *rule_id;
};

/* The six value inputs, each 1-10 (business value etc. feed WSJF; impact etc. ICE). */
struct tg_item_inputs {
	double business_value, time_criticality, risk_reduction;
	double impact, confidence, ease;
};

struct tg_item_scores {
	double wsjf, ice, debt, severity, base, boost, composite;
};

struct tg_item_links {
	char *cwe, *cve, *ghsa, *fixed_version, *rule_doc, *commit;
};

struct tg_item {
	char fingerprint[17]; /* 16 lowercase hex digits */
	char *source;         /* the source that found it: "scanner", "rules", "history", ... */
	char *rule_id;
	char *category; /* security, secret, vulnerability, ai-ml, compliance, complexity,
	                   hotspot, debt, coverage, performance, architecture, dependency */
	enum tg_severity severity;
	char *path; /* relative to the repository root, '/'-separated; NULL for repo-wide */
	int start_line, end_line, start_column, end_column; /* 1-based; 0 = unknown */
	char *title, *message;
	char *evidence; /* secrets redacted by the source, and again by tg_item_redact */
	char *fix;      /* a fix the source carried (SARIF fixes[]), as compact JSON; or NULL */
	/* Why its file was not read in the last run ("too-large: ..."), which kept
	 * it open as it was; NULL when the last run looked at it. */
	char *not_rescanned;
	int job_size; /* 1 2 3 5 8 13 20 */
	double remediation_minutes;
	struct tg_item_inputs inputs;
	struct tg_item_scores scores;
	struct tg_item_links links;
	enum tg_item_status status;
	time_t first_seen, last_seen, resolved_at; /* 0 = not set */
	enum tg_context context;
	enum tg_grouping grouping; /* the rule's own preference; a hint, not stored */
	/* Controls of compliance frameworks the finding is evidence against,
	 * space-separated "FRAMEWORK:control" ("PCI-DSS:8.3.1 SOX:ITGC-AC"); NULL none. */
	char *controls;
	/* Every place it was found, when more than its own location (grouped or
	 * merged); empty for a single finding. */
	struct tg_occurrence *occurrences;
	size_t occurrences_nr, occurrences_alloc;
	double metric;      /* the observation for metric items (CCN, NLOC, lines); not identity */
	double change_rate; /* its own lines' changes a month where known (a function's), else its
	                      file's revisions a month; < 0 when history is unknown */
};

/*
 * Identity by kind (README.md, "Identity"): never a line number, never a secret's value.
 * Each part is hashed with a separator; `k` is the k-th identical match.
 */
void tg_fingerprint_metric(char out[17], const char *rule, const char *path, const char *function);
void tg_fingerprint_file(char out[17], const char *rule, const char *path);
void tg_fingerprint_match(char out[17], const char *rule, const char *path,
                          const char *normalized_text, int k);
void tg_fingerprint_secret(char out[17], const char *rule, const char *path,
                           const char *assigned_to, int k);
/*
 * A vulnerable dependency: the ecosystem, the normalised package name, the
 * advisory group's key (its smallest id) and the declaring file. Not the
 * version: a bump that is still vulnerable is the same item.
 */
void tg_fingerprint_dependency(char out[17], const char *ecosystem, const char *name,
                               const char *advisory_group, const char *file);
void tg_fingerprint_import(char out[17], const char *tool, const char *rule, const char *path,
                           const char *tool_fingerprint);

void tg_item_init(struct tg_item *it);
void tg_item_release(struct tg_item *it);
/* Deep copy. */
void tg_item_copy(struct tg_item *dst, const struct tg_item *src);
/*
 * The item in a compact binary form appended to out, for caches this binary
 * writes and reads back (discover's per-file results): every field, the
 * grouping hint included. Not a stable format: a cache holding it is keyed
 * by terragon's version.
 */
struct tg_buf;
void tg_item_encode(struct tg_buf *out, const struct tg_item *it);
/*
 * Reads one encoded item at *p (advanced past it) into it (initialised
 * here). TG_ERR_INPUT, it released, when the bytes are not one: truncated,
 * an enum out of range, a fingerprint that is not 16 characters.
 */
int tg_item_decode(struct tg_item *it, const unsigned char **p, const unsigned char *end);
/*
 * Redacts every secret in the item's text (util/redact.h): title, message,
 * evidence, rule id and links. The backlog calls it on every item it takes,
 * from a source or from the store, so the store, the outputs and every
 * command see only redacted text, whichever source wrote it (a TODO quoting a
 * token, an imported report's message). The fingerprint was made before and
 * does not change. The path is identity and stays; so does the fix, which
 * must hold the bytes it replaces.
 */
void tg_item_redact(struct tg_item *it);

/* Appends an occurrence (strings copied; NULL allowed). */
/* Whether the item is a finding of rule (its rule_id), NULL rule_id never. */
int tg_item_is_rule(const struct tg_item *it, const char *rule);
void tg_item_add_occurrence(struct tg_item *it, const char *path, int start_line, int end_line,
                            const char *source, const char *rule_id);
/* Drops every occurrence. */
void tg_item_clear_occurrences(struct tg_item *it);

const char *tg_context_name(enum tg_context c);
/* TG_ERR_USAGE on an unknown name (code, test, fixture, example, docs, vendored). */
int tg_context_parse(const char *s, enum tg_context *out);

const char *tg_severity_name(enum tg_severity s);
int tg_severity_parse(const char *s, enum tg_severity *out);
const char *tg_item_status_name(enum tg_item_status s);

/*
 * Where a source puts its items. emit() takes ownership of the item's
 * contents (the caller's struct is reset). It may be called from several
 * threads; the sink serialises.
 */
struct tg_sink {
	int (*emit)(struct tg_sink *sink, struct tg_item *it);
	void *data;
};

#endif
