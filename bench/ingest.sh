#!/usr/bin/env bash
# SARIF ingestion: a generated 100 MB SARIF file (SIZE_MB to change) streamed
# into items. Goals: at least 50 MB/s, peak resident memory at most 4x the
# file's size. The peer is a full-tree parse of the same file with Python's
# json module (what a non-streaming reader costs); the ratio is its time and
# memory over terragon's.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/bench/lib.sh"
size=${SIZE_MB:-100}
B=${TG_BENCH_BUILD:-$here/build/release}
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT

need_tool python3 cc pkg-config
release_build tg_ingest
# shellcheck disable=SC2046
cc -O2 -D_GNU_SOURCE -I"$here/src" -I"$B/gen" "$here/bench/ingest_driver.c" \
  "$B/src/ingest/libtg_ingest.a" "$B/src/backlog/libtg_backlog.a" "$B/src/util/libtg_util.a" \
  $(pkg-config --libs yajl libxml-2.0 jansson sqlite3 libxxhash) -lpthread -lm -o "$W/ingest_driver"

"$W/ingest_driver" generate "$W/big.sarif" "$size"
echo "input: $(du -m "$W/big.sarif" | cut -f1) MB of SARIF"
"$W/ingest_driver" ingest "$W/big.sarif" >/dev/null # warm the page cache
"$W/ingest_driver" ingest "$W/big.sarif"
tg=$(best_time "$W/tg.out" "$W/ingest_driver" ingest "$W/big.sarif")

# The peer: its time (best of 3) and its own peak memory.
peer='import json, resource, sys
json.load(open(sys.argv[1]))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)'
py=$(best_time "$W/py.out" python3 -c "$peer" "$W/big.sarif")
py_kb=$(python3 -c "$peer" "$W/big.sarif")
tg_kb=$(/usr/bin/time -f '%M' "$W/ingest_driver" ingest "$W/big.sarif" 2>&1 >/dev/null | tail -1)
printf 'python3 json.load: %.2f s, peak %d MB\n' "$py" $((py_kb / 1024))
printf 'ratio (python / terragon): time %.1fx, memory %.1fx\n' \
  "$(echo "$py / $tg" | bc -l)" "$(echo "$py_kb / $tg_kb" | bc -l)"
