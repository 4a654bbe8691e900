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
