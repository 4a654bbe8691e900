#!/usr/bin/env bash
# The backlog's spine: storing a run of 100,000 items and diffing it against
# the previous run (goal: under 2 s), on a generated repository of 1,000 files
# with 100 TODO markers each. Prints the store merge time of a first run, of a
# rerun with half the markers gone (50,000 resolved), and the whole runs.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
TG=${TERRAGON:-$here/build/release/terragon}
[ -x "$TG" ] || { echo "build first: make build" >&2; exit 2; }
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
mkdir -p "$W/r/src"
python3 - "$W/r/src" <<'PY'
import sys
for f in range(1000):
    with open(f"{sys.argv[1]}/f{f:04d}.c", "w") as o:
        for i in range(100):
            o.write(f"int v{i};  /* TODO: item {f}-{i} */\n")
PY
git -C "$W/r" init -q && git -C "$W/r" add -A && git -C "$W/r" -c user.name=b -c user.email=b@b commit -qm init
run() { /usr/bin/time -f '%e s wall, %M KB peak' "$TG" discover --repo-path "$W/r" --debug 2>&1 |
          grep -E 'store: merged|wall' ; }
echo "first run (100,000 new items):"; run
for f in "$W"/r/src/f0[0-4]*.c; do sed -i 's|/\* TODO: item .* \*/||' "$f"; done
echo "rerun (50,000 resolved, 50,000 seen again):"; run
echo "unchanged rerun:"; run
