#!/usr/bin/env bash
# execute proves its change: the scanner runs again on the changed worktree;
# the item must be gone (not suppressed; identical matches counted) and nothing
# critical new against the base commit. Every attempt appends a line to
# .terragon/audit.log. (Imported findings: t_execute_imported.sh; the
# executor's sandbox: t_execute_sandbox.sh.)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/execute_lib.sh"

# --- a scanner item fixed: verified, in the body, the store and the audit log.
test_case 'a scanner item fixed is verified, in the body, the store and the audit log' <<'CASE'
setup fixed "$SED"
TODO=$(fp_of todo-marker)
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --item "$TODO"
expect_grep '^Verified: the scanner source, run again on the changed tree, no longer finds the item' "$T/out"
expect_grep '^-- labels: terragon$' "$T/out"
record gates > "$T/gates"
expect_grep '^\[\{"name": "verify", "passed": true, "verified": true' "$T/gates"
audit_jsonl
python3 - "$T/audit.jsonl" "$TODO" <<'PY' || fail "audit entry"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 1, lines
e = json.loads(lines[0])
a = e["details"]
assert e["subject"] == sys.argv[2] and a["outcome"] == "dry-run", a
assert a["verification"] == "verified" and a["dry_run"] is True, a
assert a["branch"].startswith("auto-value/" + sys.argv[2][:8]) and a["pr_url"] is None, a
assert e["time"].endswith("Z") and a["reason"] is None, a
assert len(e["hash"]) == 64 and len(e["prev_hash"]) == 64, e
PY
CASE

# --- a change that leaves the item: a failure, "item still present after the change".
test_case 'a change that leaves the item fails; the audit log is appended, never rewritten' <<'CASE'
setup still "echo more >> notes.txt"
TODO=$(fp_of todo-marker)
expect_exit 1 "$TERRAGON" execute --repo-path "$R" --item "$TODO"
expect_grep "$TODO: item still present after the change" "$T/err"
[ "$(record "outcome || '|' || reason")" = "failed|item still present after the change" ] ||
  fail "not recorded: $(record "outcome || '|' || reason")"
[ -z "$(git -C "$R" branch --list 'auto-value/*')" ] || fail "a branch was left behind"
# Appended, never rewritten: a second attempt adds an entry and keeps the first.
audit_jsonl && cp "$T/audit.jsonl" "$T/audit1"
expect_exit 1 "$TERRAGON" execute --repo-path "$R" --item "$TODO"
audit_jsonl
[ "$(wc -l < "$T/audit.jsonl")" = 2 ] || fail "audit entries: $(cat "$T/audit.jsonl")"
cmp -s "$T/audit1" <(head -n 1 "$T/audit.jsonl") || fail "the audit trail was rewritten"
expect_grep '"outcome": "failed", "reason": "item still present after the change"' "$T/audit.jsonl"
expect_exit 0 "$TERRAGON" audit verify -C "$R"
[ ! -e "$R/.terragon/audit.log" ] || fail "the old audit log was written"
CASE

# --- suppressing the item in the code is not fixing it.
test_case 'suppressing the item in the code is not fixing it' <<'CASE'
BASE_EXTRA='DANGER_CALL(0)' setup suppressed "sed -i 's/^DANGER_CALL(0)$/& # terragon:ignore/' a.py"
DANGER=$(fp_of test.danger)
[ -n "$DANGER" ] || fail "no rule item"
expect_exit 1 "$TERRAGON" execute --repo-path "$R" --item "$DANGER"
expect_grep 'item still present after the change \(suppressed in the code, not fixed\)' "$T/err"
CASE

# --- a fix that brings a new critical item fails; one already in the base does not count.
test_case 'a fix that brings a new critical item fails' <<'CASE'
setup critical "$SED; echo 'DANGER_CALL(1)' >> a.py"
TODO=$(fp_of todo-marker)
expect_exit 1 "$TERRAGON" execute --repo-path "$R" --item "$TODO"
expect_grep 'the change brings 1 new critical item: DANGER_CALL runs anything \([0-9a-f]{16}\)' "$T/err"
CASE
test_case 'a critical item already in the base does not count' <<'CASE'
BASE_EXTRA='DANGER_CALL(0)' setup oldcritical "$SED"
TODO=$(fp_of todo-marker)
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --item "$TODO"
expect_grep '^Verified: ' "$T/out"
CASE

