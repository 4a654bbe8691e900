/*
 * Prometheus rule groups over terragon's metrics: the workflow guide's names
 * as recording rules, the SLOs' error ratios over the SRE workbook's
 * windows, multi-window multi-burn-rate alerts, the guide's two alerts and
 * an absent-metrics alert; and a promtool unit-test file with synthetic
 * series that fire and do not fire each alert.
 */
#include "observe/export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SECURITY "security|secret|vulnerability"
#define FAILED   "failed|gate-failed|error"

/* The SRE workbook's rows: severity, long and short windows, budget share consumed. */
struct burn_row {
	const char *severity, *long_w, *short_w, *for_;
	double hours, consumed;
};
static const struct burn_row rows[] = {
        {"page", "1h", "5m", "2m", 1, 0.02},
        {"page", "6h", "30m", "15m", 6, 0.05},
        {"ticket", "1d", "2h", "1h", 24, 0.10},
        {"ticket", "3d", "6h", "1h", 72, 0.10},
};
static const char *const windows[] = {"5m", "30m", "1h", "2h", "6h", "1d", "3d"};

/* The burn-rate threshold of a row, for an SLO window (14.4 for 1 h over 30 days). */
static double threshold(const struct burn_row *r, const struct tg_slo *slo)
{
	return r->consumed * ((double)slo->window / 3600) / r->hours;
}

/* An SLO's error ratio over window w, as PromQL on terragon's metrics. */
static void error_ratio(struct tg_buf *out, const struct tg_slo *slo, const char *w)
{
	const char *by = "sum by (repository) ";
	long thr = (long)slo->threshold;

	switch (slo->sli) {
	case TG_SLI_EXECUTION_SUCCESS:
		tg_buf_addf(out,
		            "%s(increase(terragon_executions_total{outcome=~\"" FAILED "\"}[%s]))\n"
		            "  / %s(increase(terragon_executions_total[%s]))",
		            by, w, by, w);
		break;
	case TG_SLI_TIME_TO_VALUE:
		tg_buf_addf(
		        out,
		        "1 - "
		        "%s(increase(terragon_time_to_value_seconds_bucket{le=~\"%ld(\\\\.0)?\"}"
		        "[%s]))\n  / %s(increase(terragon_time_to_value_seconds_count[%s]))",
		        by, thr, w, by, w);
		break;
	case TG_SLI_VULNERABILITY_RESOLUTION:
		tg_buf_addf(
		        out,
		        "1 - "
		        "%s(increase(terragon_time_to_resolve_seconds_bucket{category=~\"" SECURITY
		        "\",le=~\"%ld(\\\\.0)?\"}[%s]))\n"
		        "  / "
		        "%s(increase(terragon_time_to_resolve_seconds_count{category=~\"" SECURITY
		        "\"}[%s]))",
		        by, thr, w, by, w);
		break;
	}
}

/* A multi-line PromQL expression as a YAML block scalar at indent. */
static void block(struct tg_buf *out, const char *key, const char *text, int indent)
{
	const char *p = text;

	tg_buf_addf(out, "%*s%s: |\n", indent, "", key);
	while (*p) {
		size_t n = strcspn(p, "\n");
		tg_buf_addf(out, "%*s  %.*s\n", indent, "", (int)n, p);
		p += n + (p[n] == '\n');
	}
}

static void guide_records(struct tg_buf *out)
{
	static const char *const rec[][2] = {
	        {"terragon_autonomous_execution_rate",
	         "sum by (repository) (rate(terragon_executions_total[1d]))"},
	        {"terragon_execution_failure_rate",
	         "sum by (repository) (rate(terragon_executions_total{outcome=~\"" FAILED
	         "\"}[1d]))\n  / sum by (repository) (rate(terragon_executions_total[1d]))"},
	        {"terragon_value_delivery_score",
	         "sum by (repository) (increase(terragon_value_delivered_total[7d]))"},
	        {"terragon_vulnerability_count",
	         "sum by (repository, severity) (terragon_backlog_open_items{category=~\"" SECURITY
	         "\"})"},
	};
	size_t i;

	tg_buf_adds(out, "  - name: terragon-guide\n    rules:\n");
	for (i = 0; i < sizeof(rec) / sizeof(rec[0]); i++) {
		tg_buf_addf(out, "      - record: %s\n", rec[i][0]);
		block(out, "expr", rec[i][1], 8);
	}
}

