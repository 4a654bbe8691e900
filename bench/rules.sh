#!/usr/bin/env bash
# bench/rules.sh [TREE]: the default rule packs (`terragon rules scan`) against
# ripgrep running the same regexes (`rg -f patterns.txt`) over the same tree,
# warm page cache, best of 3 runs each, both with 2 threads and no ignore files. Also: a pack of
# 200 synthetic secret rules (gitleaks' size) added to the default packs, and
# terragon's peak resident memory. Prints the ratios.
# Default tree: the Linux kernel (linux-source-6.1) under bench/data/.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bench/lib.sh"
tree=${1:-$(ensure_kernel)}
need_tool rg bc python3 /usr/bin/time

build=${TG_BENCH_BUILD:-$here/build/bench-rules}
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTG_TESTS=OFF >/dev/null
cmake --build "$build" --target terragon >/dev/null
tg=$build/terragon
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The same regexes, one a line, from the packs themselves.
"$tg" rules list --format json | python3 -c '
import json, sys
for r in json.load(sys.stdin):
    for p in r["patterns"]:
        print(p)' >"$work/patterns.txt"

# 200 synthetic secret rules, in the pack format.
python3 - "$work/synthetic.yaml" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("rules:\n")
    for i in range(200):
        f.write(f"""  - id: synthetic.token-{i:03d}
    message: synthetic token {i}
    severity: ERROR
    languages: [generic]
    pattern-regex: '\\b(tk{i:03d}_[0-9A-Za-z]{{32}})\\b'
    metadata: {{category: secret}}
""")
PY

"$tg" rules scan -j 2 --no-ignore "$tree" >/dev/null 2>&1 || true # warm the cache and the database cache
# ripgrep's lazy DFA can thrash on this many patterns at once: one bounded run
# first (TG_BENCH_RG_TIMEOUT seconds, default 900), best of 3 only when it is quick.
limit=${TG_BENCH_RG_TIMEOUT:-900}
rg_cmd=(rg -c -j 2 --no-ignore --hidden --no-messages -f "$work/patterns.txt" "$tree")
t0=$(date +%s.%N)
rc=0
timeout "$limit" "${rg_cmd[@]}" >"$work/out" || rc=$?
rg_t=$(echo "$(date +%s.%N) - $t0" | bc -l)
if [ "$rc" = 124 ]; then
  rg_t=$limit
  echo "bench: ripgrep did not finish in $limit s; its time is a lower bound" >&2
elif [ "$(echo "$rg_t < 60" | bc -l)" = 1 ]; then
  rg_t=$(best_time "$work/out" "${rg_cmd[@]}")
fi
rg_hits=$(awk -F: '{s += $NF} END {print s + 0}' "$work/out")
tg_t=$(best_time "$work/out" "$tg" rules scan -j 2 --no-ignore "$tree")
tg_hits=$(grep -c '^[^ ]' "$work/out" || true)
"$tg" rules scan -j 2 --no-ignore --pack "$work/synthetic.yaml" "$tree" >/dev/null 2>&1 || true
syn_t=$(best_time "$work/out" "$tg" rules scan -j 2 --no-ignore --pack "$work/synthetic.yaml" "$tree")
peak=$(peak_kb "$tg" rules scan -j 2 --no-ignore "$tree")

printf 'tree: %s (%s patterns)\n' "$tree" "$(wc -l <"$work/patterns.txt")"
printf 'ripgrep -f patterns.txt:   %6.2f s  (%s matching lines)\n' "$rg_t" "$rg_hits"
printf 'terragon rules scan:       %6.2f s  (%s findings, after PCRE2 confirmation and filters)\n' \
  "$tg_t" "$tg_hits"
printf 'terragon + 200 rules:      %6.2f s\n' "$syn_t"
[ "${rc:-0}" = 124 ] && printf 'ripgrep: stopped at the %s s limit\n' "$limit"
printf 'terragon / ripgrep: %.2f (goal <= 1)\n' "$(echo "$tg_t / $rg_t" | bc -l)"
printf '+200 rules / default: %.2f (goal <= 1.5)\n' "$(echo "$syn_t / $tg_t" | bc -l)"
printf 'peak resident memory: %s KB\n' "$peak"
