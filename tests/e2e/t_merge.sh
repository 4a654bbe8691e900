#!/usr/bin/env bash
# One finding, one item, across sources: our rule, a Semgrep SARIF and a
# Bandit SARIF on the same line are one item listing the three (README.md,
# "One finding reported by several tools").
. "$(dirname "$0")/lib.sh"

D="${TG_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/data/merge"
R="$T/repo"
mkdir -p "$R"
cp "$D/app.py" "$R/app.py"
make_repo "$R"
NOW=--now=2026-11-20T10:00:00Z

test_case 'our rule, Semgrep and Bandit on one line are one item listing every source' <<'CASE'
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW --debug \
  --import "$D/semgrep.sarif" --import "$D/bandit.sarif"
expect_grep 'refine: 4 items merged' "$T/err"
python3 - "$R/value-metrics.json" <<'PY' || fail "merged items"
import json, sys
items = json.load(open(sys.argv[1]))["items"]
at = lambda line: [i for i in items if i.get("path") == "app.py" and i.get("start_line") == line]
# eval: our rule survives, with Semgrep (same CWE) and Bandit (B307, CWE-78: the table).
(ev,) = at(6)
assert ev["source"] == "rules" and ev["rule_id"] == "injection.python-eval-exec", ev
got = sorted((o["source"], o["rule_id"]) for o in ev["occurrences"])
assert got == [("rules", "injection.python-eval-exec"),
               ("sarif:Bandit", "B307"),
               ("sarif:Semgrep OSS", "python.lang.security.audit.eval-detected.eval-detected")], got
assert all(o["start_line"] == 6 for o in ev["occurrences"]), ev["occurrences"]
# shell=True: ours and Bandit's B602 (high) and Semgrep's: one item, the highest severity.
(sh,) = at(10)
assert sh["rule_id"] == "injection.subprocess-shell-true" and len(sh["occurrences"]) == 3, sh
assert sh["severity"] == "high", sh
# Bandit alone on random.choice: its own item, no occurrences.
(rnd,) = at(14)
assert rnd["source"] == "sarif:Bandit" and rnd["rule_id"] == "B311" and not rnd.get("occurrences"), rnd
assert not [i for i in items if i["source"].startswith("sarif:") and i.get("start_line") in (6, 10)]
PY
CASE

test_case 'a second run keeps the survivor and its fingerprint' <<'CASE'
python3 -c "import json; print([i['fingerprint'] for i in json.load(open('$R/value-metrics.json'))['items'] if i.get('start_line') == 6][0])" > "$T/fp1"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW --import "$D/semgrep.sarif" --import "$D/bandit.sarif"
python3 -c "import json; print([i['fingerprint'] for i in json.load(open('$R/value-metrics.json'))['items'] if i.get('start_line') == 6][0])" > "$T/fp2"
cmp "$T/fp1" "$T/fp2" || fail "the merged item's id changed"
CASE

test_case 'without the imports, the same lines are our items alone' <<'CASE'
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW --debug
expect_grep 'refine: 0 items merged' "$T/err"
CASE

done_testing
