#ifndef TG_BENCH_H
#define TG_BENCH_H

/*
 * Benchmark results from pytest-benchmark, Google Benchmark and hyperfine
 * JSON (the kind detected from the content), and the comparison of two runs:
 * per benchmark the relative change of the median in the direction that is
 * worse for its unit, a Mann–Whitney U test where each side has more than 3
 * raw samples, and Benjamini–Hochberg correction across benchmarks.
 */

#include "store/sql.h"

#include <sqlite3.h>
#include <stddef.h>
#include <time.h>

enum tg_bench_kind { TG_BENCH_PYTEST = 1, TG_BENCH_GBENCH, TG_BENCH_HYPERFINE };

/* One measured quantity of one benchmark. Times are in seconds. */
struct tg_bench {
	char *name;           /* the join key: fullname, run_name[:counter], command */
	const char *unit;     /* "s", or the counter's name for throughputs */
	int higher_is_better; /* throughputs (ops/s, items_per_second, ...) */
	double *samples;      /* raw per-round / per-repetition / per-run values */
	size_t samples_nr, samples_alloc;
	double median; /* of the samples, or as reported when there are none */
};

struct tg_bench_set {
	enum tg_bench_kind kind;
	struct tg_bench *v;
	size_t nr, alloc;
};

const char *tg_bench_kind_name(enum tg_bench_kind k);
void tg_bench_set_release(struct tg_bench_set *s);

/* Parses text (name is for messages). TG_ERR_INPUT for malformed JSON,
 * TG_ERR_USAGE for JSON of no known kind; out holds nothing then. */
int tg_bench_parse(const char *name, const char *text, size_t len, struct tg_bench_set *out);
int tg_bench_read(const char *file, struct tg_bench_set *out);

/* Two-sided p of the Mann–Whitney U test: exact when both sides have fewer
 * than 8 values and there are no ties, else the normal approximation with tie
 * and continuity correction. 1 when either side is empty. */
double tg_mann_whitney(const double *a, size_t na, const double *b, size_t nb);
/* Benjamini–Hochberg adjusted p-values (q[i] for p[i]); p[i] < 0 (not
 * tested) is left out of the family and gives q[i] = -1. */
void tg_bh_adjust(const double *p, size_t n, double *q);

enum tg_bench_verdict {
	TG_BENCH_OK,          /* within tolerance (or better) */
	TG_BENCH_REGRESSED,   /* over tolerance and significant, or untestable */
	TG_BENCH_NOISE,       /* over tolerance but not significant */
	TG_BENCH_ONLY_BASE,   /* no longer measured */
	TG_BENCH_ONLY_CURRENT /* new */
};

struct tg_bench_delta {
	const struct tg_bench *base, *cur; /* either may be NULL */
	double change_pct; /* relative change of the median, > 0 = worse for the unit */
	double p, q;       /* raw and BH-adjusted p; -1 when not tested */
	enum tg_bench_verdict verdict;
	const char *note; /* e.g. too few samples */
};

struct tg_bench_report {
	enum tg_bench_kind kind;
	double tolerance_pct;
	struct tg_bench_delta *v;
	size_t nr;
	size_t regressions;
	double worst_pct; /* the largest change_pct of the benchmarks in both runs */
};

/* Compares two runs; TG_ERR_USAGE when they are of different kinds. */
int tg_bench_compare(const struct tg_bench_set *base, const struct tg_bench_set *cur,
                     double tolerance_pct, struct tg_bench_report *out);
void tg_bench_report_release(struct tg_bench_report *r);
const char *tg_bench_verdict_name(enum tg_bench_verdict v);

/* The set's own copy of a unit name ("s" or a known throughput counter);
 * NULL for a unit no reader produces. */
const char *tg_bench_unit(const char *unit);

/* Keeps a run in the store (the caller holds a write transaction). */
int tg_bench_record(sqlite3 *db, const struct tg_bench_set *s, const char *file, time_t at,
                    long long *run_id);

/*
 * The two most recent runs recorded from file (as `bench record` stored its
 * name), oldest first. *found is how many there were (0, 1 or 2); the sets
 * beyond that are left empty.
 */
int tg_bench_load_last(sqlite3 *db, const char *file, struct tg_bench_set *prev,
                       struct tg_bench_set *last, int *found);
/* The files runs were recorded from, each once. */
struct tg_strlist;
int tg_bench_recorded_files(sqlite3 *db, struct tg_strlist *files);

/*
 * Every benchmark's recorded medians (bench_results joined with bench_runs),
 * oldest run first, one series per (name, unit), ordered by name then unit.
 */
struct tg_bench_series {
	char *name, *unit;
	int higher_is_better;
	double *median;
	time_t *at;
	long long *run;
	size_t nr, alloc;
};
int tg_bench_history(struct tg_sql *db, struct tg_bench_series **out, size_t *nr);
void tg_bench_history_free(struct tg_bench_series *v, size_t nr);

#endif
