#!/usr/bin/env bash
# The spine's cost: `terragon discover` with only the scanner source
# (advanced_static_analysis: counts, markers, functions, rule packs) against
# `terragon count` alone, on the Linux 6.1 source (Debian linux-source-6.1).
# Goal (issue 4): discover at most 1.2x count. Prints both times, the ratio,
# the items found and peak memory. The tree gets a .terragon/ and the outputs.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bench/lib.sh"
TG=${TERRAGON:-$here/build/release/terragon}
[ -x "$TG" ] || { echo "build first: make build" >&2; exit 2; }
tree=$(ensure_kernel)
mkdir -p "$tree/.terragon"
cat > "$tree/.terragon/config.yaml" <<'YAML'
value_discovery:
  discovery_sources: [advanced_static_analysis]
YAML
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$TG" count "$tree" >/dev/null # warm the page cache
t_count=$(best_time "$out" "$TG" count "$tree")
t_disc=$(best_time "$out" "$TG" discover --repo-path "$tree" -q)
items=$(python3 -c "import json; print(len(json.load(open('$tree/value-metrics.json'))['items']))")
echo "count:    ${t_count} s, peak $(peak_kb "$TG" count "$tree") KB"
echo "discover: ${t_disc} s, peak $(peak_kb "$TG" discover --repo-path "$tree" -q) KB, $items items"
echo "ratio discover/count: $(echo "$t_disc / $t_count" | bc -l | cut -c1-5) (goal <= 1.2)"