static void slo_records(struct tg_buf *out, const struct tg_slo *slos, size_t nr)
{
	struct tg_buf e = TG_BUF_INIT;
	size_t i, w;

	tg_buf_adds(out, "  - name: terragon-slo-errors\n    rules:\n");
	for (i = 0; i < nr; i++) {
		for (w = 0; w < sizeof(windows) / sizeof(windows[0]); w++) {
			tg_buf_reset(&e);
			error_ratio(&e, &slos[i], windows[w]);
			tg_buf_addf(out,
			            "      - record: repository:terragon_slo_errors:ratio_rate%s\n",
			            windows[w]);
			block(out, "expr", e.buf, 8);
			tg_buf_addf(out, "        labels:\n          slo: %s\n", slos[i].name);
		}
		/* the budget, for dashboards to divide by (objectives differ) */
		tg_buf_addf(out,
		            "      - record: slo:terragon_error_budget:ratio\n"
		            "        expr: vector(%.6g)\n        labels:\n          slo: %s\n",
		            1 - slos[i].objective, slos[i].name);
	}
	tg_buf_release(&e);
}

/* "TerragonMeanTimeToValueBudgetBurn" from "mean-time-to-value". */
void tg_export_alert_name(struct tg_buf *out, const struct tg_slo *slo, const char *severity)
{
	const char *p;
	int up = 1;

	tg_buf_adds(out, "Terragon");
	for (p = slo->name; *p; p++) {
		if (*p == '-') {
			up = 1;
			continue;
		}
		tg_buf_addch(out, up && *p >= 'a' && *p <= 'z' ? *p - 32 : *p);
		up = 0;
	}
	tg_buf_adds(out, !strcmp(severity, "page") ? "BudgetBurn" : "BudgetBurnSlow");
}

/* The guide's two alerts and the absent-metrics one; descriptions are templates. */
struct alert {
	const char *name, *expr, *for_, *severity, *summary, *description;
};
static const struct alert guide_alerts[] = {
        {"AutonomousExecutionFailure",
         "sum by (repository) (increase(terragon_executions_total{outcome=~\"" FAILED
         "\"}[1h])) > 0",
         "1m", "warning", "An autonomous execution failed",
         "{{ $labels.repository }}: an attempt of terragon execute failed, failed its gates or "
         "met an error in the last hour."},
        {"SecurityVulnerabilityDetected", "terragon_critical_vulnerabilities > 0", "1m", "critical",
         "A critical vulnerability is open",
         "{{ $labels.repository }}: {{ $value }} critical security, secret or vulnerability "
         "items are open."},
        {"TerragonMetricsAbsent", "absent(terragon_build_info)", "1h", "ticket",
         "No terragon metrics", "No terragon metrics for an hour: the SLIs cannot be measured."},
};
#define GUIDE_ALERTS (sizeof(guide_alerts) / sizeof(guide_alerts[0]))

static void burn_summary(struct tg_buf *out, const struct tg_slo *slo)
{
	tg_buf_addf(out, "%s is burning its error budget too fast", slo->name);
}

static void burn_description(struct tg_buf *out, const struct tg_slo *slo, const char *severity)
{
	tg_buf_addf(out,
	            "{{ $labels.repository }}: the %s SLO (%.4g%%) burns its error budget faster "
	            "than the SRE workbook's %s threshold.",
	            slo->name, slo->objective * 100, severity);
}

static void annotations(struct tg_buf *out, const char *key, const char *summary,
                        const char *description, int indent)
{
	tg_buf_addf(out, "%*s%s:\n%*s  summary: \"%s\"\n%*s  description: \"%s\"\n", indent, "",
	            key, indent, "", summary, indent, "", description);
}

