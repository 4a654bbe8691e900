#!/usr/bin/env bash
# bench/history_secrets.sh [REPO]: `terragon discover --history-secrets` (every
# blob of the history scanned once) against `git log -p --all | rg -f
# patterns.txt` (the same regexes, from `terragon rules list`) on a clone of a
# repository's whole history (default: this repository). Both are given as MB/s
# of the history's distinct blob bytes, best of 3 runs each, and their ratio.
# The discover run also covers its other sources (scanner, history), so its
# figure is a lower bound of the history scan's own speed.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bench/lib.sh"
src=${1:-$here}
need_tool rg bc python3 git

build=${TG_BENCH_BUILD:-$here/build/bench-hist}
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTG_TESTS=OFF >/dev/null
cmake --build "$build" --target terragon >/dev/null
tg=$build/terragon
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A clone, so that discover's outputs and store never land in the source repository.
git clone -q --no-local "$src" "$work/repo"
"$tg" rules list --format json | python3 -c '
import json, sys
for r in json.load(sys.stdin):
    for p in r["patterns"]:
        print(p)' >"$work/patterns.txt"

bytes=$(git -C "$work/repo" rev-list --objects --all |
  git -C "$work/repo" cat-file --batch-check='%(objecttype) %(objectsize) %(rest)' |
  awk '$1 == "blob" {s += $2} END {print s + 0}')
mb=$(echo "$bytes / 1048576" | bc -l)

export XDG_CACHE_HOME=$work/cache
"$tg" discover --repo-path "$work/repo" --history-secrets >/dev/null 2>&1 # the database cache
tg_t=$(best_time "$work/out" bash -c \
  "'$tg' discover --repo-path '$work/repo' --history-secrets 2>/dev/null")
rg_t=$(best_time "$work/out" bash -c \
  "git -C '$work/repo' log -p --all | rg -c --no-messages -f '$work/patterns.txt' || true")

printf 'history blobs: %.1f MB\n' "$mb"
printf 'terragon discover --history-secrets: %.3f s, %.1f MB/s\n' "$tg_t" "$(echo "$mb / $tg_t" | bc -l)"
printf 'git log -p --all | rg -f:             %.3f s, %.1f MB/s\n' "$rg_t" "$(echo "$mb / $rg_t" | bc -l)"
printf 'ratio (rg time / terragon time): %.2f\n' "$(echo "$rg_t / $tg_t" | bc -l)"
