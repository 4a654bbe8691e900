#!/usr/bin/env bash
# terragon slo: the guide's three SLOs from a store of real discover and
# execute runs (observe_lib.sh), their error budgets, burn rates and exit
# status; items still open count as misses once past their threshold.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/observe_lib.sh"
history r
# slo_field NAME KEY FILE: one field of one SLO of `slo --format json`.
slo_field() {
  "$PY" -c 'import json, sys
d = {s["name"]: s for s in json.load(open(sys.argv[3]))["slos"]}
print(json.dumps(d[sys.argv[1]][sys.argv[2]]))' "$1" "$2" "$3"
}
expect_field() {
  local got
  got=$(slo_field "$1" "$2" "$4")
  [ "$got" = "$3" ] || { cat "$4" >&2; fail "$1.$2 is $got, want $3"; }
  ok
}

test_case 'one failed execution of two breaches the 95% execution SLO: exit 1, budget spent' <<'CASE'
expect_exit 1 "$TERRAGON" slo -C "$R" --format json --now=2026-11-21T12:00:00Z
cp "$T/out" "$T/s.json"
expect_field autonomous-execution-success total 2 "$T/s.json"
expect_field autonomous-execution-success good 1 "$T/s.json"
expect_field autonomous-execution-success value 0.5 "$T/s.json"
# error ratio 0.5 over a budget of 0.05: burn 10, nine budgets over
expect_field autonomous-execution-success error_budget_left -9 "$T/s.json"
expect_field autonomous-execution-success status '"breached"' "$T/s.json"
expect_field autonomous-execution-success budget_exhausted_in_seconds 0 "$T/s.json"
CASE

test_case 'burn rates count only the events inside each window' <<'CASE'
expect_exit 1 "$TERRAGON" slo -C "$R" --format json --now=2026-11-21T12:00:00Z
cp "$T/out" "$T/s.json"
# the executions were 25 hours before: only the 3-day window holds them
expect_field autonomous-execution-success burn_rates '{"1h": null, "6h": null, "1d": null, "3d": 10}' "$T/s.json"
expect_exit 1 "$TERRAGON" slo -C "$R" --format json --now=2026-11-20T11:30:00Z
cp "$T/out" "$T/s.json"
expect_field autonomous-execution-success burn_rates '{"1h": 10, "6h": 10, "1d": 10, "3d": 10}' "$T/s.json"
CASE

test_case 'time to value: the pull request in 1 h is good, the item execute failed on misses at 4 h' <<'CASE'
expect_exit 1 "$TERRAGON" slo -C "$R" --format json --now=2026-11-20T13:00:00Z
cp "$T/out" "$T/s.json"
# at 13:00 the failed item is 3 h old: not yet a miss
expect_field mean-time-to-value total 1 "$T/s.json"
expect_field mean-time-to-value good 1 "$T/s.json"
expect_exit 1 "$TERRAGON" slo -C "$R" --format json --now=2026-11-20T14:30:00Z
cp "$T/out" "$T/s.json"
expect_field mean-time-to-value total 2 "$T/s.json"
expect_field mean-time-to-value good 1 "$T/s.json"
expect_field mean-time-to-value status '"breached"' "$T/s.json"
CASE

test_case 'a vulnerability still open after 3 days misses its 2-day objective before it is resolved' <<'CASE'
# opened 2026-11-21 10:00: within 2 days it is undecided
expect_exit 1 "$TERRAGON" slo -C "$R" --format json --now=2026-11-22T10:00:00Z
cp "$T/out" "$T/s.json"
expect_field vulnerability-resolution status '"no data"' "$T/s.json"
expect_exit 1 "$TERRAGON" slo -C "$R" --format json --now=2026-11-24T10:00:00Z
cp "$T/out" "$T/s.json"
expect_field vulnerability-resolution total 1 "$T/s.json"
expect_field vulnerability-resolution good 0 "$T/s.json"
expect_field vulnerability-resolution status '"breached"' "$T/s.json"
CASE

test_case 'an SLO of the configuration is computed beside the defaults, and is a histogram bucket' <<'CASE'
cp "$R/.terragon/config.yaml" "$T/config.saved"
cat >>"$R/.terragon/config.yaml" <<'YAML'
slos:
  - {name: autonomous-execution-success, sli: execution_success, objective: 95%, window: 7d}
  - {name: vulnerability-resolution, sli: vulnerability_resolution, objective: 95%, window: 30d, threshold: 2d}
  - name: critical-fixed-fast
    sli: vulnerability_resolution
    objective: 0.9
    window: 2w
    threshold: 90m
