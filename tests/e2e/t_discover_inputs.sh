#!/usr/bin/env bash
# discover's other inputs: --import (SARIF, coverage), external analyzers,
# --baseline, --sarif output (checked by Microsoft's validator), bad inputs.
. "$(dirname "$0")/lib.sh"

R="$T/repo"
mkdir -p "$R/src" "$R/.terragon"
printf 'def load(s):\n    return s\n\ndef unused(x):\n    if x:\n        return 1\n    return 2\n' > "$R/src/app.py"
make_repo "$R"
NOW=--now=2026-11-20T10:00:00Z

# A SARIF from some analyzer, with one suppressed result.
cat > "$T/tool.sarif" <<'JSON'
{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "fakelint", "rules": [
  {"id": "FL001", "properties": {"security-severity": "9.8", "tags": ["security", "external/cwe/cwe-502"]}},
  {"id": "FL002"}]}},
 "results": [
  {"ruleId": "FL001", "level": "error", "message": {"text": "unsafe load"},
   "locations": [{"physicalLocation": {"artifactLocation": {"uri": "src/app.py"}, "region": {"startLine": 2}}}]},
  {"ruleId": "FL002", "level": "warning", "message": {"text": "style"},
   "suppressions": [{"kind": "inSource"}],
   "locations": [{"physicalLocation": {"artifactLocation": {"uri": "src/app.py"}, "region": {"startLine": 4}}}]}]}]}
JSON
# Coverage: 2 of 6 lines of app.py ran.
printf 'TN:\nSF:%s/src/app.py\nDA:1,1\nDA:2,1\nDA:4,0\nDA:5,0\nDA:6,0\nDA:7,0\nend_of_record\n' "$R" > "$T/cov.info"
test_case 'an imported SARIF and lcov file become items, with boost and coverage' <<'CASE'
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW --import "$T/tool.sarif" --import "$T/cov.info" --format json
python3 - "$T/out" <<'PY' || fail "imports"
import json, sys
m = json.load(open(sys.argv[1]))
items = {i["rule_id"]: i for i in m["items"]}
fl = items["FL001"]
assert fl["severity"] == "critical" and fl["category"] in ("security", "vulnerability"), fl
assert fl["scores"]["boost"] == 2.0, fl["scores"]
assert items["FL002"]["status"] == "suppressed"
cov = items["low-coverage"]
assert cov["path"] == "src/app.py" and cov["category"] == "coverage"
assert abs(m["repository"]["coverage_pct"] - 33.333) < 0.01, m["repository"]
PY
CASE

# A malformed import is reported and skipped; the run completes; --strict makes it 3.
test_case 'a malformed import is reported and skipped; --strict exits 3' <<'CASE'
echo '{"version": "2.1.0", "runs": [' > "$T/broken.sarif"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW --import "$T/broken.sarif"
expect_grep 'broken.sarif' "$T/err"
expect_grep 'skipped' "$T/out"
expect_exit 3 "$TERRAGON" discover --repo-path "$R" $NOW --import "$T/broken.sarif" --strict
CASE
# The FL001 item was not resolved by a run that did not repeat the import.
test_case 'an imported item is not resolved by a run without the import' <<'CASE'
expect_exit 0 "$TERRAGON" backlog --repo-path "$R" --format json
expect_grep '"FL001"' "$T/out"
CASE

# An external analyzer writing SARIF, and one that is not installed.
test_case 'external analyzers: one writes SARIF, a missing one and a slow one are reported' <<'CASE'
cat > "$R/.terragon/config.yaml" <<YAML
value_discovery:
  analyzers:
    - {name: fake, run: "cp $T/tool.sarif out.sarif", sarif: out.sarif, timeout_s: 30}
    - {name: missing, run: "no-such-analyzer-here --sarif x.sarif", sarif: x.sarif, timeout_s: 30}
    - {name: slow, run: "sleep 30", sarif: s.sarif, timeout_s: 1}
YAML
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW --format json
expect_grep 'analyzer missing: not found' "$T/err"
expect_grep 'analyzer slow: timed out' "$T/err"
python3 -c "
import json; m=json.load(open('$T/out'))
assert any(i['rule_id']=='FL001' for i in m['items'])
assert any('analyzer missing' in s for s in m['skipped'])" || fail "analyzers"
rm "$R/.terragon/config.yaml" "$R/out.sarif"
CASE

# --baseline: only what the ref did not have.
test_case '--baseline reports only what the ref did not have' <<'CASE'
git -C "$R" add -A && git -C "$R" commit -qm two
printf 'import yaml\ndef f(p):\n    # FIXME: validate p\n    return yaml.load(open(p))\n' > "$R/src/new.py"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW --baseline HEAD --format json
python3 -c "
import json; m=json.load(open('$T/out'))
paths={i['path'] for i in m['items']}
assert paths == {'src/new.py'}, paths" || fail "baseline"
expect_exit 1 "$TERRAGON" discover --repo-path "$R" $NOW --baseline HEAD --fail-on-new
expect_exit 2 "$TERRAGON" discover --repo-path "$R" $NOW --baseline no-such-ref
expect_grep 'not a commit' "$T/err"
CASE

# SARIF output: Microsoft's validator accepts it.
test_case '--sarif writes results with terragon fingerprints' <<'CASE'
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW --import "$T/tool.sarif" --sarif "$T/out.sarif"
python3 -c "
import json; s=json.load(open('$T/out.sarif'))
r=s['runs'][0]['results']; assert r and all('terragon/v1' in x['partialFingerprints'] for x in r)" || fail "sarif"
CASE
test_case 'the SARIF validator accepts the output' <<'CASE'
MT="$TG_SOURCE_DIR/build/npm/node_modules/.bin/sarif-multitool"
if [ -x "$MT" ]; then
  DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$MT" validate "$T/out.sarif" -o "$T/v.sarif" >"$T/mt.log" 2>&1 ||
    { cat "$T/mt.log"; fail "sarif-multitool rejected the SARIF"; }
  ! grep -qi ' error ' "$T/mt.log" || { cat "$T/mt.log"; fail "validator errors"; }
else
  [ -z "${CI:-}" ] || fail "sarif-multitool not installed (scripts/deps.sh --test installs it)"
fi
CASE
# Our own SARIF is never read back as findings.
test_case 'our own SARIF is never read back as findings' <<'CASE'
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW --sarif "$R/terragon.sarif"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW --sarif "$R/terragon.sarif" --format json
expect_no_grep '"path": "terragon.sarif"' "$T/out"
CASE
done_testing
