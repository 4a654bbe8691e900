#!/usr/bin/env bash
# The backlog end to end: discover, identity across edits, resolution,
# outputs, never feeding on itself, explain/history/runs, export/import.
. "$(dirname "$0")/lib.sh"

R="$T/repo"
mkdir -p "$R/src"
# A function with 17 decision points (CCN 18) and a marker in a comment.
{
  echo 'int decide(int a, int b, int c) {'
  echo '  int n = 0;'
  for i in $(seq 1 17); do echo "  if (a > $i) n++;"; done
  echo '  return n; // TODO(alice): simplify this'
  echo '}'
} > "$R/src/decide.c"
echo 'int ok(void) { return 1; }' > "$R/src/ok.c"
make_repo "$R"
NOW=--now=2026-11-20T10:00:00Z

test_case 'discover writes value-metrics.json and BACKLOG.md, items ranked' <<'CASE'
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW
[ -f "$R/value-metrics.json" ] && [ -f "$R/BACKLOG.md" ] || fail "outputs not written"
python3 - "$R/value-metrics.json" <<'PY' || fail "value-metrics.json"
import json, sys
m = json.load(open(sys.argv[1]))
assert m["schema_version"] == 1 and m["scoring_model"].startswith("terragon-score/")
keys = ["fingerprint","source","category","severity","rule_id","title","message","path",
        "start_line","end_line","start_column","end_column","evidence","job_size",
        "remediation_minutes","inputs","status","first_seen","last_seen","resolved_at",
        "scores","links"]
items = m["items"]
assert items, "no items"
for it in items:
    for k in keys: assert k in it, k
    assert len(it["fingerprint"]) == 16
    for k in ["wsjf","ice","debt","severity","base","boost","composite"]: assert k in it["scores"]
rules = {it["rule_id"] for it in items}
assert "complex-function" in rules, rules
assert any(it["category"] == "debt" for it in items), "no marker item"
scores = [it["scores"]["composite"] for it in items]
assert scores == sorted(scores, reverse=True)
PY
CASE
fp() { python3 -c "import json,sys; print([i['fingerprint'] for i in json.load(open('$R/value-metrics.json'))['items'] if i['rule_id']==sys.argv[1]][0])" "$1"; }
cf=$(fp complex-function)
test_case 'BACKLOG.md shows the first 8 digits of a fingerprint' <<'CASE'
expect_grep "${cf:0:8}" "$R/BACKLOG.md"   # the table shows the first 8 digits
cp "$R/value-metrics.json" "$T/run1.json"
CASE

# 50 lines above the function: the same item.
test_case 'an item keeps its fingerprint when code moves above it' <<'CASE'
{ for i in $(seq 1 50); do echo "/* pad $i */"; done; cat "$R/src/decide.c"; } > "$T/x" && mv "$T/x" "$R/src/decide.c"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW
[ "$(fp complex-function)" = "$cf" ] || fail "fingerprint moved with the code"
CASE

# Never feed on itself: three runs, no item from our own outputs.
test_case 'three more runs: no item comes from terragon outputs or store' <<'CASE'
for i in 1 2 3; do expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW; done
python3 - "$R/value-metrics.json" <<'PY' || fail "fed on itself"
import json, sys
for it in json.load(open(sys.argv[1]))["items"]:
    assert it["path"] not in ("BACKLOG.md", "value-metrics.json"), it
    assert not (it["path"] or "").startswith(".terragon/"), it
PY
CASE

