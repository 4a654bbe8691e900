#!/usr/bin/env bash
# discover weighs complexity by what changes now (discover/recent.c): a
# complex function changed by recent commits outranks a stable one, a hotspot
# names the function to start with, a dispatcher stays low, and risky calls
# in comments and docstrings are not findings.
. "$(dirname "$0")/lib.sh"

# c DATE MSG: commit everything at noon UTC on DATE.
c() {
  git add -A && GIT_AUTHOR_NAME=Ana GIT_AUTHOR_EMAIL=ana@x GIT_AUTHOR_DATE="$1T12:00:00Z" \
    GIT_COMMITTER_DATE="$1T12:00:00Z" git commit -q -m "$2"
}
# fn NAME N: a C function with 20 nested decisions, its first N branches
# edited (blame counts the commits whose lines survive: one line each).
fn() {
  echo "int $1(int a, int b)"; echo "{"; echo "  int r = 0;"
  i=0; while [ $i -lt 10 ]; do i=$((i+1))
    if [ $i -le "$2" ]; then echo "  if (a > $i) { if (b > $i) r += $i * 2; }"
    else echo "  if (a > $i) { if (b > $i) r += $i; }"; fi
  done
  echo "  return r;"; echo "}"
}
# table: a switch over 30 cases, a dispatcher.
table() {
  echo "int table(int id)"; echo "{"; echo "  switch (id) {"
  i=0; while [ $i -lt 30 ]; do i=$((i+1)); echo "  case $i: return $((i * 7));"; done
  echo "  }"; echo "  return 0;"; echo "}"
}
R=$T/r
mkdir -p "$R/src" && cd "$R" && git init -q -b main
write() { { fn stable 0; fn busy "$1"; table; } > src/core.c; }
write 0 && c 2020-01-01 "add core"
n=0; for d in 2025-01-10 2025-03-10 2025-05-10 2025-07-10 2025-09-10; do
  n=$((n+1)); write "$n" && c "$d" "fix busy crash $n"
done
printf 'def f(data):\n    """Load it:\n\n        pickle.loads(data)\n    """\n    return pickle.loads(data)\n# eval(user_input)\n' > src/load.py
c 2025-09-11 "add loader"

test_case 'discover: the busy function, folded into its hotspot, outranks the stable one, which is watched' <<'CASE'
expect_exit 0 "$TERRAGON" discover -C "$R" -o "$T/vm.json" --backlog "$T/B.md" -q
python3 - "$T/vm.json" <<'PY'
import json, sys
all_items = json.load(open(sys.argv[1]))["items"]
items = {i["title"].split(" ")[0]: i for i in all_items if i["rule_id"] == "complex-function"}
stable = items["stable"]
assert "busy" not in items, "the busy function's own item should be folded into the hotspot"
hot = [i for i in all_items if i["rule_id"] == "history/hotspot"][0]
busy_line = [o for o in hot["occurrences"] if o.get("rule_id") == "complex-function"]
assert len(busy_line) == 1 and busy_line[0]["start_line"] > 1, hot["occurrences"]
assert "target_changes_24m=5 target_fixes_24m=5" in hot["evidence"], hot["evidence"]
assert hot["severity"] == "high" and hot["tier"] == "act", hot
assert "changes_24m=0" in stable["evidence"], stable["evidence"]
assert stable["severity"] == "low" and stable["tier"] == "watch", stable
assert hot["scores"]["composite"] > stable["scores"]["composite"], (hot["scores"], stable["scores"])
assert "unchanged for two years" in stable["message"], stable["message"]
# the work comes first in the output, the watch list after it
tiers = [i["tier"] for i in all_items if i["status"] == "open"]
assert tiers == sorted(tiers, key=lambda t: t != "act"), tiers
PY
expect_grep '^## Watch list' "$T/B.md"
CASE

test_case 'discover: a switch of thirty cases is a table, low, whatever its churn' <<'CASE'
python3 - "$T/vm.json" <<'PY'
import json, sys
t = [i for i in json.load(open(sys.argv[1]))["items"] if i["title"].startswith("table ")]
assert len(t) == 1, t
assert t[0]["severity"] == "low", t[0]
assert "ccn_structural=2" in t[0]["evidence"] and "flat=1" in t[0]["evidence"], t[0]["evidence"]
assert "arms of switch or else-if chains" in t[0]["message"], t[0]["message"]
PY
CASE

test_case 'discover: a pickle or eval in a docstring or comment is not a finding; in code it is' <<'CASE'
python3 - "$T/vm.json" <<'PY'
import json, sys
found = sorted((i["rule_id"], i["start_line"]) for i in json.load(open(sys.argv[1]))["items"]
               if i.get("path") == "src/load.py")
assert found == [("ai-ml.pickle-load", 6)], found
PY
CASE

test_case 'discover: a hotspot names the busy function to start with' <<'CASE'
python3 - "$T/vm.json" <<'PY'
import json, sys
h = [i for i in json.load(open(sys.argv[1]))["items"] if i["rule_id"] == "history/hotspot"]
assert h, "no hotspot item"
assert "start with busy (line " in h[0]["message"], h[0]["message"]
PY
CASE

# A file whose change lands in simple code: its one complex function changed
# three times (a line each), its forty small functions rewritten every time.
R2=$T/r2
mkdir -p "$R2/src" && cd "$R2" && git init -q -b main
small() { i=0; while [ $i -lt 40 ]; do i=$((i+1)); echo "int s$i(int a) { return a + $i * $1; }"; done; }
write2() { { fn busy "$1"; small "$2"; } > src/mostly_simple.c; }
write2 0 1 && c 2020-01-01 "add"
n=0; for d in 2025-01-10 2025-03-10 2025-05-10 2025-07-10 2025-09-10 2025-10-10; do
  n=$((n+1)); write2 "$n" "$((n + 1))" && c "$d" "tune $n"
done

test_case 'discover: a hotspot whose change lands in simple code is watched, and says so' <<'CASE'
expect_exit 0 "$TERRAGON" discover -C "$R2" -o "$T/vm2.json" --backlog "$T/B2.md" -q
python3 - "$T/vm2.json" <<'PY'
import json, re, sys
h = [i for i in json.load(open(sys.argv[1]))["items"] if i["rule_id"] == "history/hotspot"]
assert h, "no hotspot item"
e = h[0]["evidence"]
all_, cx = (int(re.search(k + r"=(\d+)", e).group(1)) for k in (" lines_24m", "complex_lines_24m"))
assert 0 < cx * 4 < all_, e
assert h[0]["tier"] == "watch" and h[0]["severity"] == "low", h[0]
assert "the change lands elsewhere" in h[0]["message"], h[0]["message"]
PY
CASE

done_testing
