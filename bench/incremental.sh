#!/usr/bin/env bash
# Incremental discover (issue 16): `terragon discover` (all default sources)
# cold (no .terragon/: no store, no caches), rerun over an unchanged tree,
# and rerun after a 10-commit change (10 changed files on a plain tree),
# measured with hyperfine; each rerun as a share of the cold run (goal: an
# unchanged rerun at most 10 %, after 10 changes at most 15 %), and the
# unchanged rerun against a named peer on the same tree, `rg --files` (a
# walk that honours the same ignore files and reads nothing), as a ratio.
# The --debug counters that explain each rerun are printed beside it.
# kernel-cold: the cold run itself, all default sources, against `count
# --no-cache` on the same plain tree (goal: discover at most 3x count).
#
#   bench/incremental.sh [redis|kernel|kernel-git|kernel-cold]...   (default: all four)
#
# redis: a scratch clone of $TG_BENCH_REDIS (default /work/corpus/redis; a real
# history of > 10,000 commits) under the work directory, reset to 10 commits
# before its head; "10 commits" moves it back to its head. kernel: the Linux
# 6.1 source (Debian linux-source-6.1), unpacked into the work directory, as
# a plain tree; kernel-git: the same tree made a git repository (one commit),
# then 10 commits each changing one file. discover never runs in the corpus
# itself. Work directory: $TG_BENCH_WORK (default a new /tmp/tg-incremental.*).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bench/lib.sh"
TG=${TERRAGON:-$here/build/release/terragon}
[ -x "$TG" ] || { echo "build first: make build (or set TERRAGON)" >&2; exit 2; }
need_tool hyperfine rg git python3
runs=${TG_BENCH_RUNS:-3}
W=${TG_BENCH_WORK:-$(mktemp -d /tmp/tg-incremental.XXXXXX)}
REDIS=${TG_BENCH_REDIS:-/work/corpus/redis}
export GIT_CONFIG_NOSYSTEM=1 XDG_CACHE_HOME=$W/xdg
mkdir -p "$W"

