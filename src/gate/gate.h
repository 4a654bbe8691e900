#ifndef TG_GATE_H
#define TG_GATE_H

/*
 * Quality gates: the configured commands (run first, so a coverage file
 * they write is read afterwards), coverage, open critical vulnerabilities
 * and performance regression. A gate whose inputs are not configured is
 * skipped, never failed.
 */

#include "config/config.h"
#include "gate/bench.h"
#include "util/buf.h"

#include <sqlite3.h>

enum tg_gate_state { TG_GATE_PASS, TG_GATE_FAIL, TG_GATE_SKIP };

struct tg_gate_result {
	char *name;      /* "command:<name>", "coverage", "critical-vulns", "perf-regression" */
	char *threshold; /* e.g. ">= 85%", "exit 0 within 60 s" */
	char *actual;    /* e.g. "72.5%", "exit 1"; "-" when skipped */
	enum tg_gate_state state;
	char *detail; /* why, where the log is; may be NULL */
};

struct tg_gate_report {
	struct tg_gate_result *v;
	size_t nr, alloc;
	size_t failed;
};

/*
 * Evaluates every gate of cfg in the repository at root. db is the store
 * (NULL when there is none: the vulnerability gate then fails, saying it
 * could not be evaluated). Command output goes to root/.terragon/gate-<name>.log.
 * TG_ERR_USAGE on bad configuration (a benchmark file of no known kind, two
 * files of different kinds); out then holds the gates evaluated so far.
 */
int tg_gate_run(const struct tg_config *cfg, const char *root, sqlite3 *db,
                struct tg_gate_report *out);
void tg_gate_report_release(struct tg_gate_report *r);
const char *tg_gate_state_name(enum tg_gate_state s);

enum tg_gate_format { TG_GATE_TABLE, TG_GATE_JSON, TG_GATE_MD };
void tg_gate_format(const struct tg_gate_report *r, enum tg_gate_format f, struct tg_buf *out);
/* Renders a benchmark comparison as a table (json = 0) or JSON. */
void tg_bench_format(const struct tg_bench_report *r, int json, struct tg_buf *out);

#endif
