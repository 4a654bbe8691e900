#ifndef TG_OBSERVE_H
#define TG_OBSERVE_H

/*
 * Observability from the store: the backlog's and execute's history read
 * once (tg_observe_load), then written as Prometheus metrics (text 0.0.4 or
 * OpenMetrics 1.0), to node_exporter's textfile collector or a Pushgateway.
 * terragon runs in CI for a minute, not as a service, so every counter is
 * rebuilt from the whole history on each run: it only grows, and rate()
 * works through a Pushgateway across short-lived runs.
 *
 * Labels are bounded: repository, category (the twelve of the item, "other"
 * for any a source names beyond them), severity, outcome, command, status,
 * framework. Never a path, a fingerprint or a rule id.
 */

#include "util/buf.h"

#include "store/sql.h"

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define TG_OBS_CATEGORIES 13 /* the item's twelve, then "other" */
#define TG_OBS_SEVERITIES 5  /* info .. critical, as enum tg_severity */
#define TG_OBS_OUTCOMES   5  /* pr-opened, dry-run, failed, gate-failed, error */
#define TG_OBS_FRAMEWORKS 3  /* SOX, PCI-DSS, CIS */

extern const char *const tg_observe_categories[TG_OBS_CATEGORIES];
extern const char *const tg_observe_severities[TG_OBS_SEVERITIES];
extern const char *const tg_observe_outcomes[TG_OBS_OUTCOMES];
extern const char *const tg_observe_frameworks[TG_OBS_FRAMEWORKS];

/* How an episode (an item from opened or reopened to its end) ended. */
enum tg_obs_end {
	TG_OBS_OPEN = 0,  /* still open (or in progress) */
	TG_OBS_RESOLVED,  /* resolved: fixed, or gone from the code */
	TG_OBS_SET_ASIDE, /* suppressed or left out: neither good nor bad */
};

struct tg_obs_episode {
	time_t opened, closed; /* closed: 0 while open */
	time_t delivered;      /* the first pull request opened for it in the episode; 0: none */
	double value;          /* the item's composite score (its latest observation) */
	unsigned char category, severity, end;
	unsigned char attempted; /* execute tried it during the episode */
};

struct tg_obs_execution {
	time_t started, finished; /* finished: 0 when not recorded */
	int outcome;              /* index in tg_observe_outcomes; -1: another */
	int dry_run;
};

struct tg_obs_runs {
	char *command;
	uint64_t ok, failed, running; /* runs by status */
	time_t last_started, last_finished;
	int last_ok;
};

struct tg_slo;
struct tg_posture;

struct tg_observe {
	char *repository;
	/* The SLOs (slo.h) whose thresholds the histograms' buckets hold beside their own;
	 * set by the caller after tg_observe_load (NULL: none). */
	const struct tg_slo *slos;
	size_t slos_nr;
	time_t now;
	struct tg_obs_episode *episodes;
	size_t episodes_nr;
	struct tg_obs_execution *executions;
	size_t executions_nr;
	struct tg_obs_runs *runs; /* per command, by name */
	size_t runs_nr;
	/* Open and in-progress items now, and their remediation debt in seconds. */
	uint64_t open[TG_OBS_CATEGORIES][TG_OBS_SEVERITIES];
	double debt_seconds[TG_OBS_CATEGORIES];
	/* The controls of each framework terragon knows, and those an open item is evidence
	 * against. */
	unsigned controls[TG_OBS_FRAMEWORKS], controls_failing[TG_OBS_FRAMEWORKS];
	/* Records dated after now, or ending before they began (clock skew): reported, never
	 * counted as a negative duration. */
	uint64_t skewed;
	/* The repository's posture (compliance/posture.h), read from its tree, not the store:
	 * set by the caller after tg_observe_load; NULL, or no check decided, leaves
	 * terragon_compliance_score without a sample. */
	const struct tg_posture *posture;
};

/*
 * Reads the history from the store's runs, items, item_events and
 * executions tables as of now. repository names the repository in labels.
 * TG_ERR_RUN with the store's message when a read fails. Release with
 * tg_observe_release whatever it returns.
 */
int tg_observe_load(struct tg_sql *db, time_t now, const char *repository, struct tg_observe *o);
void tg_observe_release(struct tg_observe *o);

enum tg_exposition { TG_EXPO_PROMETHEUS = 0, TG_EXPO_OPENMETRICS };
/* The Content-Type of each format. */
const char *tg_exposition_type(enum tg_exposition fmt);
/* Appends every metric (README.md, "Observability", lists them) in fmt. */
void tg_observe_metrics(struct tg_buf *out, const struct tg_observe *o, enum tg_exposition fmt);

/* The histograms' upper bounds in seconds; they hold the default SLO thresholds (4 h,
 * 2 d), and o->slos adds theirs. */
extern const double tg_obs_value_buckets[];
extern const size_t tg_obs_value_buckets_nr;
extern const double tg_obs_resolve_buckets[];
extern const size_t tg_obs_resolve_buckets_nr;

/*
 * Writes text to DIR/terragon.prom for node_exporter's textfile collector:
 * into a temporary file in DIR (a name node_exporter does not read), synced,
 * then renamed over, so a scrape never sees half a file. TG_ERR_RUN naming
 * the directory when it is missing, not a directory or not writable.
 */
int tg_observe_textfile(const char *dir, const struct tg_buf *text);

/*
 * PUTs text (format 0.0.4) to a Pushgateway at url (its base URL) under job
 * "terragon" and the instance label, replacing that group's metrics.
 * TG_ERR_RUN naming the URL and the HTTP status (or curl's error) when it
 * fails; *status gets the HTTP status (0: no answer).
 */
int tg_observe_push(const char *url, const char *instance, const struct tg_buf *text, long *status);
/* The URL of the group: url/metrics/job/terragon/instance/<instance> (base64url when
 * the value is not plain). */
void tg_observe_push_url(struct tg_buf *out, const char *url, const char *instance);

#endif
