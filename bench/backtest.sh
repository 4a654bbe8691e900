#!/usr/bin/env bash
# bench/backtest.sh REPO DATE [MONTHS]: how well discover's backlog at DATE
# predicted the bug fixes of the next MONTHS (default 12).
#
# discover runs at the last commit before DATE with --now DATE, in a scratch
# worktree of a shared clone of REPO (REPO's own working tree is never
# touched), and bench/backtest.py compares the files at the top of the
# backlog, and of its code-health part, with the largest source files and the
# most-changed files of the 12 months before DATE: precision (the share of
# the top files that a fix commit touched) and capture (the share of fix
# commits that touched one of them), at 10, 20 and 50 distinct files.
#
# TERRAGON=path uses that binary (default: the Release build of this tree);
# BACKTEST_RESOLVED=0 skips the second discover at DATE+MONTHS that says
# which items were resolved; BACKTEST_KEEP=1 keeps the scratch directory.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib.sh
. "$here/bench/lib.sh"

[ $# -ge 2 ] || { echo "usage: bench/backtest.sh REPO DATE [MONTHS]" >&2; exit 2; }
repo=$(cd "$1" && pwd)
date=$2
months=${3:-12}
name=$(basename "$repo")
until=$(date -u -d "$date +$months months" +%F)
since=$(date -u -d "$date -12 months" +%F)

if [ -z "${TERRAGON:-}" ]; then
  B=${TG_BENCH_BUILD:-$here/build/release}
  release_build terragon
  TERRAGON=$B/terragon
fi

s=$(mktemp -d "${TMPDIR:-/tmp}/backtest.$name.XXXXXX")
cleanup() {
  if [ "${BACKTEST_KEEP:-0}" = 1 ]; then
    echo "backtest: kept $s" >&2
  else
    rm -rf "$s"
  fi
}
trap cleanup EXIT

git clone -q --shared --no-checkout "$repo" "$s/clone"
start=$(git -C "$s/clone" rev-list -1 --before="$date" HEAD)
end=$(git -C "$s/clone" rev-list -1 --before="$until" HEAD)
[ -n "$start" ] || { echo "backtest: $name has no commit before $date" >&2; exit 2; }
git -C "$s/clone" worktree add -q --detach "$s/tree" "$start"

# discover's store and outputs stay in the scratch directory.
discover() {
  "$TERRAGON" discover --now "${1}T00:00:00Z" -q -C "$s/tree" -o "$s/$2.json" \
    --backlog "$s/$2.md" >"$s/$2.out" 2>&1 || {
    # exit 1 only says the backlog has items above the gate; anything else is a failure
    local rc=$?
    [ "$rc" -le 1 ] || { cat "$s/$2.out" >&2; exit "$rc"; }
  }
}
discover "$date" start
"$TERRAGON" count -C "$s/tree" --by-file --format csv --no-cache >"$s/count.csv"
end_items=()
if [ "${BACKTEST_RESOLVED:-1}" != 0 ] && [ -n "$end" ] && [ "$end" != "$start" ]; then
  git -C "$s/tree" checkout -q --detach "$end"
  discover "$until" end
  end_items=(--end-items "$s/end.json")
fi
/usr/bin/python3 "$here/bench/backtest.py" --name "$name" --clone "$s/clone" --start "$start" \
  --date "$date" --until "$until" --since "$since" --count "$s/count.csv" \
  --items "$s/start.json" "${end_items[@]}"
