/*
 * The metrics, in Prometheus text 0.0.4 or OpenMetrics 1.0. The two differ
 * in where a counter's metadata points (the sample `x_total` in 0.0.4, the
 * family `x` in OpenMetrics), in UNIT lines, info families, the canonical
 * `le` rendering and the final `# EOF`. No sample carries a timestamp.
 */
#include "observe/observe.h"
#include "observe/slo.h"

#include "compliance/posture.h"

#include "util/utf8.h"
#include "version.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const double tg_obs_value_buckets[] = {300,       900,   3600,      4 * 3600,
                                       12 * 3600, 86400, 2 * 86400, 7 * 86400};
const size_t tg_obs_value_buckets_nr = sizeof(tg_obs_value_buckets) / sizeof(double);
const double tg_obs_resolve_buckets[] = {3600,      4 * 3600,  12 * 3600,  86400,
                                         2 * 86400, 7 * 86400, 30 * 86400, 90 * 86400};
const size_t tg_obs_resolve_buckets_nr = sizeof(tg_obs_resolve_buckets) / sizeof(double);

/* the fixed bounds, then one per SLO at most */
#define MAX_BUCKETS (8 + TG_CONFIG_SLOS_MAX)

const char *tg_exposition_type(enum tg_exposition fmt)
{
	return fmt == TG_EXPO_OPENMETRICS
	               ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
	               : "text/plain; version=0.0.4; charset=utf-8";
}

struct expo {
	struct tg_buf *out;
	enum tg_exposition fmt;
	const struct tg_observe *o;
};

/* A number as Go and the OpenMetrics spec write it: integers without a point. */
static void num(struct tg_buf *out, double v)
{
	char s[40];

	if (isnan(v))
		tg_buf_adds(out, "NaN");
	else if (isinf(v))
		tg_buf_adds(out, v > 0 ? "+Inf" : "-Inf");
	else if (v == floor(v) && fabs(v) < 1e15)
		tg_buf_addf(out, "%.0f", v);
	else {
		snprintf(s, sizeof(s), "%.15g", v);
		if (strtod(s, NULL) != v)
			snprintf(s, sizeof(s), "%.17g", v);
		tg_buf_adds(out, s);
	}
}

/*
 * HELP and TYPE (and UNIT) of a family. name is the family's name; a counter
 * is written `name_total` in 0.0.4; an info family is a gauge `name_info`
 * there.
 */
static void family(struct expo *x, const char *name, const char *type, const char *unit,
                   const char *help)
{
	int om = x->fmt == TG_EXPO_OPENMETRICS;
	const char *suffix = "";

	if (!om && !strcmp(type, "counter"))
		suffix = "_total";
	if (!om && !strcmp(type, "info")) {
		suffix = "_info";
		type = "gauge";
	}
	if (om) {
		tg_buf_addf(x->out, "# TYPE %s %s\n", name, type);
		if (unit)
			tg_buf_addf(x->out, "# UNIT %s %s\n", name, unit);
		tg_buf_addf(x->out, "# HELP %s %s\n", name, help);
	} else {
		tg_buf_addf(x->out, "# HELP %s%s %s\n", name, suffix, help);
		tg_buf_addf(x->out, "# TYPE %s%s %s\n", name, suffix, type);
	}
}

static void label(struct expo *x, const char *key, const char *value)
{
	struct tg_buf v = TG_BUF_INIT;
	const char *p;

	tg_buf_add_utf8s(&v, value); /* the exposition is UTF-8: other bytes as \xff */
	if (x->out->len && x->out->buf[x->out->len - 1] != '{')
		tg_buf_addch(x->out, ',');
	tg_buf_addf(x->out, "%s=\"", key);
	for (p = v.buf; *p; p++) {
		if (*p == '\\' || *p == '"')
			tg_buf_addch(x->out, '\\');
		if (*p == '\n')
			tg_buf_adds(x->out, "\\n");
		else
			tg_buf_addch(x->out, *p);
	}
	tg_buf_addch(x->out, '"');
	tg_buf_release(&v);
}

/* Opens a sample `name{repository="..."`; labels follow, then value(). */
static void sample(struct expo *x, const char *name, const char *suffix)
{
	tg_buf_addf(x->out, "%s%s{", name, suffix);
	label(x, "repository", x->o->repository);
}

