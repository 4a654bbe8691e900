#!/usr/bin/env bash
# bench/deps_graph.sh [TREE]: `terragon deps-graph --level file` against the
# peer the issue names, `terragon count --no-cache` (one read of every file
# with line counting), on the same tree, warm page cache, best of 3 wall
# times each. Prints: the graph without its cache vs count (goal: under 2x),
# a cached rerun vs the graph without cache (goal: under 10 %), peak RSS, and
# the load average, since the machine may be shared.
# Default tree: the Linux kernel of linux-source-6.1, unpacked once under
# bench/data/ (or $TG_BENCH_DATA). Both sides take --no-ignore: the Debian
# tarball's .gitignore ignores every file.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bench/lib.sh"
tree=${1:-$(ensure_kernel)}
B=${TG_BENCH_BUILD:-$here/build/release}
release_build terragon
tg=$B/terragon
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the cache goes under XDG_CACHE_HOME for a tree without .terragon/: a private one
export XDG_CACHE_HOME=$tmp/cache

echo "tree: $tree"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
t_count=$(best_time "$tmp/count.out" "$tg" count --no-cache --no-ignore "$tree")
t_cold=$(best_time "$tmp/cold.json" "$tg" deps-graph --level file --format json --no-cache --no-ignore "$tree")
"$tg" deps-graph --level file --format json --no-ignore "$tree" >"$tmp/fill.json" # fills the cache
t_warm=$(best_time "$tmp/warm.json" "$tg" deps-graph --level file --format json --no-ignore "$tree")
cmp -s "$tmp/cold.json" "$tmp/warm.json" || { echo "the cached graph differs" >&2; exit 1; }
m_count=$(peak_kb "$tg" count --no-cache --no-ignore "$tree")
m_cold=$(peak_kb "$tg" deps-graph --level file --format json --no-cache --no-ignore "$tree")
python3 - "$tmp/cold.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print("graph: %d files, %d imports, %d nodes, %d internal edges, %d external, %d cycles"
      % (d["files"], d["imports"], len(d["nodes"]), len(d["edges"]), len(d["external"]),
         len(d["cycles"])))
PY
printf 'count --no-cache                  %8.2f s  %7d KB\n' "$t_count" "$m_count"
printf 'deps-graph --no-cache             %8.2f s  %7d KB  ratio to count %.2f (goal < 2)\n' \
  "$t_cold" "$m_cold" "$(echo "$t_cold / $t_count" | bc -l)"
printf 'deps-graph, cached rerun          %8.2f s            ratio to no-cache %.3f (goal < 0.10)\n' \
  "$t_warm" "$(echo "$t_warm / $t_cold" | bc -l)"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
