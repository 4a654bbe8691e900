#!/usr/bin/env bash
# The steps between the sources and scoring that are discover's own: a
# hotspot and a large-file item of one file are one item (the hotspot, the
# large file an occurrence of it); the top of the backlog holds at most 3 of
# one rule in any 10 places.
. "$(dirname "$0")/lib.sh"
NOW=--now=2026-11-20T10:00:00Z

R="$T/repo"
mkdir -p "$R/src" "$R/.terragon"
printf 'thresholds:\n  file_lines: 20\n  ccn: 1\nhistory:\n  min_revs: 2\n' > "$R/.terragon/config.yaml"
big() { for i in $(seq 1 "$2"); do printf 'int f%d_%d(int x) { if (x > %d) return 1; return 0; }\n' "$1" "$i" "$i"; done; }
big 0 30 > "$R/src/big.c"
for i in 1 2 3 4 5; do big "$i" 8 > "$R/src/m$i.c"; done
cat > "$R/src/x.py" <<'PY'
import hashlib, pickle, yaml
# TODO: validate the input first
def run(s, f, b):
    eval(s)
    yaml.load(f)
    return hashlib.md5(b).hexdigest(), pickle.loads(b)
PY
make_repo "$R"
for n in 1 2 3 4; do
  echo "int g$n(void) { return $n; }" >> "$R/src/big.c"
  git -C "$R" commit -qam "change $n" --date="2026-11-0${n}T10:00:00Z"
done

test_case 'a hotspot and a large file of one file are one item' <<'CASE'
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW --format json
python3 - "$R/value-metrics.json" <<'PY' || fail "not folded"
import json, sys
items = json.load(open(sys.argv[1]))["items"]
big = [i for i in items if i["path"] == "src/big.c" and i["rule_id"] in ("history/hotspot", "large-file")]
assert len(big) == 1 and big[0]["rule_id"] == "history/hotspot", [i["rule_id"] for i in big]
rules = [o["rule_id"] for o in big[0]["occurrences"]]
assert rules == ["history/hotspot", "large-file"], rules
PY
CASE

test_case 'one rule holds at most 3 of the first 10 items' <<'CASE'
expect_exit 0 "$TERRAGON" backlog --repo-path "$R" --format json
python3 - "$T/out" <<'PY' || fail "crowded"
import collections, json, sys
items = [i for i in json.load(open(sys.argv[1]))["items"] if i["status"] == "open"]
rules = collections.Counter(i["rule_id"] for i in items[:10])
assert len(items) > 10 and max(rules.values()) <= 3, rules
PY
CASE
done_testing