# Byte-identical apart from the run's own times.
test_case 'a second run is byte-identical apart from the run times' <<'CASE'
cp "$R/value-metrics.json" "$T/a.json"; cp "$R/BACKLOG.md" "$T/a.md"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW
strip() { python3 -c "
import json,sys
m=json.load(open(sys.argv[1])); m.pop('run'); [s.pop('seconds') for s in m['sources']]
print(json.dumps(m, sort_keys=True))" "$1"; }
[ "$(strip "$T/a.json")" = "$(strip "$R/value-metrics.json")" ] || fail "value-metrics.json changed"
cmp -s "$T/a.md" "$R/BACKLOG.md" || fail "BACKLOG.md changed"
CASE

# The marker goes: resolved, with its history.
todo=$(fp todo-marker)
test_case 'a marker removed is resolved, with its history' <<'CASE'
sed -i 's|// TODO(alice): simplify this||' "$R/src/decide.c"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" --now=2026-11-21T10:00:00Z
expect_exit 0 "$TERRAGON" history "${todo:0:8}" --repo-path "$R"
expect_grep 'opened' "$T/out"
expect_grep '2026-11-21T10:00:00Z +resolved' "$T/out"
expect_exit 0 "$TERRAGON" backlog --repo-path "$R" --format json
expect_no_grep "$todo" "$T/out"
expect_grep "$cf" "$T/out"
expect_exit 0 "$TERRAGON" backlog --repo-path "$R" --category debt --format csv
expect_no_grep "$cf" "$T/out"
CASE

# A rule finding is resolved once its code goes (the rule engine's items too).
test_case 'a rule finding is resolved once its code goes' <<'CASE'
printf 'def run(x):\n    return eval(x)\n' > "$R/src/ev.py"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" --now=2026-11-21T11:00:00Z --format json
ev=$(python3 -c "import json; print([i['fingerprint'] for i in json.load(open('$T/out'))['items'] if i['path']=='src/ev.py' and i['category']=='security'][0])") ||
  fail "no rule finding for eval"
printf 'def run(x):\n    return x\n' > "$R/src/ev.py"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" --now=2026-11-21T12:00:00Z
expect_exit 0 "$TERRAGON" history "$ev" --repo-path "$R"
expect_grep '2026-11-21T12:00:00Z +resolved' "$T/out"
rm "$R/src/ev.py"
CASE

# Explain shows every step.
test_case 'explain shows every step; an unknown id is bad usage' <<'CASE'
expect_exit 0 "$TERRAGON" explain "${cf:0:6}" --repo-path "$R"
expect_grep '^wsjf = ' "$T/out"
expect_grep '^composite = base' "$T/out"
expect_exit 0 "$TERRAGON" explain "$cf" --repo-path "$R" --format json
python3 -c "import json,sys; d=json.load(open('$T/out')); assert d['item']['fingerprint']=='$cf' and d['steps']" || fail "explain json"
expect_exit 2 "$TERRAGON" explain 0000000000000000 --repo-path "$R"
expect_grep 'no item' "$T/err"
expect_exit 2 "$TERRAGON" explain 12 --repo-path "$R"
CASE

# Runs, and fail-on.
test_case 'runs lists every run; --fail-on sets the exit status' <<'CASE'
expect_exit 0 "$TERRAGON" runs --repo-path "$R"
[ "$(grep -c ' discover ' "$T/out")" -ge 7 ] || fail "runs not listed"
expect_exit 1 "$TERRAGON" discover --repo-path "$R" $NOW --fail-on medium
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW --fail-on critical
CASE

# Export, import into a fresh clone: the history survives.
test_case 'store export and import into a fresh clone keep the history' <<'CASE'
expect_exit 0 "$TERRAGON" store export "$T/store.ndjson" --repo-path "$R"
git clone -q "$R" "$T/clone"
expect_exit 0 "$TERRAGON" store import "$T/store.ndjson" --repo-path "$T/clone"
expect_exit 0 "$TERRAGON" history "$todo" --repo-path "$T/clone"
expect_grep 'resolved' "$T/out"
echo '{"type": "terragon-store-export", "version": 1}
{not json' > "$T/bad.ndjson"
expect_exit 2 "$TERRAGON" store import "$T/bad.ndjson" --repo-path "$T/clone"
expect_grep 'bad.ndjson:2' "$T/err"
CASE
done_testing
