#!/usr/bin/env bash
# bench/serve.sh: `terragon serve` driven by wrk on loopback, against a named
# peer serving the same metrics: Debian's prometheus-pushgateway (Go,
# client_golang's promhttp) after `terragon metrics --push` to it. The store
# holds 100,000 items (with their events) and 10,000 executions, made with
# SQL after one real discover created it. Prints requests/s and p99 latency
# for /metrics and /healthz. Goal: at least 5,000 req/s on /metrics with p99
# under 20 ms on a 2-core machine.
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
INSERT INTO item_json (fingerprint, json)
SELECT fingerprint, json_object('rule_id', 'bench.rule', 'scores',
       json_object('debt', 30 + rowid % 60, 'composite', 20 + rowid % 70)) FROM items
WHERE path LIKE 'src/f%';
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

# wrk_one NAME URL: requests/s and p99 latency of $secs seconds with $conns connections.
wrk_one() {
  local out
  out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency "$2")
  printf '%-34s %12s req/s   p99 %s\n' "$1" \
    "$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")"
}

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

echo "wrk -t2 -c$conns -d${secs}s on loopback, $(nproc) cores:"
wrk_one "terragon serve /metrics" "http://127.0.0.1:$port/metrics"
wrk_one "pushgateway /metrics (peer)" "http://127.0.0.1:$pg/metrics"
wrk_one "terragon serve /healthz" "http://127.0.0.1:$port/healthz"
wrk_one "pushgateway /-/healthy (peer)" "http://127.0.0.1:$pg/-/healthy"
