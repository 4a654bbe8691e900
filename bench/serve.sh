#!/usr/bin/env bash
# bench/serve.sh: `terragon serve` driven by wrk on loopback, against a named
# peer on the same endpoint: Debian's prometheus-pushgateway (Go,
# client_golang's promhttp) serving the same series on /metrics after
# `terragon metrics --push` to it. The store holds 100,000 items (each a real
# item's JSON with its fields varied, and their events) and 10,000
# executions, made with SQL after one real discover created it. Prints
# requests/s, p99 latency and the ratio terragon / peer for /metrics and the
# health endpoints, and terragon's figures for /api/backlog and
# /api/items/ID (no peer serves those), the time of the first /api request
# (the backlog's first read) and the server's resident memory, and /metrics
# and /api/backlog while the server reads a changed store again. Goal: at least 5,000 req/s on
# /metrics with p99 under 20 ms on a 2-core machine. The machine's load
# average is printed before and after: figures under load are rough.
# TG_BENCH_TERRAGON: a binary already built; WRK_SECONDS (default 10), WRK_CONNS (32).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bench/lib.sh"
sh "$here/scripts/deps.sh" --bench
need_tool wrk prometheus-pushgateway sqlite3 curl git
secs=${WRK_SECONDS:-10}
conns=${WRK_CONNS:-32}

tg=${TG_BENCH_TERRAGON:-}
if [ -z "$tg" ]; then
  build=${TG_BENCH_BUILD:-$here/build/bench-serve}
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTG_TESTS=OFF >/dev/null
  cmake --build "$build" --target terragon >/dev/null
  tg=$build/terragon
fi
tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

# A repository whose store holds 100,000 items.
repo=$tmp/repo
mkdir -p "$repo"
printf 'x = 1\n' >"$repo/a.py"
git -C "$repo" init -q -b main
git -C "$repo" add -A
git -C "$repo" -c user.name=b -c user.email=b@b commit -qm init
"$tg" discover -C "$repo" -q >/dev/null
sqlite3 "$repo/.terragon/terragon.db" <<'SQL'
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
INSERT INTO items (fingerprint, source, category, severity, path, status, first_seen,
                   last_seen, resolved_at, last_run, json_hash)
SELECT printf('%016x', i), 'scanner',
       json_extract('["security","secret","vulnerability","ai-ml","compliance","complexity","hotspot","debt","coverage","performance","architecture","dependency"]', '$[' || (i % 12) || ']'),
       json_extract('["info","low","medium","high","critical"]', '$[' || (i % 5) || ']'),
       'src/f' || i || '.c', CASE WHEN i % 3 = 0 THEN 'resolved' ELSE 'open' END,
       1700000000 + i * 60, 1700000000 + i * 60, CASE WHEN i % 3 = 0 THEN 1700000000 + i * 90 END,
       1, i FROM n;
-- each item: the JSON of the real one discover stored, its fields varied
INSERT INTO item_json (fingerprint, json)
SELECT i.fingerprint,
       json_set(t.json, '$.fingerprint', i.fingerprint, '$.category', i.category,
                '$.severity', i.severity, '$.path', i.path, '$.rule_id', 'bench.rule',
                '$.title', 'bench item ' || i.rowid, '$.start_line', 1 + i.rowid % 500,
                '$.scores.debt', 30 + i.rowid % 60, '$.scores.composite', 20 + i.rowid % 70,
                '$.status', i.status)
FROM items i, (SELECT json FROM item_json LIMIT 1) t
WHERE i.path LIKE 'src/f%';
INSERT INTO item_events (fingerprint, run_id, at, event)
SELECT fingerprint, 1, first_seen, 'opened' FROM items WHERE path LIKE 'src/f%';
INSERT INTO item_events (fingerprint, run_id, at, event)
SELECT fingerprint, 1, resolved_at, 'resolved' FROM items
WHERE path LIKE 'src/f%' AND resolved_at IS NOT NULL;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
INSERT INTO executions (fingerprint, branch, started_at, finished_at, outcome, dry_run)
SELECT printf('%016x', i * 7), 'auto-value/b', 1700000000 + i * 420 + 3600,
       1700000000 + i * 420 + 3700,
       json_extract('["pr-opened","dry-run","failed","gate-failed","error"]', '$[' || (i % 5) || ']'), 0
FROM n;
COMMIT;
SQL
echo "store: $(sqlite3 "$repo/.terragon/terragon.db" 'SELECT count(*) FROM items') items," \
  "$(sqlite3 "$repo/.terragon/terragon.db" 'SELECT count(*) FROM item_events') events," \
  "$(sqlite3 "$repo/.terragon/terragon.db" 'SELECT count(*) FROM executions') executions"
