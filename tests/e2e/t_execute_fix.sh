#!/usr/bin/env bash
# execute's deterministic fixers end to end, in dry-run, on a real git
# repository with a local bare remote: fixes carried by imported SARIF results
# (UTF-16 columns, several replacements in a file, a region whose text is not
# what the fix expects) and the fix-regex of a shipped rule (yaml.load).
. "$(dirname "$0")/lib.sh"
NOW=--now=2026-11-20T10:00:00Z

R="$T/repo"
mkdir -p "$R/.terragon"
cat > "$R/a.py" <<'EOF'
import yaml
def load(f):
    return yaml.load(f)
name = "héllo😀"; x = foo(1)
y = old_call()
z = keep(3)
EOF
cat > "$R/b.py" <<'EOF'
import requests, torch
m = torch.load(open(path, "rb"), map_location="cpu")
r = requests.get(url, verify=False)
EOF
printf 'package main\n\nvar c = tls.Config{InsecureSkipVerify: true}\n' > "$R/c.go"
printf 'value-metrics.json\nBACKLOG.md\n.terragon/\n' > "$R/.gitignore"
make_repo "$R"
git init -q --bare "$T/repo.git"
git -C "$R" remote add origin "$T/repo.git"
git -C "$R" push -q -u origin main
printf 'execution:\n  min_score: 0\n  github:\n    repository: acme/widgets\n' \
  > "$R/.terragon/config.yaml"

# Columns in UTF-16 code units: on line 4 "foo" is 23..26 and "1" 27..28 (é is
# one unit, the emoji two); as bytes or code points they would land elsewhere.
cat > "$T/fixes.sarif" <<'EOF'
{"version": "2.1.0", "runs": [{
  "tool": {"driver": {"name": "ruff", "rules": [
    {"id": "S506", "shortDescription": {"text": "unsafe yaml load"}},
    {"id": "X1", "shortDescription": {"text": "rename foo"}},
    {"id": "X2", "shortDescription": {"text": "old call"}},
    {"id": "X3", "shortDescription": {"text": "keep call"}},
    {"id": "X4", "shortDescription": {"text": "stale snippet"}}]}},
  "results": [
    {"ruleId": "S506", "level": "error", "message": {"text": "yaml.load"},
     "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.py"},
       "region": {"startLine": 3, "startColumn": 12, "endColumn": 21,
                  "snippet": {"text": "    return yaml.load(f)\n"}}}}],
     "fixes": [{"description": {"text": "use safe_load"}, "artifactChanges": [
       {"artifactLocation": {"uri": "a.py"}, "replacements": [
         {"deletedRegion": {"startLine": 3, "startColumn": 12, "endLine": 3, "endColumn": 21},
          "insertedContent": {"text": "yaml.safe_load"}}]}]}]},
    {"ruleId": "X1", "level": "error", "message": {"text": "foo(1)"},
     "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.py"},
       "region": {"startLine": 4, "startColumn": 23}}}],
     "fixes": [{"artifactChanges": [
       {"artifactLocation": {"uri": "a.py"}, "replacements": [
         {"deletedRegion": {"startLine": 4, "startColumn": 23, "endLine": 4, "endColumn": 26},
          "insertedContent": {"text": "bar"}},
         {"deletedRegion": {"startLine": 4, "startColumn": 27, "endLine": 4, "endColumn": 28},
          "insertedContent": {"text": "2"}}]}]}]},
    {"ruleId": "X2", "level": "error", "message": {"text": "old_call"},
     "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.py"},
       "region": {"startLine": 5}}}],
     "fixes": [{"artifactChanges": [
       {"artifactLocation": {"uri": "a.py"}, "replacements": [
         {"deletedRegion": {"startLine": 5, "startColumn": 5, "endColumn": 13,
                            "snippet": {"text": "other_ca"}},
          "insertedContent": {"text": "new_call"}}]}]}]},
    {"ruleId": "X3", "level": "error", "message": {"text": "keep"},
     "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.py"},
       "region": {"startLine": 6}}}],
     "fixes": [{"artifactChanges": [
       {"artifactLocation": {"uri": "a.py"}, "replacements": [
         {"deletedRegion": {"charOffset": CHAROFF, "charLength": 4},
          "insertedContent": {"text": "hold"}}]}]}]},
    {"ruleId": "X4", "level": "error", "message": {"text": "keep"},
     "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.py"},
       "region": {"startLine": 6, "snippet": {"text": "z = gone(3)"}}}}],
     "fixes": [{"artifactChanges": [
       {"artifactLocation": {"uri": "a.py"}, "replacements": [
         {"deletedRegion": {"startLine": 6, "startColumn": 5, "endColumn": 9},
          "insertedContent": {"text": "hold"}}]}]}]}
  ]}]}
