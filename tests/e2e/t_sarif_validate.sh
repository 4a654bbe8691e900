#!/usr/bin/env bash
# SARIF out of `discover --sarif` passes Microsoft's validator (GitHub's rules
# included) with no error, carries an imported analyzer's results, and is
# byte-identical from one run to the next. The validator comes from
# scripts/deps.sh --test (npm, under build/npm).
source "$(dirname "$0")/lib.sh"

tool="$TG_SOURCE_DIR/build/npm/node_modules/.bin/sarif-multitool"
[ -x "$tool" ] || fail "sarif-multitool missing: run scripts/deps.sh --test"

mkdir -p "$T/repo/src dir"
cat >"$T/repo/src dir/app.py" <<'PY'
import subprocess

def run(cmd):
    # TODO: stop using the shell
    return subprocess.call(cmd, shell=True)
PY
make_repo "$T/repo"

# What Bandit would say about it (rule metadata gives the CWE and the level); its
# B602 is the line our own rule reports, so the two are one item (ours).
cat >"$T/bandit.sarif" <<'JSON'
{"version": "2.1.0", "runs": [{
  "tool": {"driver": {"name": "Bandit", "rules": [{"id": "B602",
    "name": "subprocess_popen_with_shell_equals_true",
    "shortDescription": {"text": "subprocess call with shell=True"},
    "helpUri": "https://bandit.readthedocs.io/en/latest/plugins/b602.html",
    "defaultConfiguration": {"level": "error"},
    "properties": {"tags": ["security", "external/cwe/cwe-78"]}},
    {"id": "B404", "name": "blacklist",
    "shortDescription": {"text": "import of subprocess"},
    "helpUri": "https://bandit.readthedocs.io/en/latest/blacklists/blacklist_imports.html",
    "defaultConfiguration": {"level": "note"},
    "properties": {"tags": ["security", "external/cwe/cwe-78"]}}]}},
  "results": [{"ruleId": "B602", "ruleIndex": 0,
    "message": {"text": "subprocess call with shell=True identified"},
    "locations": [{"physicalLocation": {
      "artifactLocation": {"uri": "src%20dir/app.py", "uriBaseId": "%SRCROOT%"},
      "region": {"startLine": 5, "snippet": {"text": "return subprocess.call(cmd, shell=True)"}}}}]},
   {"ruleId": "B404", "ruleIndex": 1,
    "message": {"text": "Consider possible security implications associated with the subprocess module."},
    "locations": [{"physicalLocation": {
      "artifactLocation": {"uri": "src%20dir/app.py", "uriBaseId": "%SRCROOT%"},
      "region": {"startLine": 1, "snippet": {"text": "import subprocess"}}}}]}]}]}
JSON

cd "$T/repo"
test_case 'discover --sarif carries the imported result: rule, URI, severity, CWE, line hash' <<'CASE'
expect_exit 0 "$TERRAGON" discover --import "$T/bandit.sarif" --sarif "$T/out.sarif"
expect_grep '"version":"2.1.0"' "$T/out.sarif"
expect_grep '"ruleId":"B404"' "$T/out.sarif"
# B602 is our subprocess-shell-true's line: one finding, written once, as ours
expect_no_grep '"ruleId":"B602"' "$T/out.sarif"
expect_grep '"ruleId":"injection.subprocess-shell-true"' "$T/out.sarif"
expect_grep '"uri":"src%20dir/app.py"' "$T/out.sarif"
expect_grep '"security-severity":"8.0"' "$T/out.sarif"
expect_grep '"external/cwe/cwe-78"' "$T/out.sarif"
expect_grep '"primaryLocationLineHash":"[0-9a-f]+:[0-9]+"' "$T/out.sarif"
CASE

test_case 'the validator, GitHub rules included, finds no error' <<'CASE'
DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$tool" validate --rule-kind '"Gh;Sarif"' \
  "$T/out.sarif" >"$T/validate.log" 2>&1 || { cat "$T/validate.log" >&2; fail "validator exit"; }
expect_grep 'completed successfully' "$T/validate.log"
expect_no_grep ': error ' "$T/validate.log"
CASE

# The same repository and inputs give the same bytes.
test_case 'the same repository and inputs give the same bytes' <<'CASE'
expect_exit 0 "$TERRAGON" discover --import "$T/bandit.sarif" --sarif "$T/again.sarif"
cmp -s "$T/out.sarif" "$T/again.sarif" || { diff "$T/out.sarif" "$T/again.sarif" >&2; fail "not byte-identical"; }
CASE

done_testing