/usr/bin/time -f '%e s, %M KB' -o "$tmp/time" "$tg" metrics -C "$repo" >"$tmp/metrics.prom"
echo "terragon metrics (one run, the whole history read): $(cat "$tmp/time");" \
  "$(grep -vc '^#' "$tmp/metrics.prom") samples, $(wc -c <"$tmp/metrics.prom") bytes"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# wrk_one NAME URL: requests/s and p99 latency of $secs seconds with $conns
# connections; the requests/s are left in $rps. Non-2xx answers are reported.
wrk_one() {
  local out bad
  out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency "$2")
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  bad=$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$out")
  printf '%-36s %12s req/s   p99 %8s%s\n' "$1" "$rps" "$(awk '$1 == "99%" {print $2}' <<<"$out")" \
    "${bad:+   $bad non-2xx answers!}"
}
# ratio NAME A B: A / B to two places.
ratio() { printf '%-36s %12s x\n' "$1" "$(echo "scale=2; $2 / $3" | bc -l)"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

"$tg" serve -C "$repo" --listen 127.0.0.1:0 >"$tmp/serve.out" &
pids+=($!)
for _ in $(seq 200); do [ -s "$tmp/serve.out" ] && break; sleep 0.05; done
port=$(awk '{print $4}' "$tmp/serve.out")
curl -sf "http://127.0.0.1:$port/metrics" >/dev/null

pg=$(free_port)
prometheus-pushgateway --web.listen-address="127.0.0.1:$pg" --persistence.file= >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$pg/-/ready" >/dev/null && break; sleep 0.1; done
"$tg" metrics -C "$repo" --push "http://127.0.0.1:$pg"
echo "pushgateway /metrics: $(curl -s "http://127.0.0.1:$pg/metrics" | wc -c) bytes" \
  "(the same series, with job and instance, plus its own)"

# The first /api request waits for the backlog's first read; the server's
# resident memory after it (the index, not the items) is what it keeps.
rss() { awk '/^VmRSS:/ {printf "%.1f MB", $2 / 1024}' "/proc/$1/status"; }
echo "terragon serve resident before /api: $(rss "${pids[0]}")"
curl -s -o /dev/null -w 'first /api/backlog (the backlog read): %{time_total} s\n' \
  "http://127.0.0.1:$port/api/backlog"
echo "terragon serve resident after the first /api/backlog: $(rss "${pids[0]}")"
id=$(curl -sf "http://127.0.0.1:$port/api/backlog?limit=1" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["fingerprint"])')
curl -sf "http://127.0.0.1:$port/api/items/$id" >/dev/null
echo "/api/backlog: $(curl -s "http://127.0.0.1:$port/api/backlog" | wc -c) bytes for the first 100" \
  "of $(curl -s "http://127.0.0.1:$port/api/backlog?limit=1" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])') open items"

echo "wrk -t2 -c$conns -d${secs}s on loopback, $(nproc) cores, load average before: $(load)"
wrk_one "terragon serve /metrics" "http://127.0.0.1:$port/metrics"
t_metrics=$rps
wrk_one "pushgateway /metrics (peer)" "http://127.0.0.1:$pg/metrics"
ratio "/metrics terragon / pushgateway" "$t_metrics" "$rps"
wrk_one "terragon serve /healthz" "http://127.0.0.1:$port/healthz"
t_health=$rps
wrk_one "pushgateway /-/healthy (peer)" "http://127.0.0.1:$pg/-/healthy"
ratio "health terragon / pushgateway" "$t_health" "$rps"
wrk_one "terragon serve /api/backlog" "http://127.0.0.1:$port/api/backlog"
wrk_one "terragon /api/backlog?severity=high" "http://127.0.0.1:$port/api/backlog?severity=high&offset=5000"
wrk_one "terragon serve /api/items/ID" "http://127.0.0.1:$port/api/items/$id"
# /metrics while the store changed and the server reads it again (metrics and index)
sqlite3 "$repo/.terragon/terragon.db" "UPDATE items SET last_seen = last_seen + 1 WHERE rowid = 1"
sleep 0.3
wrk_one "/metrics during a reload" "http://127.0.0.1:$port/metrics"
wrk_one "/api/backlog during a reload" "http://127.0.0.1:$port/api/backlog"
echo "terragon serve resident at the end: $(rss "${pids[0]}")"
echo "load average after: $(load)"