EOF
# "keep" as a UTF-16 offset from the start of the file: é is 1 unit, the emoji 2.
off=$(python3 -c '
import sys
t = open(sys.argv[1], encoding="utf-8").read()
print(len(t[:t.index("keep(")].encode("utf-16-le")) // 2)' "$R/a.py")
sed -i "s/CHAROFF/$off/" "$T/fixes.sarif"

expect_exit 0 "$TERRAGON" discover --repo-path "$R" --import "$T/fixes.sarif" $NOW
expect_exit 0 "$TERRAGON" backlog --repo-path "$R" --format json
fp() { python3 -c '
import json, sys
for it in json.load(open(sys.argv[1]))["items"]:
    if it["rule_id"] == sys.argv[2] and it["path"].endswith(sys.argv[3]):
        print(it["fingerprint"]); break' "$T/out" "$1" "${2:-}"; }
cp "$T/out" "$T/backlog.json"
S506=$(fp S506) X1=$(fp X1) X2=$(fp X2) X3=$(fp X3) X4=$(fp X4)
YAML=$(fp ai-ml.yaml-unsafe-load) TORCH=$(fp ai-ml.torch-load-unsafe)
TLS=$(fp crypto.tls-verification-disabled .py) GO=$(fp crypto.tls-verification-disabled .go)
test_case 'discover finds the imported items and the shipped rules items' <<'CASE'
[ -n "$S506" ] && [ -n "$X1" ] && [ -n "$X2" ] && [ -n "$X3" ] && [ -n "$X4" ] &&
  [ -n "$YAML" ] && [ -n "$TORCH" ] && [ -n "$TLS" ] && [ -n "$GO" ] ||
  { cat "$T/backlog.json" >&2; fail "items missing"; }
CASE
# The fix is kept with the item, in the store.
test_case 'the fix is kept with the item in the store' <<'CASE'
expect_exit 0 "$TERRAGON" explain "$S506" --repo-path "$R" --format json
expect_grep '"fix":' "$T/out"
expect_grep '"inserted": ?"yaml.safe_load"' "$T/out"
CASE

# --- a SARIF fix: the replacement applied, nothing else changed.
test_case 'a SARIF fix: the replacement applied, nothing else changed' <<'CASE'
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --dry-run --item "$S506"
expect_grep '^-    return yaml.load\(f\)$' "$T/out"
expect_grep '^\+    return yaml.safe_load\(f\)$' "$T/out"
expect_grep 'would open a pull request' "$T/out"
expect_no_grep '^\+name' "$T/out"
CASE

# --- UTF-16 columns, two replacements on one line.
test_case 'UTF-16 columns, two replacements on one line' <<'CASE'
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --dry-run --item "$X1"
expect_grep '^\+name = "héllo😀"; x = bar\(2\)$' "$T/out"
CASE

# --- charOffset/charLength in UTF-16 units.
test_case 'charOffset and charLength in UTF-16 units' <<'CASE'
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --dry-run --item "$X3"
expect_grep '^\+z = hold\(3\)$' "$T/out"
CASE

# --- the tool's snippet is not the file's text there: refused with the reason.
test_case 'the tool snippet is not the file text there: refused with the reason' <<'CASE'
expect_exit 1 "$TERRAGON" execute --repo-path "$R" --dry-run --item "$X2"
expect_grep "$X2: failed: SARIF fix: a.py:5:5: the text there is not what the fix expects" \
  "$T/out"
expect_no_grep 'would open a pull request' "$T/out"
[ -z "$(git -C "$R" branch --list 'auto-value/*')" ] || fail "a branch was left behind"
CASE

# --- the result's own snippet is not its line's text: the analyzer saw another file.
test_case 'the result snippet is not its line text: refused' <<'CASE'
expect_exit 1 "$TERRAGON" execute --repo-path "$R" --dry-run --item "$X4"
expect_grep "$X4: failed: SARIF fix: a.py: the result's snippet is not the text of a.py:6" \
  "$T/out"
CASE

# --- the file changed on the base branch since discovery: refused.
test_case 'the file changed on the base branch since discovery: refused' <<'CASE'
sed -i 's/^import yaml$/import yaml  # moved/' "$R/a.py"
git -C "$R" commit -qam 'edit line 1'
git -C "$R" push -q origin main
expect_exit 1 "$TERRAGON" execute --repo-path "$R" --dry-run --item "$X1"
expect_grep 'SARIF fix: a.py:4:2[37]: the text there is not what the fix expects' "$T/out"
CASE

# --- a shipped rule's fix-regex: yaml.load(f) without a Loader.
test_case 'a shipped rule fix-regex: yaml.load without a Loader' <<'CASE'
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --dry-run --item "$YAML"
expect_grep '^\+    return yaml.safe_load\(f\)$' "$T/out"
expect_grep 'would open a pull request' "$T/out"
CASE
# torch.load and verify=False, the other shipped fix-regex rules.
test_case 'torch.load and verify=False, the other shipped fix-regex rules' <<'CASE'
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --dry-run --item "$TORCH"
expect_grep '^\+m = torch.load\(open\(path, "rb"\), map_location="cpu", weights_only=True\)$' \
  "$T/out"
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --dry-run --item "$TLS"
expect_grep '^\+r = requests.get\(url, verify=True\)$' "$T/out"
expect_no_grep '^\+m = ' "$T/out"
CASE
# A form of the finding the fix-regex does not rewrite: skipped (no executor), not failed.
test_case 'a form of the finding the fix-regex does not rewrite is skipped, not failed' <<'CASE'
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --dry-run --item "$GO"
expect_grep "$GO: skipped: rule crypto.tls-verification-disabled: its fix-regex does not rewrite what c.go:3 holds" \
  "$T/out"
CASE
done_testing
