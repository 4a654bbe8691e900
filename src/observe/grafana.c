/*
 * The Grafana dashboard (JSON model, schemaVersion 39, which Grafana 10 and
 * 11 import and migrate forward). The datasource is a template variable, as
 * file provisioning needs (it does not substitute __inputs); rates use
 * $__rate_interval and counters are read only through rate or increase.
 */
#include "observe/export.h"

#include <string.h>

#define SEL    "{repository=~\"$repository\"}"
#define SECSEL "{repository=~\"$repository\",category=~\"security|secret|vulnerability\"}"

struct target {
	const char *expr, *legend;
};

struct panel {
	const char *type, *title, *description, *unit;
	int w, h;
	struct target targets[3];
	double min, max; /* used when max > min */
};

static const struct panel panels[] = {
        {"timeseries",
         "Autonomous Execution Velocity",
         "Attempts of terragon execute per day, by outcome (pr-opened, dry-run, failed, "
         "gate-failed, error).",
         "short",
         12,
         8,
         {{"sum by (outcome) (rate(terragon_executions_total" SEL "[$__rate_interval])) * 86400",
           "{{outcome}}"}},
         0,
         0},
        {"timeseries",
         "Security Posture Trends",
         "Open security, secret and vulnerability items by severity; critical ones fire "
         "SecurityVulnerabilityDetected.",
         "short",
         12,
         8,
         {{"sum by (severity) (terragon_backlog_open_items" SECSEL ")", "{{severity}}"}},
         0,
         0},
        {"bargauge",
         "Backlog by category",
         "Items open or in progress now, by category.",
         "short",
         8,
         8,
         {{"sum by (category) (terragon_backlog_open_items" SEL ")", "{{category}}"}},
         0,
         0},
        {"bargauge",
         "Backlog by severity",
         "Items open or in progress now, by severity.",
         "short",
         8,
         8,
         {{"sum by (severity) (terragon_backlog_open_items" SEL ")", "{{severity}}"}},
         0,
         0},
        {"stat",
         "Technical debt",
         "Remediation effort of the open items (the sum of their debt minutes).",
         "s",
         8,
         8,
         {{"sum(terragon_backlog_debt_seconds" SEL ")", "debt"}},
         0,
         0},
        {"timeseries",
         "SLO burn rates (1 h)",
         "Each SLO's error ratio over the last hour divided by its error budget (1 - "
         "objective); 1 spends the budget exactly over the SLO window.",
         "none",
         12,
         8,
         {{"max by (slo) (repository:terragon_slo_errors:ratio_rate1h" SEL
           ")\n  / on (slo) slo:terragon_error_budget:ratio",
           "{{slo}}"}},
         0,
         0},
        {"bargauge",
         "Executions by outcome",
         "Attempts of terragon execute over the dashboard's time range, by outcome.",
         "short",
         12,
         8,
         {{"sum by (outcome) (increase(terragon_executions_total" SEL "[$__range]))",
           "{{outcome}}"}},
         0,
         0},
        {"timeseries",
         "Time to value",
         "From an item's opening to the pull request execute opened for it: median and 95th "
         "percentile. The SLO asks for 4 h.",
         "s",
         12,
         8,
         {{"histogram_quantile(0.5, sum by (le) (rate(terragon_time_to_value_seconds_bucket" SEL
           "[$__rate_interval])))",
           "p50"},
          {"histogram_quantile(0.95, sum by (le) (rate(terragon_time_to_value_seconds_bucket" SEL
           "[$__rate_interval])))",
           "p95"}},
         0,
         0},
        {"gauge",
         "Compliance score",
         "The repository's posture (terragon posture: Scorecard-style checks weighted by "
         "risk) over 10.",
         "percentunit",
         6,
         8,
         {{"max(terragon_compliance_score" SEL ")", "score"}},
         0,
         1},
        {"stat",
         "Critical vulnerabilities",
         "Open critical security, secret and vulnerability items.",
         "short",
         6,
         8,
         {{"sum(terragon_critical_vulnerabilities" SEL ")", "critical"}},
         0,
         0},
};

