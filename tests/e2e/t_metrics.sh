#!/usr/bin/env bash
# terragon metrics: Prometheus text 0.0.4 checked by promtool, OpenMetrics 1.0
# by its reference parser (python3-prometheus-client), values from a store of
# real discover and execute runs, the node_exporter textfile, and pushes to a
# Pushgateway stand-in and to Debian's prometheus-pushgateway.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/observe_lib.sh"
NOW=--now=2026-11-21T12:00:00Z
history r
"$TERRAGON" metrics -C "$R" $NOW >"$T/m.prom"
"$TERRAGON" metrics -C "$R" $NOW --format openmetrics >"$T/m.om"

test_case 'the text format 0.0.4 passes promtool check metrics with no lint finding' <<'CASE'
expect_exit 0 promtool check metrics <"$T/m.prom"
[ ! -s "$T/out" ] && [ ! -s "$T/err" ] || fail "promtool said: $(cat "$T/out" "$T/err")"
expect_no_grep '^# EOF' "$T/m.prom"
CASE

test_case 'OpenMetrics passes the reference parser and ends in # EOF' <<'CASE'
expect_exit 0 "$PY" -c '
import sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
fams = {f.name: f for f in text_string_to_metric_families(open(sys.argv[1]).read())}
assert fams["terragon_items_resolved"].type == "counter", fams["terragon_items_resolved"].type
assert fams["terragon_build"].type == "info"
assert fams["terragon_time_to_value_seconds"].unit == "seconds"
print(len(fams))' "$T/m.om"
[ "$(tail -n 1 "$T/m.om")" = '# EOF' ] || fail "last line: $(tail -n 1 "$T/m.om")"
expect_grep '^# TYPE terragon_executions counter$' "$T/m.om"
expect_grep '^# UNIT terragon_time_to_resolve_seconds seconds$' "$T/m.om"
expect_grep 'le="14400.0"' "$T/m.om"
! grep -q $'\r' "$T/m.om" || fail "a CR in OpenMetrics"
CASE

test_case 'counters and histograms are the history of the discover and execute runs' <<'CASE'
M="$T/m.prom" r='repository="r"'
expect_metric "terragon_executions_total{$r,outcome=\"pr-opened\"}" 1 "$M"
expect_metric "terragon_executions_total{$r,outcome=\"failed\"}" 1 "$M"
expect_metric "terragon_executions_total{$r,outcome=\"error\"}" 0 "$M"
expect_metric "terragon_runs_total{$r,command=\"discover\",status=\"ok\"}" 2 "$M"
expect_metric "terragon_items_opened_total{$r,category=\"debt\",severity=\"low\"}" 2 "$M"
expect_metric "terragon_items_resolved_total{$r,category=\"debt\",severity=\"low\"}" 1 "$M"
expect_metric "terragon_backlog_open_items{$r,category=\"debt\",severity=\"low\"}" 1 "$M"
# time to value: the pull request an hour after discover found the item
expect_metric "terragon_time_to_value_seconds_bucket{$r,le=\"900\"}" 0 "$M"
expect_metric "terragon_time_to_value_seconds_bucket{$r,le=\"3600\"}" 1 "$M"
expect_metric "terragon_time_to_value_seconds_bucket{$r,le=\"14400\"}" 1 "$M"
expect_metric "terragon_time_to_value_seconds_bucket{$r,le=\"+Inf\"}" 1 "$M"
expect_metric "terragon_time_to_value_seconds_sum{$r}" 3600 "$M"
# time to resolve: a day, in the bucket of the 2-day objective and not below
expect_metric "terragon_time_to_resolve_seconds_bucket{$r,category=\"debt\",le=\"43200\"}" 0 "$M"
expect_metric "terragon_time_to_resolve_seconds_bucket{$r,category=\"debt\",le=\"86400\"}" 1 "$M"
expect_metric "terragon_time_to_resolve_seconds_bucket{$r,category=\"debt\",le=\"172800\"}" 1 "$M"
expect_metric "terragon_time_to_resolve_seconds_count{$r,category=\"debt\"}" 1 "$M"
expect_metric "terragon_last_run_timestamp_seconds{$r,command=\"discover\"}" 1795255200 "$M"
expect_metric "terragon_build_info{$r,version=\"$("$TERRAGON" version | awk '{print $NF}')\"}" 1 "$M"
expect_metric "terragon_clock_skewed_records{$r}" 0 "$M"
expect_metric "terragon_backlog_open_items{$r,category=\"security\",severity=\"critical\"}" 1 "$M"
expect_metric "terragon_critical_vulnerabilities{$r}" 1 "$M"
CASE

