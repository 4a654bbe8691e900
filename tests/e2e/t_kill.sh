#!/usr/bin/env bash
# A discover killed at any moment (SIGKILL) leaves the previous run's backlog
# intact and the store consistent: every write is one transaction, every
# output file is replaced by a rename.
. "$(dirname "$0")/lib.sh"

R="$T/repo"
mkdir -p "$R/src"
python3 - "$R/src" <<'PY'
import sys
for f in range(200):
    with open(f"{sys.argv[1]}/f{f:03d}.c", "w") as o:
        for i in range(30):
            o.write(f"int v{i}; /* TODO: task {f}-{i} */\n")
PY
make_repo "$R"
count() { "$TERRAGON" backlog --repo-path "$R" --format json |
            python3 -c "import json,sys; print(sum(i['source'] == 'scanner' for i in json.load(sys.stdin)['items']))"; }
expect_exit 0 "$TERRAGON" discover --repo-path "$R" -q
before=$(count)
test_case 'a first run finds the 6000 markers' <<'CASE'
[ "$before" = 6000 ] || fail "expected 6000 items, got $before"
CASE

# Half the markers go; runs are killed at growing delays.
test_case 'a run killed at any moment leaves a readable backlog, a sound store and whole JSON' <<'CASE'
for f in "$R"/src/f0*.c; do sed -i 's|/\* TODO: task .* \*/||' "$f"; done
for delay in 0.05 0.1 0.2 0.3 0.5 0.8 1.2 2; do
  "$TERRAGON" discover --repo-path "$R" -q >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  n=$(count) || fail "backlog unreadable after a kill at $delay s"
  echo "$n" >> "$T/seen"
  [ "$(sqlite3 "$R/.terragon/terragon.db" 'PRAGMA integrity_check')" = ok ] ||
    fail "store damaged after a kill at $delay s"
  python3 -c "import json; json.load(open('$R/value-metrics.json'))" ||
    fail "value-metrics.json torn after a kill at $delay s"
done
CASE
test_case 'a full run then finds 3000; each killed run left the old backlog or the new one' <<'CASE'
expect_exit 0 "$TERRAGON" discover --repo-path "$R" -q
after=$(count)
[ "$after" = 3000 ] || fail "expected 3000 items after a full run, got $after"
# Each killed run left either the old backlog or the new one, never a mix.
for n in $(cat "$T/seen"); do
  [ "$n" = "$before" ] || [ "$n" = "$after" ] || fail "a killed run left $n items (not $before or $after)"
done
CASE
done_testing
