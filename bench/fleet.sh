#!/usr/bin/env bash
# The fleet on PostgreSQL against SQLite (a throw-away cluster started here, as
# tests/e2e/pg_lib.sh does, on a Unix socket, fsync off in both: the figures
# compare the stores' work, not the disk).
#
# 1. Store merge throughput: one repository's ITEMS open items (100,000 by
#    default, imported into its SQLite store) published by `fleet publish`
#    into a shared SQLite store and into PostgreSQL: the first publication
#    (every item inserted) and a second one for another head (every item
#    upserted again). Goal: PostgreSQL within 3x of SQLite.
# 2. Sharded wall time: REPOS generated repositories (100) of FILES files (200)
#    run by one `fleet run --shard 0/1` and by 4 shards at once (--shard I/4),
#    each into its own PostgreSQL database. Goal: as the cores allow.
# Peer: terragon on SQLite (no other tool publishes a backlog to PostgreSQL).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/bench/lib.sh"
items=${ITEMS:-100000}
repos=${REPOS:-100}
files=${FILES:-200}
B=${TG_BENCH_BUILD:-$here/build/release}
W=$(mktemp -d)
T=$W # pg_lib.sh keeps its files under $T
fail() { echo "bench: $*" >&2; exit 2; }
tg_exit() { rm -rf "$W"; }
trap 'tg_exit' EXIT
source "$here/tests/e2e/pg_lib.sh"

need_tool bc python3 git
release_build terragon
TERRAGON=$B/terragon
export GIT_AUTHOR_NAME=b GIT_AUTHOR_EMAIL=b@example.com GIT_COMMITTER_NAME=b GIT_COMMITTER_EMAIL=b@example.com
pg_start
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) (shared with other work)"

# 1. merge throughput
mkdir -p "$W/one" && git -C "$W/one" init -q && git -C "$W/one" commit -q --allow-empty -m init
python3 - "$items" >"$W/items.ndjson" <<'PY'
import json, sys
n = int(sys.argv[1])
print(json.dumps({"type": "terragon-store-export", "version": 1}))
print(json.dumps({"type": "run", "id": 1, "command": "discover", "started_at": 1700000000,
                  "finished_at": 1700000060, "status": "ok", "summary": None}))
for i in range(n):
    fp = "%016x" % (0x1000000000000000 + i * 7919)
    path = "src/m%d/f%d.py" % (i % 500, i % 2000)
    item = {"fingerprint": fp, "source": "scanner", "category": "debt", "severity": "low",
            "rule_id": "todo", "title": "TODO: item %d" % i, "message": "m", "path": path,
            "start_line": i % 300 + 1, "end_line": i % 300 + 1}
    print(json.dumps({"type": "item", "fingerprint": fp, "source": "scanner", "category": "debt",
                      "severity": "low", "path": path, "status": "open",
                      "first_seen": 1700000000, "last_seen": 1700000000, "resolved_at": 0,
                      "last_run": 1, "item": item}))
PY
"$TERRAGON" store import -C "$W/one" "$W/items.ndjson"
local_db=$W/one/.terragon/terragon.db
pgdb=$(pg_newdb merge)
for store in "$W/shared.db" "$pgdb"; do
  for head in first second; do
    t0=$(date +%s.%N)
    "$TERRAGON" fleet publish --store "$store" --url https://example.com/one.git --head "$head" \
      --from "$local_db" 2>"$W/err" || { cat "$W/err"; exit 1; }
    t1=$(date +%s.%N)
    t=$(echo "$t1 - $t0" | bc -l)
    case $store in postgres*) kind=postgresql ;; *) kind=sqlite ;; esac
    printf -v "t_${kind}_$head" '%s' "$t"
    printf '%-10s %-6s publication of %d items: %.2f s (%.0f items/s)\n' "$kind" "$head" "$items" \
      "$t" "$(echo "$items / $t" | bc -l)"
  done
done
# shellcheck disable=SC2154 # set by printf -v above
printf 'PostgreSQL / SQLite: first %.2fx, second %.2fx (goal: within 3x)\n' \
  "$(echo "$t_postgresql_first / $t_sqlite_first" | bc -l)" \
  "$(echo "$t_postgresql_second / $t_sqlite_second" | bc -l)"

# 2. sharded wall time
[ "$repos" -gt 0 ] || exit 0
for r in $(seq 1 "$repos"); do
  d=$W/fleet/r$r
  mkdir -p "$d/src"
  for f in $(seq 1 "$files"); do
    printf 'def f%d(x):\n    # TODO: r%d f%d\n    if x > %d:\n        return x\n    return -x\n' \
      "$f" "$r" "$f" "$f" >"$d/src/m$f.py"
  done
  git -C "$d" init -q && git -C "$d" add -A && git -C "$d" commit -q -m init
  echo "$d"
done >"$W/repos.txt"
one=$(pg_newdb fleet_one)
t0=$(date +%s.%N)
"$TERRAGON" fleet run --repos "$W/repos.txt" --shard 0/1 --workdir "$W/wd1" --store "$one" 2>"$W/err1"
t1=$(date +%s.%N)
four=$(pg_newdb fleet_four)
pids=()
for i in 0 1 2 3; do
  "$TERRAGON" fleet run --repos "$W/repos.txt" --shard "$i/4" --workdir "$W/wd4" --store "$four" 2>"$W/err4.$i" &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
t2=$(date +%s.%N)
a=$(echo "$t1 - $t0" | bc -l); b=$(echo "$t2 - $t1" | bc -l)
printf '%d repositories of %d files: one process %.1f s, 4 shards %.1f s: %.2fx faster on %d cores\n' \
  "$repos" "$files" "$a" "$b" "$(echo "$a / $b" | bc -l)" "$(nproc)"
