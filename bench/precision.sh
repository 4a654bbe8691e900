#!/usr/bin/env bash
# bench/precision.sh REPO [NAME]: discover on a scratch clone of REPO, then the
# top 30 scored against the hand-judged list bench/judged/NAME.tsv
# (issue 15: at least 7 of the top 10 and 20 of the top 30 real). Without a
# judged list it prints the top 30 in the judged file's format, to judge.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib.sh
. "$here/bench/lib.sh"
B=${TG_BENCH_BUILD:-$here/build/release}
repo=${1:?usage: bench/precision.sh REPO [NAME]}
name=${2:-$(basename "$repo")}
tg=${TERRAGON:-$B/terragon}
[ -n "${TERRAGON:-}" ] || release_build terragon
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
git clone -q "$repo" "$scratch/$name"
"$tg" discover -C "$scratch/$name" -q -o "$scratch/vm.json" --backlog "$scratch/BACKLOG.md" || true
judged=$here/bench/judged/$name.tsv
if [ -f "$judged" ]; then
  /usr/bin/python3 "$here/bench/precision.py" score "$scratch/vm.json" "$judged"
else
  /usr/bin/python3 "$here/bench/precision.py" list "$scratch/vm.json" 30
fi