static void value(struct expo *x, double v)
{
	tg_buf_adds(x->out, "} ");
	num(x->out, v);
	tg_buf_addch(x->out, '\n');
}

static void build_info(struct expo *x)
{
	family(x, "terragon_build", "info", NULL, "terragon's version; the value is always 1.");
	sample(x, "terragon_build", "_info");
	label(x, "version", TG_VERSION);
	value(x, 1);
}

static void runs(struct expo *x)
{
	const struct tg_observe *o = x->o;
	static const char *const statuses[] = {"ok", "failed", "running"};
	size_t i, s;

	family(x, "terragon_runs", "counter", NULL, "terragon runs recorded in the store.");
	for (i = 0; i < o->runs_nr; i++)
		for (s = 0; s < 3; s++) {
			const struct tg_obs_runs *r = &o->runs[i];
			sample(x, "terragon_runs", "_total");
			label(x, "command", r->command);
			label(x, "status", statuses[s]);
			value(x, (double)(s == 0 ? r->ok : s == 1 ? r->failed : r->running));
		}
	family(x, "terragon_last_run_timestamp_seconds", "gauge", "seconds",
	       "When the last run of each command started, in Unix seconds.");
	for (i = 0; i < o->runs_nr; i++) {
		sample(x, "terragon_last_run_timestamp_seconds", "");
		label(x, "command", o->runs[i].command);
		value(x, (double)o->runs[i].last_started);
	}
	family(x, "terragon_last_run_duration_seconds", "gauge", "seconds",
	       "How long the last finished run of each command took.");
	for (i = 0; i < o->runs_nr; i++) {
		const struct tg_obs_runs *r = &o->runs[i];
		if (!r->last_finished)
			continue;
		sample(x, "terragon_last_run_duration_seconds", "");
		label(x, "command", r->command);
		value(x, r->last_finished > r->last_started
		                 ? (double)(r->last_finished - r->last_started)
		                 : 0);
	}
	family(x, "terragon_last_run_success", "gauge", NULL,
	       "1 when the last run of each command succeeded, else 0.");
	for (i = 0; i < o->runs_nr; i++) {
		sample(x, "terragon_last_run_success", "");
		label(x, "command", o->runs[i].command);
		value(x, o->runs[i].last_ok);
	}
}

static void open_items(struct expo *x)
{
	const struct tg_observe *o = x->o;
	double critical = 0;
	size_t c, s;

	family(x, "terragon_backlog_open_items", "gauge", NULL,
	       "Items open or in progress now, by category and severity.");
	for (c = 0; c < TG_OBS_CATEGORIES; c++)
		for (s = 0; s < TG_OBS_SEVERITIES; s++) {
			sample(x, "terragon_backlog_open_items", "");
			label(x, "category", tg_observe_categories[c]);
			label(x, "severity", tg_observe_severities[s]);
			value(x, (double)o->open[c][s]);
		}
	family(x, "terragon_backlog_debt_seconds", "gauge", "seconds",
	       "Remediation effort of the open items, by category.");
	for (c = 0; c < TG_OBS_CATEGORIES; c++) {
		sample(x, "terragon_backlog_debt_seconds", "");
		label(x, "category", tg_observe_categories[c]);
		value(x, o->debt_seconds[c]);
	}
	for (c = 0; c < 3; c++) /* security, secret, vulnerability */
		critical += (double)o->open[c][TG_OBS_SEVERITIES - 1];
	family(x, "terragon_critical_vulnerabilities", "gauge", NULL,
	       "Open critical items of the security, secret and vulnerability categories.");
	sample(x, "terragon_critical_vulnerabilities", "");
	value(x, critical);
}

