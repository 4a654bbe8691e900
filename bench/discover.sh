#!/usr/bin/env bash
# The spine's cost: `terragon discover` with only the scanner source against
# `terragon count` alone, on the Linux 6.1 source (Debian linux-source-6.1).
# Goal (issue 4): discover at most 1.2x count. Two comparisons, each with wall
# and CPU (user+sys) seconds, the best of $TG_BENCH_RUNS runs (default 3):
#   (a) the spine: the scanner doing count's work (value_discovery.scanner:
#       [large_files]: one walk, one read and one line count per file, plus
#       the large-file items), then scoring, the store and the outputs;
#   (b) the full default scanner (markers, functions with their complexity,
#       every rule pack): analysis count does not do, on top of the spine.
# Both against `count --no-cache` (every file read and counted, as discover
# does); `count` with its warm per-file cache is printed too. The tree gets a
# .terragon/ (config, stores, cache) and the outputs.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bench/lib.sh"
TG=${TERRAGON:-$here/build/release/terragon}
[ -x "$TG" ] || { echo "build first: make build" >&2; exit 2; }
runs=${TG_BENCH_RUNS:-3}
tree=$(ensure_kernel)
# A repository of its own, so that it is the root (not the repository around
# bench/data); and without the Debian packaging's "/*" in the top .gitignore,
# which ignores the whole tree (git check-ignore agrees), so both sides read
# the kernel's sources with the kernel's own ignore rules.
[ -d "$tree/.git" ] || git -C "$tree" init -q
sed -i -e '\|^/\*$|d' -e '\|^!/debian/$|d' "$tree/.gitignore"
mkdir -p "$tree/.terragon"
cat >"$tree/.terragon/config.yaml" <<'YAML'
value_discovery:
  discovery_sources: [advanced_static_analysis]
YAML
# (a): a store and outputs of its own, so the two runs do not diff each other.
cat >"$tree/.terragon/spine.yaml" <<'YAML'
value_discovery:
  discovery_sources: [advanced_static_analysis]
  scanner: [large_files]
store:
  path: .terragon/spine.db
YAML
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# measure CMD...: "WALL CPU" (seconds), each the best of $runs runs.
measure() {
  local w=999999 c=999999 i tw tc
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -f '%e %U %S' -o "$out" "$@" >/dev/null 2>&1
    tw=$(awk '{print $1}' "$out")
    tc=$(awk '{print $2 + $3}' "$out")
    w=$(echo "if ($tw < $w) $tw else $w" | bc -l)
    c=$(echo "if ($tc < $c) $tc else $c" | bc -l)
  done
  echo "$w $c"
}
ratio() { echo "$1 / $2" | bc -l | cut -c1-4; }
items() { python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['items']))" "$1"; }

"$TG" count "$tree" >/dev/null # warm the page cache and count's own cache
files=$("$TG" count "$tree" --format json | python3 -c "import json,sys; print(sum(l['files'] for l in json.load(sys.stdin)['languages']))")
echo "kernel files counted (its ignore rules honoured): $files; best of $runs runs each"
read -r cw cc < <(measure "$TG" count "$tree" --no-cache)
read -r kw kc < <(measure "$TG" count "$tree")
read -r aw ac < <(measure "$TG" discover --repo-path "$tree" -q -c "$tree/.terragon/spine.yaml" \
  --output "$tree/.terragon/spine-metrics.json" --backlog "$tree/.terragon/SPINE.md")
read -r bw bc < <(measure "$TG" discover --repo-path "$tree" -q)
printf '%-44s %8s %8s\n' "" "wall s" "CPU s"
printf '%-44s %8s %8s\n' "count --no-cache" "$cw" "$cc"
printf '%-44s %8s %8s\n' "count (warm cache)" "$kw" "$kc"
printf '%-44s %8s %8s   %s items\n' "(a) discover, scanner [large_files]" "$aw" "$ac" \
  "$(items "$tree/.terragon/spine-metrics.json")"
printf '%-44s %8s %8s   %s items\n' "(b) discover, full scanner" "$bw" "$bc" \
  "$(items "$tree/value-metrics.json")"
echo "(a) the spine's cost, discover/count --no-cache: wall $(ratio "$aw" "$cw"), CPU $(ratio "$ac" "$cc") (goal <= 1.2)"
echo "(b) full scanner, discover/count --no-cache:      wall $(ratio "$bw" "$cw"), CPU $(ratio "$bc" "$cc")"
echo "peak memory: count $(peak_kb "$TG" count "$tree" --no-cache) KB, (b) discover $(peak_kb "$TG" discover --repo-path "$tree" -q) KB"