static void burn_alert(struct tg_buf *out, const struct tg_slo *slo, const char *severity)
{
	struct tg_buf e = TG_BUF_INIT, sum = TG_BUF_INIT, desc = TG_BUF_INIT;
	double budget = 1 - slo->objective;
	size_t r;
	int first = 1;

	tg_buf_adds(out, "      - alert: ");
	tg_export_alert_name(out, slo, severity);
	tg_buf_addch(out, '\n');
	for (r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		const char *rec = "repository:terragon_slo_errors:ratio_rate";
		double t = threshold(&rows[r], slo);
		if (strcmp(rows[r].severity, severity))
			continue;
		tg_buf_addf(&e,
		            "%s(\n  %s%s{slo=\"%s\"} > (%.4g * %.4g)\n"
		            "  and %s%s{slo=\"%s\"} > (%.4g * %.4g)\n)",
		            first ? "" : "\nor\n", rec, rows[r].long_w, slo->name, t, budget, rec,
		            rows[r].short_w, slo->name, t, budget);
		if (first)
			tg_buf_addf(out, "        for: %s\n", rows[r].for_);
		first = 0;
	}
	block(out, "expr", e.buf, 8);
	tg_buf_addf(out, "        labels:\n          severity: %s\n", severity);
	burn_summary(&sum, slo);
	burn_description(&desc, slo, severity);
	annotations(out, "annotations", sum.buf, desc.buf, 8);
	tg_buf_release(&e);
	tg_buf_release(&sum);
	tg_buf_release(&desc);
}

static void alerts(struct tg_buf *out, const struct tg_slo *slos, size_t nr)
{
	size_t i;

	tg_buf_adds(out, "  - name: terragon-alerts\n    rules:\n");
	for (i = 0; i < GUIDE_ALERTS; i++) {
		const struct alert *a = &guide_alerts[i];
		tg_buf_addf(out, "      - alert: %s\n", a->name);
		block(out, "expr", a->expr, 8);
		tg_buf_addf(out, "        for: %s\n        labels:\n          severity: %s\n",
		            a->for_, a->severity);
		annotations(out, "annotations", a->summary, a->description, 8);
	}
	for (i = 0; i < nr; i++) {
		burn_alert(out, &slos[i], "page");
		burn_alert(out, &slos[i], "ticket");
	}
}

void tg_export_alerts(struct tg_buf *out, const struct tg_slo *slos, size_t nr)
{
	tg_buf_adds(out, "# Prometheus rules for terragon's metrics, written by `terragon export "
	                 "alerts`.\n# Burn-rate thresholds follow the SRE workbook, scaled to "
	                 "each SLO's window.\ngroups:\n");
	guide_records(out);
	slo_records(out, slos, nr);
	alerts(out, slos, nr);
}

/*
 * The promtool unit tests: cases of synthetic series, each showing one SLI
 * (and, for a latency, one threshold) an error ratio, and which alerts it
 * fires. Whether an SLO's alert fires is worked out as Prometheus will: the
 * error ratio above a row's threshold times the budget, both as the rules
 * print them.
 */
struct test_case {
	const char *eval;
	unsigned guide; /* bits over guide_alerts */
	int sli;        /* the SLI shown an error ratio; -1: none */
	long threshold; /* the latency SLIs: whose bucket */
	double err;
};

#define R "repository=\"r\""

static double printed(double v)
{
	char b[32];

	snprintf(b, sizeof(b), "%.4g", v);
	return strtod(b, NULL);
}

static int fires(const struct test_case *c, const struct tg_slo *slo, const char *severity)
{
	size_t r;

	if (c->sli < 0 || (int)slo->sli != c->sli ||
	    (slo->sli != TG_SLI_EXECUTION_SUCCESS && (long)slo->threshold != c->threshold))
		return 0;
	for (r = 0; r < sizeof(rows) / sizeof(rows[0]); r++)
		if (!strcmp(rows[r].severity, severity) &&
		    c->err > printed(threshold(&rows[r], slo)) * printed(1 - slo->objective))
			return 1;
	return 0;
}

