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
  "$TERRAGON" serve -C "$R" --listen 127.0.0.1:0 "$@" >"$T/serve.out" 2>"$T/serve.err" &
  SPID=$!
  echo "$SPID" >>"$T/stub.pids"
  for _ in $(seq 200); do [ -s "$T/serve.out" ] && break; sleep 0.05; done
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

test_case 'health endpoints, the landing page, HEAD' <<'CASE'
serve
[ "$(get "http://127.0.0.1:$PORT/healthz")" = '200 text/plain; charset=utf-8' ] && grep -qx ok "$T/body"
[ "$(get "http://127.0.0.1:$PORT/livez")" = '200 text/plain; charset=utf-8' ]
[ "$(get "http://127.0.0.1:$PORT/readyz")" = '200 text/plain; charset=utf-8' ]
[ "$(get "http://127.0.0.1:$PORT/")" = '200 text/html; charset=utf-8' ]
expect_grep 'href="/metrics"' "$T/body"
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
