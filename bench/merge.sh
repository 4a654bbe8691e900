#!/usr/bin/env bash
# One finding across sources (src/backlog/merge.c): the merge step alone on a
# synthetic backlog of ITEMS items (100,000 by default) spread over 2,000
# files, and all in one file (the worst case for the line index); then a
# discover of a clone of REPO (default /work/corpus/sqlalchemy) importing the
# Bandit- and Semgrep-like SARIF bench/merge_sarif.py writes for it, whose
# --debug line times the step in a real run. Goal: well under 100 ms for 100k
# items. No peer: no other tool merges a backlog in process; DefectDojo does
# it row by row in its database.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/bench/lib.sh"
items=${ITEMS:-100000}
repo=${REPO:-/work/corpus/sqlalchemy}
B=${TG_BENCH_BUILD:-$here/build/release}
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT

need_tool cc pkg-config
release_build tg_backlog terragon
# shellcheck disable=SC2046
cc -O2 -D_GNU_SOURCE -I"$here/src" -I"$B/gen" "$here/bench/merge_driver.c" \
  "$B/src/backlog/libtg_backlog.a" "$B/src/config/libtg_config.a" "$B/src/store/libtg_store.a" \
  "$B/src/util/libtg_util.a" \
  $(pkg-config --libs jansson sqlite3 libxxhash yaml-0.1) -lpthread -lm -ldl -o "$W/merge_driver"

"$W/merge_driver" "$items" 2000
"$W/merge_driver" "$items" 1

if [ -d "$repo" ]; then
  git clone -q "$repo" "$W/repo"
  python3 "$here/bench/merge_sarif.py" "$W/repo" "$W"
  "$B/terragon" discover -C "$W/repo" -o "$W/vm.json" --backlog "$W/b.md" --debug \
    --import "$W/bandit.sarif" --import "$W/semgrep.sarif" 2>&1 >/dev/null |
    grep -E 'refine:|source imports:.*items'
  python3 -c "import json,sys; m=json.load(open(sys.argv[1])); print(len(m['items']), 'items,', sum(1 for i in m['items'] if i.get('occurrences')), 'listing several sources')" "$W/vm.json"
fi
