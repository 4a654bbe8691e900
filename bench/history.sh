#!/usr/bin/env bash
# History mining speed: `terragon hotspots` against `git log --numstat` with
# the same settings (renames, mailmap, merges skipped) on the same
# repository, plus a rerun after 10 new commits as a share of the full run.
#
#   bench/history.sh [COMMITS [BIG]]   (defaults 20000 and 100000; TERRAGON=path/to/terragon)
#
# It builds a synthetic repository with git fast-import (skewed choice of
# files and authors, some renames; bench/history_gen.py) and also measures
# this project's own history, code-complexity (when installed) on 5,000
# commits, and the peak memory of a full run on BIG commits (BIG=0 skips
# it: generating that repository takes minutes). Never part of `make test`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
TERRAGON=${TERRAGON:-$root/build/release/terragon}
COMMITS=${1:-20000}
BIG=${2:-100000}
[ -x "$TERRAGON" ] || { echo "build terragon first (or set TERRAGON)" >&2; exit 2; }
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
export XDG_CACHE_HOME=$W/cache GIT_CONFIG_NOSYSTEM=1

# measure VAR NAME CMD...: wall seconds (into $VAR), CPU seconds (user + sys, terragon
# and its git children) and peak RSS: of the largest single process (terragon
# or one git child, as time reports it) and of the whole tree at once (terragon
# and its git processes summed, sampled every 0.05 s).
measure() {
  local var=$1 name=$2 pid top tree=0 now; shift 2
  /usr/bin/time -f "%e %U %S %M" -o "$W/time" "$@" >/dev/null 2>"$W/stderr" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    # time's child (terragon, or the tool) and its children.
    # ps fails when the process it asks about has just ended: not an error here.
    top=$(ps -o pid= --ppid "$pid" 2>/dev/null | head -1 || true)
    if [ -n "$top" ]; then
      now=$(ps -o rss= -p "$top" --ppid "$top" 2>/dev/null | awk '{s += $1} END {print s + 0}' || true)
      [ "$now" -gt "$tree" ] && tree=$now
    fi
    sleep 0.05
  done
  wait "$pid" || { cat "$W/stderr" >&2; echo "$name failed" >&2; exit 3; }
  read -r secs user sys rss <"$W/time"
  # CPU seconds too: on a shared, loaded machine they vary less than wall time.
  printf '  %-34s %7.2f s wall %7.2f s cpu %8d KB peak %8d KB tree\n' "$name" "$secs" \
    "$(echo "$user + $sys" | bc)" "$rss" "$tree"
  printf -v "$var" '%s' "$secs"
  printf -v "${var}_cpu" '%s' "$(echo "$user + $sys" | bc)"
}

bench_repo() {
  local repo=$1 label=$2
  echo "== $label: $(git -C "$repo" rev-list --count --no-merges HEAD) commits," \
       "$(git -C "$repo" ls-files | wc -l) files"
  rm -rf "$XDG_CACHE_HOME"
  measure git_s "git log --numstat" git -C "$repo" log --numstat -z -M --no-merges \
    --format='%x01%H%x00%at%x00%aN%x00%aE%x00%P' HEAD
  measure full_s "terragon hotspots (full)" "$TERRAGON" hotspots --repo-path "$repo" --format json
  awk -v a="$full_s" -v b="$git_s" \
    'BEGIN { printf "  ratio terragon / git log: %.2f\n", a / (b > 0 ? b : 0.01) }'
}

# 1. A synthetic repository.
S=$W/synthetic
git init -q -b main "$S"
t0=$(date +%s.%N)
python3 "$here/history_gen.py" "$COMMITS" 3000 42 | git -C "$S" fast-import --done --quiet
git -C "$S" checkout -q main
echo "(generated $COMMITS commits in $(echo "$(date +%s.%N) - $t0" | bc) s)"
bench_repo "$S" "synthetic"