static void datasource(struct tg_buf *out)
{
	tg_buf_adds(out, "{\"type\": \"prometheus\", \"uid\": \"${datasource}\"}");
}

static void panel(struct tg_buf *out, const struct panel *p, int id, int *x, int *y, int *row_h)
{
	size_t t;

	if (*x + p->w > 24) {
		*x = 0;
		*y += *row_h;
		*row_h = 0;
	}
	tg_buf_addf(out, "    {\"id\": %d, \"type\": \"%s\", \"title\": ", id, p->type);
	tg_buf_add_jsons(out, p->title);
	tg_buf_adds(out, ",\n     \"description\": ");
	tg_buf_add_jsons(out, p->description);
	tg_buf_addf(out, ",\n     \"gridPos\": {\"x\": %d, \"y\": %d, \"w\": %d, \"h\": %d},\n", *x,
	            *y, p->w, p->h);
	tg_buf_adds(out, "     \"datasource\": ");
	datasource(out);
	tg_buf_addf(out, ",\n     \"fieldConfig\": {\"defaults\": {\"unit\": \"%s\"", p->unit);
	if (p->max > p->min)
		tg_buf_addf(out, ", \"min\": %g, \"max\": %g", p->min, p->max);
	tg_buf_adds(out, "}, \"overrides\": []},\n     \"options\": {},\n     \"targets\": [");
	for (t = 0; t < 3 && p->targets[t].expr; t++) {
		tg_buf_addf(out, "%s\n       {\"refId\": \"%c\", \"datasource\": ", t ? "," : "",
		            'A' + (int)t);
		datasource(out);
		tg_buf_adds(out, ", \"expr\": ");
		tg_buf_add_jsons(out, p->targets[t].expr);
		tg_buf_adds(out, ", \"legendFormat\": ");
		tg_buf_add_jsons(out, p->targets[t].legend);
		tg_buf_adds(out, "}");
	}
	tg_buf_adds(out, "]}");
	*x += p->w;
	if (p->h > *row_h)
		*row_h = p->h;
}

void tg_export_grafana(struct tg_buf *out)
{
	size_t i;
	int x = 0, y = 0, row_h = 0;

	tg_buf_adds(
	        out,
	        "{\n  \"title\": \"terragon\",\n  \"uid\": \"terragon-overview\",\n"
	        "  \"description\": \"terragon's backlog, autonomous execution and SLOs, from "
	        "`terragon metrics`.\",\n"
	        "  \"schemaVersion\": 39,\n  \"version\": 1,\n  \"editable\": true,\n"
	        "  \"timezone\": \"utc\",\n  \"refresh\": \"5m\",\n  \"tags\": [\"terragon\"],\n"
	        "  \"time\": {\"from\": \"now-7d\", \"to\": \"now\"},\n"
	        "  \"annotations\": {\"list\": []},\n"
	        "  \"templating\": {\"list\": [\n"
	        "    {\"name\": \"datasource\", \"label\": \"Data source\", \"type\": "
	        "\"datasource\", \"query\": \"prometheus\"},\n"
	        "    {\"name\": \"repository\", \"label\": \"Repository\", \"type\": \"query\", "
	        "\"datasource\": ");
	datasource(out);
	tg_buf_adds(out,
	            ", \"query\": \"label_values(terragon_build_info, repository)\", "
	            "\"refresh\": 2, \"multi\": true, \"includeAll\": true, \"allValue\": \".*\", "
	            "\"current\": {\"text\": \"All\", \"value\": \"$__all\"}}\n  ]},\n"
	            "  \"panels\": [\n");
	for (i = 0; i < sizeof(panels) / sizeof(panels[0]); i++) {
		if (i)
			tg_buf_adds(out, ",\n");
		panel(out, &panels[i], (int)i + 1, &x, &y, &row_h);
	}
	tg_buf_adds(out, "\n  ]\n}\n");
}
