#!/usr/bin/env bash
# terragon serve: /metrics negotiated by Accept and checked by promtool and
# the OpenMetrics parser, health endpoints, its own paths only, GET and HEAD
# only, idle clients timed out, 2,000 connections bounded, discover alongside,
# a clean stop on SIGTERM.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/observe_lib.sh"
history r
NOW=--now=2026-11-21T12:00:00Z

# serve ARGS...: starts terragon serve on a free loopback port; sets PORT, SPID.
serve() {
  # the child truncates serve.out only once it runs: the last case's must not be read as ours
  rm -f "$T/serve.out"
  "$TERRAGON" serve -C "$R" --listen 127.0.0.1:0 "$@" >"$T/serve.out" 2>"$T/serve.err" &
  SPID=$!
  echo "$SPID" >>"$T/stub.pids"
  # up to 30 s: a loaded CI machine starts it slowly, and it answers as soon as it is up
  for _ in $(seq 600); do [ -s "$T/serve.out" ] && break; sleep 0.05; done
  PORT=$(awk '/listening on port/ {print $4}' "$T/serve.out")
  [ -n "$PORT" ] || fail "serve did not start: $(cat "$T/serve.err")"
}
get() { curl -s -o "$T/body" -w '%{http_code} %{content_type}' "$@"; }

