#!/usr/bin/env bash
# The backlog's spine: storing a run of 100,000 items and diffing it against
# the previous run (goal: under 2 s), on a generated repository of 1,000 files
# with 100 TODO markers each, with only the scanner source. Prints, for each
# run, the store merge (open, diff, write, commit: wall and this thread's CPU)
# and the whole run (wall, user+sys CPU, peak memory):
#   1. first run: 100,000 new items;
#   2. unchanged rerun: 100,000 items seen again;
#   3. rerun with half the markers gone: 50,000 resolved, 50,000 seen again;
#   4. the markers back: 50,000 reopened.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
TG=${TERRAGON:-$here/build/release/terragon}
[ -x "$TG" ] || { echo "build first: make build" >&2; exit 2; }
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
mkdir -p "$W/r/src" "$W/r/.terragon"
python3 - "$W/r/src" <<'PY'
import sys
for f in range(1000):
    with open(f"{sys.argv[1]}/f{f:04d}.c", "w") as o:
        for i in range(100):
            o.write(f"int v{i};  /* TODO: item {f}-{i} */\n")
PY
printf 'value_discovery:\n  discovery_sources: [advanced_static_analysis]\n' >"$W/r/.terragon/config.yaml"
git -C "$W/r" init -q && git -C "$W/r" add -A && git -C "$W/r" -c user.name=b -c user.email=b@b commit -qm init
run() {
  /usr/bin/time -f 'whole run: %e s wall, %U+%S s CPU, %M KB peak' "$TG" discover --repo-path "$W/r" --debug 2>&1 |
    grep -E 'store: merged|whole run' | sed 's/^terragon: debug: /  /; s/^whole/  whole/'
}
echo "1. first run (100,000 new items):"; run
echo "2. unchanged rerun (100,000 seen again):"; run
cp -r "$W/r/src" "$W/src.orig"
for f in "$W"/r/src/f0[0-4]*.c; do sed -i 's|/\* TODO: item .* \*/||' "$f"; done
echo "3. rerun (50,000 resolved, 50,000 seen again):"; run
rm -rf "$W/r/src" && mv "$W/src.orig" "$W/r/src"
echo "4. rerun (50,000 reopened, 50,000 seen again):"; run