YAML
# the security item opened at 10:00; at 12:00 it is past 90 minutes: a miss, not yet past 2 days
expect_exit 1 "$TERRAGON" slo -C "$R" --format json --now=2026-11-21T12:00:00Z
cp "$T/out" "$T/s.json"
expect_field critical-fixed-fast threshold_seconds 5400 "$T/s.json"
expect_field critical-fixed-fast window_seconds 1209600 "$T/s.json"
expect_field critical-fixed-fast objective 0.9 "$T/s.json"
expect_field critical-fixed-fast total 1 "$T/s.json"
expect_field critical-fixed-fast status '"breached"' "$T/s.json"
expect_field vulnerability-resolution status '"no data"' "$T/s.json"
# the list replaced the default: mean-time-to-value is gone
[ "$(grep -c '"name"' "$T/s.json")" = 3 ] || fail "$(cat "$T/s.json")"
expect_exit 0 "$TERRAGON" metrics -C "$R" --now=2026-11-21T12:00:00Z
cp "$T/out" "$T/m.prom"
expect_exit 0 promtool check metrics <"$T/m.prom"
expect_grep '^terragon_time_to_resolve_seconds_bucket\{repository="r",category="security",le="5400"\} ' "$T/m.prom"
expect_exit 0 "$TERRAGON" export alerts -C "$R" -o "$T/rules.yml" --tests "$T/rules_test.yml"
expect_exit 0 promtool check rules --lint=all --lint-fatal "$T/rules.yml"
expect_exit 0 promtool test rules "$T/rules_test.yml"
expect_grep '^      - alert: TerragonCriticalFixedFastBudgetBurn$' "$T/rules.yml"
expect_no_grep 'TerragonMeanTimeToValue' "$T/rules.yml"
expect_grep 'nine in ten beyond 5400s \(vulnerability_resolution\)' "$T/rules_test.yml"
cp "$T/config.saved" "$R/.terragon/config.yaml"
CASE

test_case 'a bad SLO in the configuration is an error naming the file, line and field' <<'CASE'
cp "$R/.terragon/config.yaml" "$T/config.saved"
cat >>"$R/.terragon/config.yaml" <<'YAML'
slos:
  - name: too-strict
    sli: execution_success
    objective: 100%
    window: 7d
YAML
for cmd in slo metrics 'export alerts'; do
  expect_exit 2 "$TERRAGON" $cmd -C "$R"
  expect_grep 'config.yaml:[0-9]+:16: slos\[0\].objective: expected a share above 0 and below 100% \(95% or 0.95\), got "100%"' "$T/err"
done
printf 'slos:\n  - {name: slow, sli: time_to_value, objective: 95%%, window: 7d}\n' >"$R/.terragon/config.yaml"
expect_exit 2 "$TERRAGON" slo -C "$R"
expect_grep 'config.yaml:2:5: slos\[0\]: missing "threshold" \(time_to_value measures a latency\)' "$T/err"
expect_exit 2 "$TERRAGON" config validate -C "$R"
cp "$T/config.saved" "$R/.terragon/config.yaml"
CASE

test_case 'outside every window the SLOs say no data and exit 0' <<'CASE'
expect_exit 0 "$TERRAGON" slo -C "$R" --now=2027-06-01T00:00:00Z
[ "$(grep -c 'no data$' "$T/out")" = 3 ] || fail "$(cat "$T/out")"
CASE

test_case 'an empty store: no data, exit 0, valid JSON' <<'CASE'
mkdir -p "$T/empty" && make_repo "$T/empty"
expect_exit 0 "$TERRAGON" discover -C "$T/empty"
sqlite3 "$T/empty/.terragon/terragon.db" 'DELETE FROM items; DELETE FROM item_events'
expect_exit 0 "$TERRAGON" slo -C "$T/empty" --format json
expect_field autonomous-execution-success value null "$T/out"
expect_field vulnerability-resolution status '"no data"' "$T/out"
CASE

test_case 'the table names each SLO with its objective, window, burn rates and status' <<'CASE'
expect_exit 1 "$TERRAGON" slo -C "$R" --now=2026-11-20T11:30:00Z
expect_grep '^SLO +OBJECTIVE +WINDOW +SLI +EVENTS +BUDGET LEFT +BURN 1h / 6h / 1d / 3d +EXHAUSTED +STATUS$' "$T/out"
expect_grep '^autonomous-execution-success +95% +7d +50.00% +1/2 +-900.0% +10 / 10 / 10 / 10 +0m +breached$' "$T/out"
expect_grep '^vulnerability-resolution +95%<2d +30d .* no data$' "$T/out"
CASE

test_case 'report --html: the summary gives the SLO status and each SLO as slo computes it' <<'CASE'
expect_exit 0 "$TERRAGON" report -C "$R" --html "$T/r.html" --now=2026-11-20T11:30:00Z
expect_grep '<dd id="sum-slo">1 of 2 met<br><span class="sev-critical">breached: autonomous-execution-success</span></dd>' "$T/r.html"
expect_grep '<tr><td>autonomous-execution-success</td><td>95%</td><td>7d</td><td>50.00%</td><td>1/2</td><td>-900.0%</td><td class="sev-critical">breached</td></tr>' "$T/r.html"
expect_grep '<tr><td>vulnerability-resolution</td><td>95% within 2d</td><td>30d</td><td>-</td><td>0</td><td>-</td><td>no data</td></tr>' "$T/r.html"
expect_exit 0 "$TERRAGON" report -C "$R" --html "$T/r2.html" --now=2027-06-01T00:00:00Z
expect_grep '<dd id="sum-slo">no data</dd>' "$T/r2.html"
CASE

done_testing