test_case '/metrics is text 0.0.4 by default and OpenMetrics when Accept asks' <<'CASE'
serve $NOW
[ "$(get "http://127.0.0.1:$PORT/metrics")" = '200 text/plain; version=0.0.4; charset=utf-8' ]
expect_exit 0 promtool check metrics <"$T/body"
"$TERRAGON" metrics -C "$R" $NOW | cmp - "$T/body"
[ "$(get -H 'Accept: application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5' \
  "http://127.0.0.1:$PORT/metrics")" = '200 application/openmetrics-text; version=1.0.0; charset=utf-8' ]
[ "$(tail -n 1 "$T/body")" = '# EOF' ]
expect_exit 0 "$PY" -c 'import sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
list(text_string_to_metric_families(open(sys.argv[1]).read()))' "$T/body"
CASE

test_case 'health endpoints, the HTML report at /, HEAD' <<'CASE'
serve $NOW
[ "$(get "http://127.0.0.1:$PORT/healthz")" = '200 text/plain; charset=utf-8' ] && grep -qx ok "$T/body"
[ "$(get "http://127.0.0.1:$PORT/livez")" = '200 text/plain; charset=utf-8' ]
[ "$(get "http://127.0.0.1:$PORT/readyz")" = '200 text/plain; charset=utf-8' ]
[ "$(get "http://127.0.0.1:$PORT/")" = '200 text/html; charset=utf-8' ]
# the report as `terragon report --html` writes it for the same store and time
expect_exit 0 "$TERRAGON" report -C "$R" --html "$T/report.html" $NOW
cmp "$T/body" "$T/report.html" || fail "/ differs from report --html"
expect_grep '<title>terragon report: r</title>' "$T/body"
expect_grep 'Content-Security-Policy' "$T/body"
[ "$(get -I "http://127.0.0.1:$PORT/metrics")" = '200 text/plain; version=0.0.4; charset=utf-8' ]
CASE

test_case 'paths outside its own are 404, other methods 405' <<'CASE'
serve
for p in /../etc/passwd /%2e%2e/etc/passwd /metrics/../../etc/passwd /etc/passwd /metricsx /.terragon/terragon.db; do
  [ "$(get --path-as-is "http://127.0.0.1:$PORT$p" | cut -d' ' -f1)" = 404 ] || fail "$p: not 404"
  expect_no_grep 'root:' "$T/body"
done
[ "$(get -X POST "http://127.0.0.1:$PORT/metrics" | cut -d' ' -f1)" = 405 ]
[ "$(get -X DELETE "http://127.0.0.1:$PORT/healthz" | cut -d' ' -f1)" = 405 ]
CASE

test_case '/api/backlog: the items, filters and pages of the backlog command' <<'CASE'
serve
for q in '' 'severity=high' 'category=debt' 'path=a.py' 'min_score=40' 'new_since=1'; do
  [ "$(get "http://127.0.0.1:$PORT/api/backlog?$q&limit=1000" | cut -d' ' -f1-2)" = '200 application/json' ] ||
    fail "$q: $(cat "$T/body")"
  args=()
  case $q in
    severity=*) args=(--severity "${q#*=}") ;; category=*) args=(--category "${q#*=}") ;;
    path=*) args=(--path "${q#*=}") ;; min_score=*) args=(--min-score "${q#*=}") ;;
    new_since=*) args=(--new-since "${q#*=}") ;;
  esac
  "$TERRAGON" backlog -C "$R" --format json "${args[@]}" >"$T/cli.json"
  expect_exit 0 "$PY" - "$T/body" "$T/cli.json" "$q" <<'PY'
import json, sys
api, cli = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert api["items"] == cli["items"], sys.argv[3]
assert api["total"] == len(cli["items"]) and api["next_offset"] is None, api
PY
done
# at least one filter must leave something out, or the loop checks nothing
[ "$("$TERRAGON" backlog -C "$R" --format json --severity high | grep -c '"fingerprint"')" -lt \
  "$("$TERRAGON" backlog -C "$R" --format json | grep -c '"fingerprint"')" ]
# pages of 1 follow next_offset to the end, in the ranked order
expect_exit 0 "$PY" - "$PORT" "$T/cli.json" <<'PY'
import json, sys, urllib.request
port, seen, offset = sys.argv[1], [], 0
while offset is not None:
    page = json.load(urllib.request.urlopen(
        "http://127.0.0.1:%s/api/backlog?limit=1&offset=%d" % (port, offset)))
    assert page["limit"] == 1 and page["offset"] == offset and len(page["items"]) <= 1
    seen += [i["fingerprint"] for i in page["items"]]
    offset = page["next_offset"]
assert len(seen) == page["total"] >= 3, seen
assert len(set(seen)) == len(seen)
full = json.load(urllib.request.urlopen("http://127.0.0.1:%s/api/backlog" % port))
assert [i["fingerprint"] for i in full["items"]] == seen
PY
CASE

test_case '/api/backlog tier=act|watch|all: the tiers of backlog --tier, and a bad tier is 400' <<'CASE'
serve
for t in act watch all; do
  [ "$(get "http://127.0.0.1:$PORT/api/backlog?tier=$t&limit=1000" | cut -d' ' -f1)" = 200 ] ||
    fail "$t: $(cat "$T/body")"
  cp "$T/body" "$T/api-$t.json"
  "$TERRAGON" backlog -C "$R" --format json --tier "$t" >"$T/cli-$t.json"
done
expect_exit 0 "$PY" - "$T" <<'PY'
import json, sys
d = sys.argv[1]
api = {t: json.load(open("%s/api-%s.json" % (d, t))) for t in ("act", "watch", "all")}
for t in api:
    cli = json.load(open("%s/cli-%s.json" % (d, t)))
    assert api[t]["items"] == cli["items"], t
    assert api[t]["total"] == len(cli["items"]), (t, api[t]["total"])
fps = {t: [i["fingerprint"] for i in api[t]["items"]] for t in api}
# both tiers hold something, they split the backlog, and act ranks first
assert fps["act"] and fps["watch"], fps
assert fps["act"] + fps["watch"] == fps["all"], fps
PY
# a filter on top of a tier, and paging inside it
[ "$(get "http://127.0.0.1:$PORT/api/backlog?tier=watch&category=compliance&limit=1" | cut -d' ' -f1)" = 200 ]
"$TERRAGON" backlog -C "$R" --format json --tier watch --category compliance >"$T/cli.json"
expect_exit 0 "$PY" - "$T/body" "$T/cli.json" <<'PY'
import json, sys
api, cli = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert api["total"] == len(cli["items"]) >= 1 and api["items"] == cli["items"][:1], (api, cli)
PY
[ "$(get "http://127.0.0.1:$PORT/api/backlog?tier=later" | cut -d' ' -f1)" = 400 ]
expect_grep 'parameter tier: expected act, watch or all, got .*later' "$T/body"
CASE

test_case '/api/items/ID: the item explained, with its history; 404 and 400 otherwise' <<'CASE'
serve
id=$("$TERRAGON" backlog -C "$R" --format csv | awk -F, 'NR == 2 {print $1}')
[ -n "$id" ]
[ "$(get "http://127.0.0.1:$PORT/api/items/$id")" = '200 application/json' ]
"$TERRAGON" explain -C "$R" "$id" --format json >"$T/explain.json"
expect_exit 0 "$PY" - "$T/body" "$T/explain.json" <<'PY'
import json, sys
api, cli = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
history = api.pop("history")
assert api == cli, (api, cli)
assert history and history[0]["event"] == "opened", history
assert any(s.startswith("composite = ") for s in api["steps"]), api["steps"]
PY
# a resolved item is still there, with its resolution in its history
fp=$(sqlite3 "$R/.terragon/terragon.db" "SELECT fingerprint FROM items WHERE status = 'resolved' LIMIT 1")
[ -n "$fp" ]
[ "$(get "http://127.0.0.1:$PORT/api/items/${fp:0:8}" | cut -d' ' -f1)" = 200 ]
expect_grep '"event": "resolved"' "$T/body"
[ "$(get "http://127.0.0.1:$PORT/api/items/ffffffffff")" = '404 application/json' ]
expect_grep '"error": "no item ffffffffff"' "$T/body"
for bad in 12ab zzzzzzzz 0123456789abcdef0; do
  [ "$(get "http://127.0.0.1:$PORT/api/items/$bad" | cut -d' ' -f1)" = 400 ] || fail "$bad"
  expect_grep 'an item id is 6 to 16 lowercase hex digits' "$T/body"
done
[ "$(get "http://127.0.0.1:$PORT/api/items/$id?x=1" | cut -d' ' -f1)" = 400 ]
# a twin sharing the first 14 digits: the prefix is ambiguous, each whole id is not
fp=$(sqlite3 "$R/.terragon/terragon.db" "SELECT fingerprint FROM items WHERE fingerprint LIKE '$id%'")
twin=${fp:0:14}$( [ "${fp:14}" = ff ] && echo fe || echo ff)
sqlite3 "$R/.terragon/terragon.db" "
  INSERT INTO items SELECT '$twin', source, category, severity, path, status, first_seen, last_seen,
    resolved_at, last_run, json_hash FROM items WHERE fingerprint = '$fp';
  INSERT INTO item_json SELECT '$twin', json_set(json, '\$.fingerprint', '$twin') FROM item_json
    WHERE fingerprint = '$fp';"
sleep 1.2
[ "$(get "http://127.0.0.1:$PORT/api/items/${fp:0:14}" | cut -d' ' -f1)" = 400 ]
expect_grep "names more than one item" "$T/body"
[ "$(get "http://127.0.0.1:$PORT/api/items/$twin" | cut -d' ' -f1)" = 200 ]
expect_grep "\"fingerprint\": \"$twin\"" "$T/body"
[ "$(get "http://127.0.0.1:$PORT/api/items/$fp" | cut -d' ' -f1)" = 200 ]
sqlite3 "$R/.terragon/terragon.db" "DELETE FROM items WHERE fingerprint = '$twin';
  DELETE FROM item_json WHERE fingerprint = '$twin'"
CASE

test_case '/api: bad parameters are 400 naming them, other methods 405, other paths 404' <<'CASE'
serve
check() { # QUERY STATUS MESSAGE
  [ "$(get "http://127.0.0.1:$PORT/api/backlog?$1" | cut -d' ' -f1-2)" = "$2 application/json" ] ||
    fail "$1: $(cat "$T/body")"
  expect_exit 0 "$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["error"])' "$T/body"
  grep -qF "$3" "$T/out" || fail "$1: $(cat "$T/out")"
}
check 'severity=urgent' 400 'parameter severity: unknown severity "urgent"'
check 'limit=0' 400 'parameter limit: expected an integer from 1 to 1000'
check 'limit=1001' 400 'parameter limit'
check 'offset=-1' 400 'parameter offset'
check 'min_score=lots' 400 'parameter min_score: expected a number, got "lots"'
check 'new_since=x' 400 'parameter new_since: expected a run id'
check 'sort=score' 400 'unknown parameter sort'
check 'limit=1&limit=2' 400 'parameter limit: given twice'
check 'category=' 400 'parameter category: expected a value'
check "$(seq -s '&' -f 'a%g=1' 17)" 400 'more than 16 query parameters'
[ "$(get -X POST "http://127.0.0.1:$PORT/api/backlog")" = '405 application/json' ]
[ "$(get -X PUT "http://127.0.0.1:$PORT/api/items/abcdef")" = '405 application/json' ]
for p in /api /api/ /api/backlogs /api/items/ /api/items/.. /api/items/%2e%2e /api/items/abcdef/x \
  /api/items/../../etc/passwd /api/../etc/passwd; do
  [ "$(get --path-as-is "http://127.0.0.1:$PORT$p" | cut -d' ' -f1)" = 404 ] || fail "$p: $(cat "$T/body")"
  expect_no_grep 'root:' "$T/body"
done
[ "$(get -I "http://127.0.0.1:$PORT/api/backlog")" = '200 application/json' ]
CASE

test_case '/api/backlog sees a discover that ran alongside' <<'CASE'
serve
get "http://127.0.0.1:$PORT/api/backlog" >/dev/null
expect_no_grep 'NEWTODO' "$T/body"
printf 'def h():\n    pass  # TODO: NEWTODO here\n' >"$R/d.py"
expect_exit 0 "$TERRAGON" discover -C "$R" --now=2026-11-22T11:00:00Z
sleep 1.2
get "http://127.0.0.1:$PORT/api/backlog" >/dev/null
expect_grep 'NEWTODO' "$T/body"
rm "$R/d.py"
CASE

test_case 'a client that connects and sends nothing is timed out' <<'CASE'
serve --timeout 1
expect_exit 0 "$PY" - "$PORT" <<'PY'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.settimeout(8)
t = time.time()
assert s.recv(1) == b"", "the server sent something"
assert time.time() - t < 6, "closed after %.1f s" % (time.time() - t)
PY
CASE

test_case '2,000 concurrent connections are bounded and /healthz still answers' <<'CASE'
serve --max-connections 64 --timeout 5
expect_exit 0 "$PY" - "$PORT" <<'PY'
import resource, socket, subprocess, sys
resource.setrlimit(resource.RLIMIT_NOFILE, (4096, 4096))
port = int(sys.argv[1])
socks = []
for _ in range(2000):
    try:
        socks.append(socket.create_connection(("127.0.0.1", port), timeout=2))
    except OSError:
        pass
for s in socks:
    s.close()
PY
kill -0 "$SPID" || fail "the server died"
for _ in $(seq 50); do [ "$(get "http://127.0.0.1:$PORT/healthz" | cut -d' ' -f1)" = 200 ] && break; sleep 0.1; done
[ "$(get "http://127.0.0.1:$PORT/healthz" | cut -d' ' -f1)" = 200 ]
CASE

test_case 'discover runs alongside and the next scrape sees its run' <<'CASE'
serve --now=2026-11-22T12:00:00Z
get "http://127.0.0.1:$PORT/metrics" >/dev/null
before=$(metric 'terragon_runs_total{repository="r",command="discover",status="ok"}' "$T/body")
expect_exit 0 "$TERRAGON" discover -C "$R" --now=2026-11-22T11:00:00Z
sleep 1.2
get "http://127.0.0.1:$PORT/metrics" >/dev/null
after=$(metric 'terragon_runs_total{repository="r",command="discover",status="ok"}' "$T/body")
[ "$after" = $((before + 1)) ] || fail "runs went from $before to $after"
CASE

test_case 'SIGTERM stops it cleanly, exit 0' <<'CASE'
serve
kill -TERM "$SPID"
rc=0; wait "$SPID" || rc=$?
[ "$rc" = 0 ] || fail "exit $rc: $(cat "$T/serve.err")"
! curl -s "http://127.0.0.1:$PORT/healthz" || fail "still answering"
CASE

test_case 'a bad --listen is a usage error' <<'CASE'
expect_exit 2 "$TERRAGON" serve -C "$R" --listen nowhere
expect_grep 'expected HOST:PORT' "$T/err"
expect_exit 2 "$TERRAGON" serve -C "$R" --listen 127.0.0.1:99999
CASE

done_testing