# --- the base commit is scanned once a run, however many attempts need it: here
# the critical item (its attempt fails: the executor leaves it) and two TODOs.
test_case 'the base commit is scanned once a run, however many attempts need it' <<'CASE'
BASE_EXTRA=$'DANGER_CALL(0)\nx = 1  # TODO: and this' setup twotodos "sed -i 's/TODO: [a-z ]*/done/' a.py"
expect_exit 1 "$TERRAGON" execute --repo-path "$R" --max-prs 2 --debug
[ "$(grep -c 'would open a pull request' "$T/out")" = 2 ] || { cat "$T/out" >&2; fail "not two proposals"; }
[ "$(grep -c 'verification: scanning the base commit' "$T/err")" = 1 ] ||
  fail "base scans: $(grep -c 'verification: scanning the base commit' "$T/err")"
CASE

# --- of two identical matches, fixing the first: its fingerprint passes to the second.
test_case 'of two identical matches, fixing the first passes its fingerprint to the second' <<'CASE'
cat > "$T/twins.yaml" <<'YAML'
rules:
  - id: test.twin
    message: twin call
    severity: WARNING
    languages: [python]
    pattern-regex: 'TWIN\(\)'
    grouping: none
YAML
BASE_EXTRA=$'TWIN()\nTWIN()' setup twins "sed -i '0,/^TWIN()/s//pass/' a.py"
sed -i "s|  packs: \[$T/pack.yaml\]|  packs: [$T/pack.yaml, $T/twins.yaml]|" "$R/.terragon/config.yaml"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW
FIRST=$(sqlite3 "$R/.terragon/terragon.db" "SELECT fingerprint FROM item_json WHERE json_extract(json, '$.rule_id') = 'test.twin' ORDER BY json_extract(json, '$.start_line') LIMIT 1")
[ -n "$FIRST" ] || fail "no twin items"
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --item "$FIRST"
expect_grep '^Verified: ' "$T/out"
CASE

# --- grouped (the default), the two are one item: fixing one leaves it there.
test_case 'a grouped item is not gone while one of its occurrences is left' <<'CASE'
sed '/grouping: none/d' "$T/twins.yaml" > "$T/twins2.yaml"
BASE_EXTRA=$'TWIN()\nTWIN()' setup twins2 "sed -i '0,/^TWIN()/s//pass/' a.py"
sed -i "s|  packs: \[$T/pack.yaml\]|  packs: [$T/pack.yaml, $T/twins2.yaml]|" "$R/.terragon/config.yaml"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW
GROUP=$(sqlite3 "$R/.terragon/terragon.db" "SELECT fingerprint FROM item_json WHERE json_extract(json, '$.rule_id') = 'test.twin'")
[ "$(echo "$GROUP" | wc -l)" = 1 ] || fail "one grouped item: $GROUP"
expect_exit 1 "$TERRAGON" execute --repo-path "$R" --item "$GROUP"
expect_grep 'still present' "$T/err"
CASE

# --- a compliance item (an action used by tag) pinned by the executor: the
# compliance audit, run again on the changed worktree, proves it.
test_case 'a compliance item pinned by the executor is proven by the compliance audit' <<'CASE'
SHA=0123456789abcdef0123456789abcdef01234567
setup pin "sed -i 's|actions/checkout@v4|actions/checkout@$SHA|' .github/workflows/ci.yml"
mkdir -p "$R/.github/workflows"
printf 'on: push\npermissions: {}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n' \
  > "$R/.github/workflows/ci.yml"
git -C "$R" add .github && git -C "$R" commit -qm ci && git -C "$R" push -q origin main
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW
PIN=$(fp_of workflow-unpinned-action)
[ -n "$PIN" ] || fail "no workflow-unpinned-action item"
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --item "$PIN"
expect_grep '^Verified: the compliance source, run again on the changed tree, no longer finds the item' "$T/out"
expect_grep "^\+      - uses: actions/checkout@$SHA" "$T/out"
CASE

done_testing