test_case 'labels are bounded: no path, fingerprint or rule id' <<'CASE'
expect_no_grep 'a\.py|b04552|todo|path=|rule' "$T/m.prom"
labels=$(grep -v '^#' "$T/m.prom" | grep -o '[a-z_]*="' | sort -u | tr -d '="' | tr '\n' ' ')
[ "$labels" = "category command framework le outcome repository severity status version " ] ||
  fail "labels: $labels"
CASE

test_case 'counters only grow across runs rebuilt from the store' <<'CASE'
expect_exit 0 "$TERRAGON" discover -C "$R" --now=2026-11-22T10:00:00Z
"$TERRAGON" metrics -C "$R" --now=2026-11-22T11:00:00Z >"$T/m2.prom"
for k in $(grep '_total{' "$T/m.prom" | awk '{print $1}'); do
  a=$(metric "$k" "$T/m.prom") b=$(metric "$k" "$T/m2.prom")
  awk -v a="$a" -v b="$b" 'BEGIN { exit !(b >= a) }' || fail "$k went from $a to $b"
done
expect_metric 'terragon_runs_total{repository="r",command="discover",status="ok"}' 3 "$T/m2.prom"
CASE

test_case 'an empty store gives valid metrics, all zero' <<'CASE'
mkdir -p "$T/empty" && make_repo "$T/empty"
expect_exit 0 "$TERRAGON" discover -C "$T/empty" --now=2026-11-20T10:00:00Z
sqlite3 "$T/empty/.terragon/terragon.db" \
  'DELETE FROM runs; DELETE FROM items; DELETE FROM item_json; DELETE FROM item_events'
expect_exit 0 "$TERRAGON" metrics -C "$T/empty"
cp "$T/out" "$T/e.prom"
expect_exit 0 promtool check metrics <"$T/e.prom"
expect_metric 'terragon_executions_total{repository="empty",outcome="pr-opened"}' 0 "$T/e.prom"
expect_metric 'terragon_time_to_value_seconds_count{repository="empty"}' 0 "$T/e.prom"
expect_exit 0 "$TERRAGON" metrics -C "$T/empty" --format openmetrics
expect_grep '^# EOF$' "$T/out"
CASE

test_case 'records dated after now are reported as clock skew, never as negative values' <<'CASE'
expect_exit 0 "$TERRAGON" metrics -C "$R" --now=2026-11-20T10:30:00Z
expect_grep 'clock skew' "$T/err"
expect_no_grep '^[^#].* -[0-9]' "$T/out"
v=$(metric 'terragon_clock_skewed_records{repository="r"}' "$T/out")
[ "$v" -ge 3 ] || fail "skewed records: $v"
cp "$T/out" "$T/skew.prom"
expect_exit 0 promtool check metrics <"$T/skew.prom"
CASE

test_case '--textfile writes terragon.prom atomically and leaves no temporary file' <<'CASE'
mkdir -p "$T/tf"
"$TERRAGON" metrics -C "$R" $NOW >"$T/now.prom"
expect_exit 0 "$TERRAGON" metrics -C "$R" $NOW --textfile "$T/tf"
[ ! -s "$T/out" ] || fail "printed with --textfile"
[ "$(ls -A "$T/tf")" = terragon.prom ] || fail "left: $(ls -A "$T/tf")"
cmp "$T/tf/terragon.prom" "$T/now.prom"
expect_exit 0 promtool check metrics <"$T/tf/terragon.prom"
# a reader holding the old file keeps it whole: the new one is renamed over it
exec 9<"$T/tf/terragon.prom"
expect_exit 0 "$TERRAGON" metrics -C "$R" --now=2026-11-22T10:00:00Z --textfile "$T/tf"
cmp <(cat <&9) "$T/now.prom"
CASE

test_case 'a missing, non-directory or unwritable textfile directory is a clear error' <<'CASE'
expect_exit 3 "$TERRAGON" metrics -C "$R" --textfile "$T/nowhere"
expect_grep "textfile directory $T/nowhere: No such file or directory" "$T/err"
expect_exit 3 "$TERRAGON" metrics -C "$R" --textfile "$R/a.py"
expect_grep 'Not a directory' "$T/err"
if [ "$(id -u)" = 0 ]; then ro=/sys/kernel; else ro="$T/ro"; mkdir -p "$ro"; chmod 555 "$ro"; fi
expect_exit 3 "$TERRAGON" metrics -C "$R" --textfile "$ro"
expect_grep "textfile directory $ro: (Permission denied|Read-only file system)" "$T/err"
CASE