# The rerun after 10 new commits (one of them a rename), from the store.
full=$full_s
for i in $(seq 1 10); do
  f=$(git -C "$S" ls-files | sed -n "$((i * 7))p")
  if [ "$i" = 5 ]; then git -C "$S" mv "$f" "$f.renamed.c"; f=$f.renamed.c; fi
  echo "/* $i */" >>"$S/$f"
  git -C "$S" add -A && GIT_AUTHOR_DATE=@$((1700000000 + i)) GIT_COMMITTER_DATE=@$((1700000000 + i)) \
    git -C "$S" -c user.name=Bench -c user.email=b@x commit -q -m "new $i"
done
full_cpu=$full_s_cpu
measure rerun_s "terragon hotspots (rerun, +10)" "$TERRAGON" hotspots --repo-path "$S" --format json
awk -v a="$rerun_s" -v b="$full" -v c="$rerun_s_cpu" -v d="$full_cpu" \
  'BEGIN { printf "  rerun after 10 commits: %.1f%% of the full run (wall), %.1f%% (cpu)\n", 100 * a / b, 100 * c / d }'
"$TERRAGON" hotspots --repo-path "$S" --format csv -n 0 >"$W/inc.csv"
"$TERRAGON" hotspots --repo-path "$S" --format csv -n 0 --no-cache >"$W/full.csv"
cmp -s "$W/inc.csv" "$W/full.csv" && echo "  rerun output = full read output" ||
  { echo "  rerun output DIFFERS from a full read" >&2; exit 3; }

# 2. This project's own history.
bench_repo "$root" "terragon's own repository"

# 3. The npm package code-complexity on about 5,000 commits, when installed:
#    npm install --prefix build/npm-bench code-complexity esprima
#    Every published version reads the history with ONE git log for the whole
#    repository (2.x: `git log --name-only | sort | uniq -c`; 4.x: `git log
#    --follow --name-only '*'`), not one per file; its default complexity is
#    sloc (node-sloc). `--sort score --limit 20` is what terragon hotspots
#    prints by default (revisions x complexity, top 20); terragon also reads
#    line counts (git log --numstat) and each listed file's trend.
CCDIR=$root/build/npm-bench/node_modules/code-complexity
CC=$root/build/npm-bench/node_modules/.bin/code-complexity
if [ -x "$CC" ]; then
  ccv=$(sed -n 's/^ *"version": *"\(.*\)".*/\1/p' "$CCDIR/package.json" | head -1)
  S5=$W/c5000
  git init -q -b main "$S5"
  python3 "$here/history_gen.py" 5000 500 7 | git -C "$S5" fast-import --done --quiet
  git -C "$S5" checkout -q main
  echo "== 5,000 commits, 500 files: terragon against code-complexity $ccv"
  rm -rf "$XDG_CACHE_HOME"
  measure tg5_s "terragon hotspots" "$TERRAGON" hotspots --repo-path "$S5" --format json
  measure cc5_s "code-complexity $ccv --sort score" bash -c "cd '$S5' && '$CC' . --limit 20 --sort score --format json"
  awk -v a="$cc5_s" -v b="$tg5_s" -v c="$cc5_s_cpu" -v d="$tg5_s_cpu" \
    'BEGIN { printf "  ratio code-complexity / terragon: %.2f wall, %.2f cpu (above 1: terragon is faster)\n", a / b, c / d }'
else
  echo "(code-complexity not installed under build/npm-bench: comparison skipped)"
fi

# 4. Peak memory of a full run on BIG commits (the issue's bound: 300 MB).
if [ "$BIG" -gt 0 ]; then
  SB=$W/big
  git init -q -b main "$SB"
  t0=$(date +%s.%N)
  python3 "$here/history_gen.py" "$BIG" 3000 11 | git -C "$SB" fast-import --done --quiet
  git -C "$SB" checkout -q main
  echo "== $BIG commits, 3,000 files (generated in $(echo "$(date +%s.%N) - $t0" | bc) s)"
  rm -rf "$XDG_CACHE_HOME"
  measure big_s "terragon hotspots (full)" "$TERRAGON" hotspots --repo-path "$SB" --format json
  echo "  (peak: the largest process; tree: terragon and its git processes at once)"
fi
