#ifndef TG_EXPORT_H
#define TG_EXPORT_H

/*
 * What Prometheus and Grafana load to watch terragon's metrics
 * (observe.h): rule groups, their promtool unit tests, and a dashboard.
 */

#include "observe/slo.h"
#include "util/buf.h"

/*
 * Prometheus rule groups (YAML): the workflow guide's names as recording
 * rules, each SLO's error ratio over 5m..3d, multi-window multi-burn-rate
 * alerts (page: 1h/5m and 6h/30m; ticket: 1d/2h and 3d/6h; thresholds scaled
 * to the SLO's window) for each of slos, each SLO's error budget, AutonomousExecutionFailure,
 * SecurityVulnerabilityDetected and TerragonMetricsAbsent.
 */
void tg_export_alerts(struct tg_buf *out, const struct tg_slo *slos, size_t nr);
/* The alert of an SLO at a severity ("page" or "ticket"). */
void tg_export_alert_name(struct tg_buf *out, const struct tg_slo *slo, const char *severity);

/*
 * A `promtool test rules` file for rules_file (the path written into
 * rule_files, relative to the test file's directory): synthetic series that
 * fire each alert, and others that do not: one case per SLI (and latency
 * threshold) the SLOs measure.
 */
void tg_export_alert_tests(struct tg_buf *out, const char *rules_file, const struct tg_slo *slos,
                           size_t nr);

/*
 * A Grafana dashboard (JSON model, schemaVersion 39) with a datasource
 * variable: "Autonomous Execution Velocity", "Security Posture Trends", the
 * backlog by category and severity, debt, SLO budgets, executions by outcome
 * and time to value. A stable uid; every panel has a unit and a description.
 */
void tg_export_grafana(struct tg_buf *out);

#endif