# push_stub STATUS: tests/e2e/push_stub.py on loopback, in $T/push; sets URL.
push_stub() {
  rm -rf "$T/push" && mkdir -p "$T/push"
  python3 "$(dirname "$0")/push_stub.py" "$T/push" "$1" &
  echo $! >>"$T/stub.pids"
  for _ in $(seq 200); do [ -s "$T/push/port" ] && break; sleep 0.05; done
  URL="http://127.0.0.1:$(cat "$T/push/port")"
}

test_case '--push PUTs the text format to the job and instance group of the repository' <<'CASE'
push_stub 200
"$TERRAGON" metrics -C "$R" $NOW >"$T/now.prom"
expect_exit 0 "$TERRAGON" metrics -C "$R" $NOW --push "$URL/"
[ ! -s "$T/out" ] || fail "printed with --push"
[ "$(sed -n 1p "$T/push/request")" = 'PUT /metrics/job/terragon/instance/r' ] ||
  fail "request: $(cat "$T/push/request")"
[ "$(sed -n 2p "$T/push/request")" = 'text/plain; version=0.0.4; charset=utf-8' ] ||
  fail "request: $(cat "$T/push/request")"
cmp "$T/push/body" "$T/now.prom"
CASE

test_case 'a Pushgateway answering 500, or down, is exit 3 with the URL and status' <<'CASE'
push_stub 500
expect_exit 3 "$TERRAGON" metrics -C "$R" --push "$URL" --textfile "$T/tf"
expect_grep "push to $URL/metrics/job/terragon/instance/r: HTTP 500: pushed metrics are invalid" "$T/err"
[ -s "$T/tf/terragon.prom" ] || fail "the textfile was lost"
kill "$(tail -n 1 "$T/stub.pids")"
sleep 0.2
expect_exit 3 "$TERRAGON" metrics -C "$R" --push "$URL"
expect_grep "push to $URL/metrics/job/terragon/instance/r: (Couldn't connect|Connection refused)" "$T/err"
CASE

test_case 'a repository name that is not plain goes to the Pushgateway in base64url' <<'CASE'
push_stub 200
mkdir -p "$T/my repo" && cp -r "$R/.terragon" "$T/my repo/" && make_repo "$T/my repo"
expect_exit 0 "$TERRAGON" metrics -C "$T/my repo" --push "$URL"
[ "$(sed -n 1p "$T/push/request")" = 'PUT /metrics/job/terragon/instance@base64/bXkgcmVwbw==' ] ||
  fail "request: $(cat "$T/push/request")"
CASE

test_case "Debian's prometheus-pushgateway accepts the push and serves it under job and instance" <<'CASE'
port=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
prometheus-pushgateway --web.listen-address="127.0.0.1:$port" --persistence.file= \
  >"$T/pgw.log" 2>&1 &
echo $! >>"$T/stub.pids"
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/-/ready" >/dev/null && break; sleep 0.1; done
expect_exit 0 "$TERRAGON" metrics -C "$R" $NOW --push "http://127.0.0.1:$port"
curl -sf "http://127.0.0.1:$port/metrics" >"$T/pgw.prom"
expect_grep '^terragon_executions_total\{instance="r",job="terragon",outcome="pr-opened",repository="r"\} 1$' "$T/pgw.prom"
expect_grep '^terragon_time_to_value_seconds_bucket\{instance="r",job="terragon",repository="r",le="3600"\} 1$' "$T/pgw.prom"
expect_grep '^push_failure_time_seconds\{instance="r",job="terragon"\} 0$' "$T/pgw.prom"
CASE

done_testing

test_case 'terragon_compliance_score is the posture score over 10, and follows the tree' <<'CASE'
expect_exit 0 "$TERRAGON" posture -C "$R" --format json
p=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["score"])' "$T/out")
v=$(metric 'terragon_compliance_score{repository="r"}' "$T/m.prom")
awk -v p="$p" -v v="$v" 'BEGIN { d = p / 10 - v; exit !(v >= 0 && v <= 1 && d < 1e-9 && d > -1e-9) }' ||
  fail "score $v, posture $p"
expect_grep '^# TYPE terragon_compliance_score gauge$' "$T/m.prom"
# a security policy raises Security-Policy from 0 to 10, and so the score
echo 'Report vulnerabilities to security@example.com' >"$R/SECURITY.md"
"$TERRAGON" metrics -C "$R" $NOW >"$T/sp.prom"
rm "$R/SECURITY.md"
w=$(metric 'terragon_compliance_score{repository="r"}' "$T/sp.prom")
awk -v v="$v" -v w="$w" 'BEGIN { exit !(w > v) }' || fail "with SECURITY.md $w, without $v"
expect_exit 0 promtool check metrics <"$T/sp.prom"
CASE
