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
# A repository of its own, so that it is the root (not the repository around
# bench/data); and without the Debian packaging's "/*" in the top .gitignore,
# which ignores the whole tree (git check-ignore agrees), so both sides read
# the kernel's sources with the kernel's own ignore rules.
[ -d "$tree/.git" ] || git -C "$tree" init -q
sed -i -e '\|^/\*$|d' -e '\|^!/debian/$|d' "$tree/.gitignore"
mkdir -p "$tree/.terragon"
cat > "$tree/.terragon/config.yaml" <<'YAML'
value_discovery:
  discovery_sources: [advanced_static_analysis]
YAML
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$TG" count "$tree" >/dev/null # warm the page cache
files=$("$TG" count "$tree" --format json | python3 -c "import json,sys; print(sum(l['files'] for l in json.load(sys.stdin)['languages']))")
echo "files counted (kernel ignore rules honoured): $files"
t_count=$(best_time "$out" "$TG" count "$tree")
t_disc=$(best_time "$out" "$TG" discover --repo-path "$tree" -q)
items=$(python3 -c "import json; print(len(json.load(open('$tree/value-metrics.json'))['items']))")
echo "count:    ${t_count} s, peak $(peak_kb "$TG" count "$tree") KB"
echo "discover: ${t_disc} s, peak $(peak_kb "$TG" discover --repo-path "$tree" -q) KB, $items items"
echo "ratio discover/count: $(echo "$t_disc / $t_count" | bc -l | cut -c1-5) (goal <= 1.2)"
# On a loaded machine wall time follows the load; CPU seconds do not.
cpu() { /usr/bin/time -f '%U %S' -o "$out" "$@" >/dev/null 2>&1; awk '{print $1 + $2}' "$out"; }
c_count=$(cpu "$TG" count "$tree")
c_disc=$(cpu "$TG" discover --repo-path "$tree" -q)
echo "cpu: count ${c_count} s, discover ${c_disc} s, ratio $(echo "$c_disc / $c_count" | bc -l | cut -c1-5)"
