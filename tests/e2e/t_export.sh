#!/usr/bin/env bash
# terragon export alerts / grafana: the rules pass `promtool check rules` with
# every lint fatal, the unit-test file terragon writes passes `promtool test
# rules` (and fails when an alert is broken), the dashboard passes the
# dashboard-linter rules of grafana_lint.py.
. "$(dirname "$0")/lib.sh"
D="$(cd "$(dirname "$0")" && pwd)"
cd "$T"

test_case 'the rules pass promtool check rules --lint=all --lint-fatal' <<'CASE'
expect_exit 0 "$TERRAGON" export alerts -o "$T/alerts.yml"
expect_exit 0 promtool check rules --lint=all --lint-fatal "$T/alerts.yml"
expect_grep 'SUCCESS: 37 rules found' "$T/out"
CASE

test_case "the guide's names, alerts and the workbook's burn thresholds are there" <<'CASE'
"$TERRAGON" export alerts >"$T/a.yml"
for n in terragon_autonomous_execution_rate terragon_value_delivery_score \
  terragon_vulnerability_count terragon_execution_failure_rate; do
  expect_grep "^      - record: $n\$" "$T/a.yml"
done
expect_grep '^      - alert: AutonomousExecutionFailure$' "$T/a.yml"
expect_grep '^      - alert: SecurityVulnerabilityDetected$' "$T/a.yml"
expect_grep '^      - alert: TerragonMetricsAbsent$' "$T/a.yml"
# 30-day SLOs: 14.4x over 1h/5m, 6x over 6h/30m, 3x over 1d/2h, 1x over 3d/6h
expect_grep 'ratio_rate1h\{slo="mean-time-to-value"\} > \(14.4 \* 0.05\)' "$T/a.yml"
expect_grep 'ratio_rate30m\{slo="mean-time-to-value"\} > \(6 \* 0.05\)' "$T/a.yml"
expect_grep 'ratio_rate2h\{slo="vulnerability-resolution"\} > \(3 \* 0.05\)' "$T/a.yml"
expect_grep 'ratio_rate6h\{slo="vulnerability-resolution"\} > \(1 \* 0.05\)' "$T/a.yml"
# the 7-day execution SLO: the same budget shares over a quarter of the period
expect_grep 'ratio_rate5m\{slo="autonomous-execution-success"\} > \(3.36 \* 0.05\)' "$T/a.yml"
CASE

test_case 'the unit tests terragon writes pass promtool test rules' <<'CASE'
mkdir -p "$T/rules"
expect_exit 0 "$TERRAGON" export alerts -o "$T/rules/alerts.yml" --tests "$T/rules/alerts_test.yml"
expect_grep '^  - "alerts.yml"$' "$T/rules/alerts_test.yml"
expect_exit 0 promtool test rules "$T/rules/alerts_test.yml"
expect_grep SUCCESS "$T/out"
# every alert is expected to fire in one case and stay silent in another
for a in $(awk '/- alert:/ {print $3}' "$T/rules/alerts.yml"); do
  grep -A2 "alertname: $a\$" "$T/rules/alerts_test.yml" | grep -q 'exp_alerts: \[\]' || fail "$a never silent"
  grep -A3 "alertname: $a\$" "$T/rules/alerts_test.yml" | grep -q 'exp_labels:' || fail "$a never fires"
done
CASE

test_case 'the unit tests fail when an alert is broken' <<'CASE'
sed 's/terragon_critical_vulnerabilities > 0/terragon_critical_vulnerabilities > 5/' \
  "$T/rules/alerts.yml" >"$T/rules/broken.yml"
sed 's/"alerts.yml"/"broken.yml"/' "$T/rules/alerts_test.yml" >"$T/rules/broken_test.yml"
expect_exit 1 promtool test rules "$T/rules/broken_test.yml"
cat "$T/out" "$T/err" >"$T/both"
expect_grep 'alertname: SecurityVulnerabilityDetected' "$T/both"
CASE

test_case 'tests in another directory name the rules by their absolute path' <<'CASE'
mkdir -p "$T/other"
expect_exit 0 "$TERRAGON" export alerts -o "$T/rules/alerts.yml" --tests "$T/other/t.yml"
expect_grep "^  - \"$(cd "$T/rules" && pwd -P)/alerts.yml\"\$" "$T/other/t.yml"
expect_exit 0 promtool test rules "$T/other/t.yml"
expect_exit 2 "$TERRAGON" export alerts --tests "$T/other/t.yml"
CASE

test_case 'the dashboard passes the dashboard-linter rules and is the same every time' <<'CASE'
expect_exit 0 "$TERRAGON" export grafana -o "$T/dash.json"
expect_exit 0 python3 "$D/grafana_lint.py" "$T/dash.json"
"$TERRAGON" export grafana | cmp - "$T/dash.json"
python3 - "$T/dash.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
titles = [p["title"] for p in d["panels"]]
for t in ("Autonomous Execution Velocity", "Security Posture Trends", "Backlog by category",
          "Backlog by severity", "Technical debt", "SLO burn rates (1 h)",
          "Executions by outcome", "Time to value"):
    assert t in titles, t
assert d["uid"] == "terragon-overview"
PY
CASE

test_case 'the dashboard linter catches what it checks' <<'CASE'
python3 - "$T/dash.json" "$T/bad.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["panels"][0]["targets"][0]["expr"] = "sum(terragon_executions_total) + sum(rate(x_total[5m]))"
del d["panels"][1]["description"]
d["panels"][2]["fieldConfig"]["defaults"].pop("unit")
d["templating"]["list"] = d["templating"]["list"][1:]
json.dump(d, open(sys.argv[2], "w"))
PY
expect_exit 1 python3 "$D/grafana_lint.py" "$T/bad.json"
for r in target-counter-agg-rule target-rate-interval-rule panel-title-description-rule \
  panel-units-rule template-datasource-rule; do
  expect_grep "$r" "$T/out"
done
CASE

done_testing