# median FILE: the median of a hyperfine --export-json result, in seconds.
median() { python3 -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$1"; }
pct() { python3 -c 'import sys; print("%.1f" % (100 * float(sys.argv[1]) / float(sys.argv[2])))' "$1" "$2"; }
ratio() { python3 -c 'import sys; print("%.2f" % (float(sys.argv[1]) / float(sys.argv[2])))' "$1" "$2"; }
# counters REPO: the --debug lines that say what a rerun read, analysed and blamed.
counters() {
  "$TG" discover -C "$1" -q --debug 2>&1 |
    grep -E 'history: commits read|scanner: files analysed|blame: ran|recent: blames ran|(dependencies|architecture|compliance): files read' |
    sed 's/^terragon: debug: /    /' || true
}

# bench NAME REPO: $W/NAME-before.sh puts the tree in its base state and
# $W/NAME-after.sh moves it to the changed one (10 commits, or 10 files). The
# changed rerun starts from a copy of .terragon/ as the base run left it, so
# each of its runs reads exactly the 10 changes (going back to the base would
# be a rewritten history, read again in full).
bench() {
  local name=$1 repo=$2 j=$W/$1
  local run="$TG discover -C $repo -q" before="bash $W/$1-before.sh" after="bash $W/$1-after.sh"
  local snap=$W/$1-terragon cold rerun changed peer
  echo "== $name: $repo ($(rg --files "$repo" | wc -l) files)"
  $before
  hyperfine -N -r "$runs" --prepare "rm -rf $repo/.terragon" --export-json "$j-cold.json" \
    "$run" >/dev/null
  $run
  rm -rf "$snap" && cp -a "$repo/.terragon" "$snap"
  hyperfine -N -r "$runs" --warmup 1 --export-json "$j-rerun.json" "$run" >/dev/null
  echo "  unchanged rerun's counters:"
  counters "$repo"
  $after
  hyperfine -r "$runs" --prepare "rm -rf $repo/.terragon && cp -a $snap $repo/.terragon" \
    --export-json "$j-changed.json" "$run" >/dev/null
  echo "  after 10 changes, counters (one more run from the base's .terragon/):"
  rm -rf "$repo/.terragon" && cp -a "$snap" "$repo/.terragon"
  counters "$repo"
  hyperfine -N -r "$runs" --warmup 1 --export-json "$j-peer.json" "rg --files $repo" >/dev/null
  cold=$(median "$j-cold.json")
  rerun=$(median "$j-rerun.json")
  changed=$(median "$j-changed.json")
  peer=$(median "$j-peer.json")
  printf '  %-36s %8s s\n' "cold discover (median of $runs)" "$cold" "unchanged rerun" "$rerun" \
    "rerun after 10 changes" "$changed" "peer: rg --files" "$peer"
  echo "  unchanged rerun / cold:        $(pct "$rerun" "$cold") % (goal <= 10 %)"
  echo "  rerun after 10 changes / cold: $(pct "$changed" "$cold") % (goal <= 15 %)"
  echo "  unchanged rerun / rg --files:  $(ratio "$rerun" "$peer")x"
}

# 10 commits on top of the base, each appending a line to one file (made once, as branch bench-changed).
ten_commits() {
  local repo=$1 base=$2
  if ! git -C "$repo" rev-parse -q --verify bench-changed >/dev/null; then
    git -C "$repo" reset -q --hard "$base"
    (cd "$repo" && git ls-files '*.c' | sort | awk 'NR % 97 == 1' | head -10) | while read -r f; do
      echo '/* bench */' >>"$repo/$f"
      git -C "$repo" -c user.name=Bench -c user.email=b@x commit -q -am "bench: $f"
    done
    git -C "$repo" branch -f bench-changed HEAD
    git -C "$repo" reset -q --hard "$base"
  fi
}

redis() {
  local r=$W/redis tip
  [ -d "$r/.git" ] || git clone -q --no-hardlinks "$REDIS" "$r"
  tip=$(git -C "$r" rev-parse origin/HEAD)
  echo "redis: $(git -C "$r" rev-list --count "$tip") commits"
  ten_commits "$r" "$tip"
  echo "git -C $r reset -q --hard $tip" >"$W/redis-before.sh"
  echo "git -C $r reset -q --hard bench-changed" >"$W/redis-after.sh"
  bench redis "$r"
}

kernel_tree() {
  local k=$W/linux-source-6.1
  if [ ! -d "$k" ]; then
    tar -C "$W" -xJf /usr/src/linux-source-6.1.tar.xz
    # the Debian packaging's top .gitignore ignores the whole tree ("/*")
    sed -i -e '\|^/\*$|d' -e '\|^!/debian/$|d' "$k/.gitignore"
  fi
  echo "$k"
}

# The 10 files a change touches: spread over the tree, the same every run.
kernel_files() { (cd "$1" && rg --files -g '*.c' | sort | awk 'NR % 2000 == 1' | head -10); }

# A plain tree: 10 files get a line more (and lose it, before).
kernel() {
  local k
  k=$(kernel_tree)
  rm -rf "$k/.git"
  kernel_files "$k" >"$W/kernel-files"
  cat >"$W/kernel-before.sh" <<EOF
cd $k && while read -r f; do sed -i '\$ {/^\\/\\* bench \\*\\/\$/d}' "\$f"; done <$W/kernel-files
EOF
  cat >"$W/kernel-after.sh" <<EOF
cd $k && bash $W/kernel-before.sh && while read -r f; do echo '/* bench */' >>"\$f"; done <$W/kernel-files
EOF
  bench kernel "$k"
}

# The tree as a git repository: one commit, then 10 commits changing one file each.
kernel_git() {
  local k base
  k=$(kernel_tree)
  bash "$W/kernel-before.sh" 2>/dev/null || true
  if [ ! -d "$k/.git" ]; then
    git -C "$k" init -q -b main
    git -C "$k" add -A
    git -C "$k" -c user.name=Bench -c user.email=b@x commit -q -m 'linux 6.1'
  fi
  base=$(git -C "$k" rev-parse main)
  ten_commits "$k" "$base"
  echo "git -C $k reset -q --hard $base" >"$W/kernel-git-before.sh"
  echo "git -C $k reset -q --hard bench-changed" >"$W/kernel-git-after.sh"
  bench kernel-git "$k"
}

# The cold run against count --no-cache (every file read and counted), on the plain tree.
kernel_cold() {
  local k j=$W/kernel-cold
  k=$(kernel_tree)
  rm -rf "$k/.git"
  echo "== kernel-cold: $k"
  hyperfine -N -r "$runs" --export-json "$j-count.json" "$TG count --no-cache $k" >/dev/null
  hyperfine -N -r "$runs" --prepare "rm -rf $k/.terragon" --export-json "$j-discover.json" \
    "$TG discover -C $k -q" >/dev/null
  printf '  %-36s %8s s\n' "count --no-cache (median of $runs)" "$(median "$j-count.json")" \
    "cold discover, all default sources" "$(median "$j-discover.json")"
  echo "  cold discover / count --no-cache: $(ratio "$(median "$j-discover.json")" "$(median "$j-count.json")")x (goal <= 3x)"
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
[ $# -gt 0 ] || set -- redis kernel kernel-git kernel-cold
for w in "$@"; do
  case $w in
    redis) redis ;;
    kernel) kernel ;;
    kernel-git) kernel_git ;;
    kernel-cold) kernel_cold ;;
    *) echo "unknown: $w (redis, kernel, kernel-git, kernel-cold)" >&2; exit 2 ;;
  esac
done
echo "machine load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "work directory: $W"