/* A template with the test's repository "r" and value 1. */
static void expand(struct tg_buf *out, const char *tmpl)
{
	const char *p = tmpl, *q;

	while ((q = strstr(p, "{{ "))) {
		tg_buf_add(out, p, (size_t)(q - p));
		tg_buf_adds(out, !strncmp(q, "{{ $value }}", 12) ? "1" : "r");
		p = strstr(q, "}}") + 2;
	}
	tg_buf_adds(out, p);
}

static void expect(struct tg_buf *out, const char *name, const char *severity, const char *slo,
                   const char *summary, const char *description)
{
	struct tg_buf d = TG_BUF_INIT;

	expand(&d, description);
	tg_buf_addf(out, "        alertname: %s\n        exp_alerts:\n          - exp_labels:\n",
	            name);
	if (strcmp(name, "TerragonMetricsAbsent"))
		tg_buf_adds(out, "              repository: r\n");
	tg_buf_addf(out, "              severity: %s\n", severity);
	if (slo)
		tg_buf_addf(out, "              slo: %s\n", slo);
	annotations(out, "exp_annotations", summary, d.buf, 12);
	tg_buf_release(&d);
}

static void expectations(struct tg_buf *out, const struct test_case *c, const struct tg_slo *slos,
                         size_t nr)
{
	static const char *const sevs[] = {"page", "ticket"};
	struct tg_buf name = TG_BUF_INIT, sum = TG_BUF_INIT, desc = TG_BUF_INIT;
	size_t i, s;

	for (i = 0; i < GUIDE_ALERTS; i++) {
		const struct alert *a = &guide_alerts[i];
		tg_buf_addf(out, "      - eval_time: %s\n", c->eval);
		if (c->guide & (1u << i))
			expect(out, a->name, a->severity, NULL, a->summary, a->description);
		else
			tg_buf_addf(out, "        alertname: %s\n        exp_alerts: []\n",
			            a->name);
	}
	for (i = 0; i < nr; i++)
		for (s = 0; s < 2; s++) {
			tg_buf_reset(&name);
			tg_export_alert_name(&name, &slos[i], sevs[s]);
			tg_buf_addf(out, "      - eval_time: %s\n", c->eval);
			if (!fires(c, &slos[i], sevs[s])) {
				tg_buf_addf(out, "        alertname: %s\n        exp_alerts: []\n",
				            name.buf);
				continue;
			}
			tg_buf_reset(&sum);
			tg_buf_reset(&desc);
			burn_summary(&sum, &slos[i]);
			burn_description(&desc, &slos[i], sevs[s]);
			expect(out, name.buf, sevs[s], slos[i].name, sum.buf, desc.buf);
		}
	tg_buf_release(&name);
	tg_buf_release(&sum);
	tg_buf_release(&desc);
}

static void series(struct tg_buf *out, const char *name, const char *values)
{
	tg_buf_addf(out, "      - series: '%s'\n        values: '%s'\n", name, values);
}

static void test_case(struct tg_buf *out, const char *comment, const char *series_text,
                      const struct test_case *c, const struct tg_slo *slos, size_t nr)
{
	tg_buf_addf(out, "  # %s\n  - interval: 1m\n    input_series:\n%s    alert_rule_test:\n",
	            comment, series_text);
	expectations(out, c, slos, nr);
}

/* The histogram series of a latency SLI: good within thr (none when NULL) of total
 * (none when NULL). */
static void latency_series(struct tg_buf *out, enum tg_sli sli, long thr, const char *good,
                           const char *total)
{
	const char *name = sli == TG_SLI_TIME_TO_VALUE ? "terragon_time_to_value_seconds"
	                                               : "terragon_time_to_resolve_seconds";
	const char *cat = sli == TG_SLI_TIME_TO_VALUE ? "" : ",category=\"security\"";
	char s[200];

	if (good) {
		snprintf(s, sizeof(s), "%s_bucket{" R "%s,le=\"%ld\"}", name, cat, thr);
		series(out, s, good);
	}
	if (total) {
		snprintf(s, sizeof(s), "%s_count{" R "%s}", name, cat);
		series(out, s, total);
	}
}