static void item_counters(struct expo *x)
{
	const struct tg_observe *o = x->o;
	uint64_t opened[TG_OBS_CATEGORIES][TG_OBS_SEVERITIES] = {{0}};
	uint64_t resolved[TG_OBS_CATEGORIES][TG_OBS_SEVERITIES] = {{0}};
	double delivered[TG_OBS_CATEGORIES] = {0};
	size_t i, c, s;

	for (i = 0; i < o->episodes_nr; i++) {
		const struct tg_obs_episode *e = &o->episodes[i];
		opened[e->category][e->severity]++;
		if (e->end == TG_OBS_RESOLVED) {
			resolved[e->category][e->severity]++;
			delivered[e->category] += e->value;
		}
	}
	family(x, "terragon_items_opened", "counter", NULL,
	       "Items opened or reopened, over the store's whole history.");
	for (c = 0; c < TG_OBS_CATEGORIES; c++)
		for (s = 0; s < TG_OBS_SEVERITIES; s++) {
			sample(x, "terragon_items_opened", "_total");
			label(x, "category", tg_observe_categories[c]);
			label(x, "severity", tg_observe_severities[s]);
			value(x, (double)opened[c][s]);
		}
	family(x, "terragon_items_resolved", "counter", NULL,
	       "Items resolved, over the store's whole history.");
	for (c = 0; c < TG_OBS_CATEGORIES; c++)
		for (s = 0; s < TG_OBS_SEVERITIES; s++) {
			sample(x, "terragon_items_resolved", "_total");
			label(x, "category", tg_observe_categories[c]);
			label(x, "severity", tg_observe_severities[s]);
			value(x, (double)resolved[c][s]);
		}
	family(x, "terragon_value_delivered", "counter", NULL,
	       "Composite scores of the items resolved: the value delivered.");
	for (c = 0; c < TG_OBS_CATEGORIES; c++) {
		sample(x, "terragon_value_delivered", "_total");
		label(x, "category", tg_observe_categories[c]);
		value(x, delivered[c]);
	}
}

static void executions(struct expo *x)
{
	const struct tg_observe *o = x->o;
	uint64_t by[TG_OBS_OUTCOMES] = {0};
	size_t i;

	for (i = 0; i < o->executions_nr; i++)
		if (o->executions[i].outcome >= 0)
			by[o->executions[i].outcome]++;
	family(x, "terragon_executions", "counter", NULL,
	       "Attempts of execute to fix an item, by outcome.");
	for (i = 0; i < TG_OBS_OUTCOMES; i++) {
		sample(x, "terragon_executions", "_total");
		label(x, "outcome", tg_observe_outcomes[i]);
		value(x, (double)by[i]);
	}
}

struct histogram {
	uint64_t counts[MAX_BUCKETS];
	double sum;
	uint64_t count;
};

static void observe(struct histogram *h, const double *bounds, size_t nr, double v)
{
	size_t i;

	for (i = 0; i < nr; i++)
		h->counts[i] += v <= bounds[i];
	h->sum += v;
	h->count++;
}

static void le(struct expo *x, double bound)
{
	struct tg_buf b = TG_BUF_INIT;

	num(&b, bound);
	/* OpenMetrics' canonical float: 3600.0, as its reference parser wants it */
	if (x->fmt == TG_EXPO_OPENMETRICS && !strpbrk(b.buf, ".eI"))
		tg_buf_adds(&b, ".0");
	label(x, "le", b.buf);
	tg_buf_release(&b);
}

