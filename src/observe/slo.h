#ifndef TG_SLO_H
#define TG_SLO_H

/*
 * Service level objectives over the store's history (observe.h), as the SRE
 * workbook measures them: the SLI over the objective's window, the error
 * budget left, burn rates over 1 h, 6 h, 1 d and 3 d, and the time until the
 * budget is gone at the current burn.
 *
 * Each SLI is a ratio of good events to valid events, each event dated when
 * its outcome became known. Items still open count as soon as they miss:
 * a vulnerability open for 3 days is a miss of a 2-day objective at the
 * 2-day mark, before it is ever resolved (survival-style, not only over
 * closed items).
 */

#include "config/config.h"
#include "observe/observe.h"

/* In the order of tg_config_sli_names (config.h), which names them. */
enum tg_sli {
	/* executions that succeeded (pull request opened, or a dry run that passed) */
	TG_SLI_EXECUTION_SUCCESS = 0,
	/* items execute took on that got a pull request within threshold of opening */
	TG_SLI_TIME_TO_VALUE,
	/* security, secret and vulnerability items resolved within threshold of opening */
	TG_SLI_VULNERABILITY_RESOLUTION,
};

struct tg_slo {
	const char *name;
	enum tg_sli sli;
	double objective; /* 0..1 */
	time_t window;    /* seconds */
	time_t threshold; /* seconds, for the latency SLIs */
};

/*
 * The configuration's SLOs (slos:, checked when it was read) into out, which
 * holds TG_CONFIG_SLOS_MAX; names point into cfg. Returns how many. The
 * default is the workflow guide's three: execution success 95 % over 7 days,
 * time to value 4 h over 30 days, vulnerability resolution 2 days over 30 days.
 */
size_t tg_slo_from_config(const struct tg_config *cfg, struct tg_slo *out);

#define TG_SLO_BURN_WINDOWS 4
extern const time_t tg_slo_burn_windows[TG_SLO_BURN_WINDOWS]; /* 1 h, 6 h, 1 d, 3 d */

struct tg_slo_result {
	const struct tg_slo *slo;
	uint64_t good, total;             /* over the window */
	double sli;                       /* good / total; < 0: no data */
	double budget_left;               /* share of the error budget left; may be negative */
	double burn[TG_SLO_BURN_WINDOWS]; /* error ratio / (1 - objective); < 0: no events */
	double exhausted_in; /* seconds until the budget is gone at the current burn; < 0: never */
	int breached;        /* the SLI is below the objective */
};

void tg_slo_evaluate(const struct tg_observe *o, const struct tg_slo *slo, struct tg_slo_result *r);

/* "ok", "breached" or "no data". */
const char *tg_slo_status(const struct tg_slo_result *r);
/* A duration as people read it: 45m, 6h, 2d, 3.5d. */
void tg_slo_span(struct tg_buf *out, double seconds);

/* The results as a table for people, or as JSON. */
void tg_slo_table(struct tg_buf *out, const struct tg_slo_result *r, size_t nr);
void tg_slo_json(struct tg_buf *out, const struct tg_slo_result *r, size_t nr, time_t now);

#endif