/* Whether an earlier SLO has the same latency SLI and threshold (one case serves both). */
static int seen_before(const struct tg_slo *slos, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (slos[j].sli == slos[i].sli && slos[j].threshold == slos[i].threshold)
			return 1;
	return 0;
}

void tg_export_alert_tests(struct tg_buf *out, const char *rules_file, const struct tg_slo *slos,
                           size_t nr)
{
	static const char build[] = "terragon_build_info{" R ",version=\"1\"}";
	struct tg_buf s = TG_BUF_INIT, comment = TG_BUF_INIT;
	struct test_case c;
	size_t i;
	int sli;

	tg_buf_adds(out, "# promtool test rules for terragon's alerts, written by `terragon export "
	                 "alerts --tests`.\nrule_files:\n  - ");
	tg_buf_add_jsons(out, rules_file);
	tg_buf_adds(out, "\nevaluation_interval: 1m\ntests:\n");

	series(&s, build, "1x200");
	series(&s, "terragon_executions_total{" R ",outcome=\"failed\"}", "0+1x200");
	series(&s, "terragon_executions_total{" R ",outcome=\"pr-opened\"}", "0+1x200");
	c = (struct test_case){"2h", 1u << 0, TG_SLI_EXECUTION_SUCCESS, 0, 0.5};
	test_case(out,
	          "executions that fail half the time: the failure alert and the execution "
	          "SLOs' burn",
	          s.buf, &c, slos, nr);

	tg_buf_reset(&s);
	series(&s, build, "1x200");
	series(&s, "terragon_executions_total{" R ",outcome=\"failed\"}", "0x200");
	series(&s, "terragon_executions_total{" R ",outcome=\"pr-opened\"}", "0+1x200");
	series(&s, "terragon_critical_vulnerabilities{" R "}", "0x200");
	for (i = 0; i < nr; i++)
		if (slos[i].sli != TG_SLI_EXECUTION_SUCCESS && !seen_before(slos, i))
			latency_series(&s, slos[i].sli, (long)slos[i].threshold, "0+1x200", NULL);
	for (sli = TG_SLI_TIME_TO_VALUE; sli <= TG_SLI_VULNERABILITY_RESOLUTION; sli++)
		latency_series(&s, (enum tg_sli)sli, 0, NULL, "0+1x200");
	c = (struct test_case){"2h", 0, -1, 0, 0};
	test_case(out, "a healthy repository: nothing fires", s.buf, &c, slos, nr);

	tg_buf_reset(&s);
	series(&s, build, "1x200");
	series(&s, "terragon_critical_vulnerabilities{" R "}", "0 0 1x100");
	c = (struct test_case){"10m", 1u << 1, -1, 0, 0};
	test_case(out, "a critical vulnerability opens", s.buf, &c, slos, nr);

	for (i = 0; i < nr; i++) {
		if (slos[i].sli == TG_SLI_EXECUTION_SUCCESS || seen_before(slos, i))
			continue;
		tg_buf_reset(&s);
		tg_buf_reset(&comment);
		series(&s, build, "1x200");
		latency_series(&s, slos[i].sli, (long)slos[i].threshold, "0+1x200", "0+10x200");
		tg_buf_addf(&comment, "nine in ten beyond %lds (%s): its SLOs burn",
		            (long)slos[i].threshold, tg_config_sli_names[slos[i].sli]);
		c = (struct test_case){"2h", 0, (int)slos[i].sli, (long)slos[i].threshold, 0.9};
		test_case(out, comment.buf, s.buf, &c, slos, nr);
	}

	tg_buf_reset(&s);
	series(&s, "up{job=\"node\"}", "1x200");
	c = (struct test_case){"70m", 1u << 2, -1, 0, 0};
	test_case(out, "no terragon metrics at all: the absent alert", s.buf, &c, slos, nr);
	tg_buf_release(&s);
	tg_buf_release(&comment);
}