static void histogram(struct expo *x, const char *name, const char *lname, const char *lvalue,
                      const struct histogram *h, const double *bounds, size_t nr)
{
	size_t i;

	for (i = 0; i <= nr; i++) {
		sample(x, name, "_bucket");
		if (lname)
			label(x, lname, lvalue);
		if (i < nr)
			le(x, bounds[i]);
		else
			label(x, "le", "+Inf");
		value(x, (double)(i < nr ? h->counts[i] : h->count));
	}
	sample(x, name, "_sum");
	if (lname)
		label(x, lname, lvalue);
	value(x, h->sum);
	sample(x, name, "_count");
	if (lname)
		label(x, lname, lvalue);
	value(x, (double)h->count);
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* A histogram's bounds: the fixed ones and the thresholds of the SLOs of one SLI, so an
 * alert can read the share within each threshold from its bucket. */
static size_t bounds(double *out, const double *fixed, size_t nr, const struct tg_observe *o,
                     enum tg_sli sli)
{
	size_t i, j, n = nr;

	memcpy(out, fixed, nr * sizeof(*fixed));
	for (i = 0; i < o->slos_nr; i++) {
		double t = (double)o->slos[i].threshold;
		if (o->slos[i].sli != sli)
			continue;
		for (j = 0; j < n && out[j] != t; j++)
			;
		if (j == n && n < MAX_BUCKETS)
			out[n++] = t;
	}
	qsort(out, n, sizeof(*out), by_value);
	return n;
}

static void durations(struct expo *x)
{
	const struct tg_observe *o = x->o;
	struct histogram ttv = {{0}, 0, 0}, ttr[TG_OBS_CATEGORIES];
	double vb[MAX_BUCKETS], rb[MAX_BUCKETS];
	size_t i, vn, rn;

	vn = bounds(vb, tg_obs_value_buckets, tg_obs_value_buckets_nr, o, TG_SLI_TIME_TO_VALUE);
	rn = bounds(rb, tg_obs_resolve_buckets, tg_obs_resolve_buckets_nr, o,
	            TG_SLI_VULNERABILITY_RESOLUTION);

	memset(ttr, 0, sizeof(ttr));
	for (i = 0; i < o->episodes_nr; i++) {
		const struct tg_obs_episode *e = &o->episodes[i];
		if (e->delivered && e->delivered >= e->opened)
			observe(&ttv, vb, vn, (double)(e->delivered - e->opened));
		if (e->end == TG_OBS_RESOLVED && e->closed >= e->opened)
			observe(&ttr[e->category], rb, rn, (double)(e->closed - e->opened));
	}
	family(x, "terragon_time_to_value_seconds", "histogram", "seconds",
	       "From an item's opening to the first pull request execute opened for it.");
	histogram(x, "terragon_time_to_value_seconds", NULL, NULL, &ttv, vb, vn);
	family(x, "terragon_time_to_resolve_seconds", "histogram", "seconds",
	       "From an item's opening to its resolution, by category.");
	for (i = 0; i < TG_OBS_CATEGORIES; i++)
		histogram(x, "terragon_time_to_resolve_seconds", "category",
		          tg_observe_categories[i], &ttr[i], rb, rn);
}

static void compliance(struct expo *x)
{
	const struct tg_observe *o = x->o;
	size_t f;

	family(x, "terragon_compliance_controls", "gauge", NULL,
	       "Controls of each framework that terragon's findings map to.");
	for (f = 0; f < TG_OBS_FRAMEWORKS; f++) {
		sample(x, "terragon_compliance_controls", "");
		label(x, "framework", tg_observe_frameworks[f]);
		value(x, o->controls[f]);
	}
	family(x, "terragon_compliance_controls_passing_ratio", "gauge", NULL,
	       "Share of those controls that no open item is evidence against (0 to 1).");
	for (f = 0; f < TG_OBS_FRAMEWORKS; f++) {
		sample(x, "terragon_compliance_controls_passing_ratio", "");
		label(x, "framework", tg_observe_frameworks[f]);
		value(x,
		      o->controls[f] ? 1.0 - (double)o->controls_failing[f] / o->controls[f] : 1);
	}
	/* The guide's name for the posture score, as `terragon posture` computes it, over 10
	 * so it reads as a ratio like the others: a gauge, not a recording rule, as the
	 * checks read the tree and its tags, which no other metric carries. */
	family(x, "terragon_compliance_score", "gauge", NULL,
	       "The repository's posture (terragon posture: Scorecard-style checks weighted "
	       "by risk) over 10, 0 to 1.");
	if (o->posture && o->posture->score >= 0) {
		sample(x, "terragon_compliance_score", "");
		value(x, o->posture->score / 10);
	}
}

void tg_observe_metrics(struct tg_buf *out, const struct tg_observe *o, enum tg_exposition fmt)
{
	struct expo x = {out, fmt, o};

	build_info(&x);
	runs(&x);
	open_items(&x);
	item_counters(&x);
	executions(&x);
	durations(&x);
	compliance(&x);
	family(&x, "terragon_clock_skewed_records", "gauge", NULL,
	       "Records of the store dated after now, or ending before they began.");
	sample(&x, "terragon_clock_skewed_records", "");
	value(&x, (double)o->skewed);
	if (fmt == TG_EXPO_OPENMETRICS)
		tg_buf_adds(out, "# EOF\n");
}
