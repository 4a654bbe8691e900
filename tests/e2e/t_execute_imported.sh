#!/usr/bin/env bash
# execute's proof for imported findings: the configured analyzers run again on
# the changed worktree (and what they write there is not committed); with no
# analyzer, or one that did not run, the change goes on unverified and the pull
# request says so and carries the label. (Scanner items: t_execute_verify.sh.)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/execute_lib.sh"

# --- an imported finding with no analyzer configured: unverified, labelled, said in the body.
cat > "$T/import.sarif" <<'JSON'
{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "otherlint"}}, "results": [
 {"ruleId": "OL1", "level": "error", "message": {"text": "bad call"},
  "partialFingerprints": {"primaryLocationLineHash": "ol1-a"},
  "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.py"}, "region": {"startLine": 3}}}]}]}]}
JSON
IMPORT="--import $T/import.sarif" setup unverified "$FIXBAD"
OL=$(fp_of OL1)
test_case 'an imported finding with no analyzer is unverified, labelled, said in the body' <<'CASE'
[ -n "$OL" ] || fail "the SARIF result was not imported"
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --item "$OL"
expect_grep '^\*\*Unverified\*\*: imported finding \(sarif:otherlint\) and no analyzer is configured' "$T/out"
expect_grep '^-- labels: terragon unverified$' "$T/out"
expect_grep 'unverified \(the pull request is labelled so\)' "$T/err"
audit_jsonl
expect_grep '"verification": "unverified"' "$T/audit.jsonl"
CASE
# For real: the label goes to the API, and the token never reaches the audit log.
test_case 'for real: the unverified label goes to the API, the token never to the audit log' <<'CASE'
export TERRAGON_GITHUB_TOKEN=s3cret-token-never-logged
start_stub ok
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --item "$OL" --dry-run=false
expect_grep 'opened https://' "$T/out"
grep -q '"labels": \["terragon", "unverified"\]' "$T/requests" || { cat "$T/requests" >&2; fail "unverified label"; }
audit_jsonl
expect_grep '"outcome": "pr-opened".*"pushed": true, "pr_url": "https://github.example/acme/widgets/pull/1", "rolled_back": false, .*"dry_run": false' "$T/audit.jsonl"
expect_grep '"commit": "[0-9a-f]{40}"' "$T/audit.jsonl"
expect_no_grep 's3cret-token-never-logged' "$T/audit.jsonl"
unset TERRAGON_GITHUB_TOKEN TERRAGON_GITHUB_API_URL
CASE

# --- an imported finding with its analyzer configured: re-run on the change.
ANALYZER=$(printf 'value_discovery:\n  analyzers:\n    - {name: fakelint, run: "sh %s/fakelint.sh", sarif: fakelint.sarif, timeout_s: 30}' "$T")
setup analyzed "$FIXBAD" "$ANALYZER"
FL=$(fp_of FL001)
test_case 'an imported finding with its analyzer configured is verified by a re-run' <<'CASE'
[ -n "$FL" ] || fail "the analyzer's finding is not in the backlog"
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --item "$FL"
expect_grep '^Verified: the configured analyzers, run again on the changed tree' "$T/out"
expect_no_grep 'fakelint.sarif' "$T/out" # the analyzer's output is not part of the change
expect_grep '^-- labels: terragon$' "$T/out"
CASE
test_case 'a change that leaves the analyzer finding is a failure' <<'CASE'
setup analyzed_still "echo more >> notes.txt" "$ANALYZER"
expect_exit 1 "$TERRAGON" execute --repo-path "$R" --item "$(fp_of FL001)"
expect_grep 'item still present after the change' "$T/err"
CASE
# An analyzer that does not run on the change proves nothing: unverified.
test_case 'an analyzer that does not run on the change proves nothing: unverified' <<'CASE'
setup analyzer_broken "$FIXBAD" "$ANALYZER"
printf '    - {name: gone, run: "no-such-analyzer-here", sarif: x.sarif, timeout_s: 30}\n' >> "$R/.terragon/config.yaml"
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --item "$(fp_of FL001)"
expect_grep '^\*\*Unverified\*\*: the analyzers did not all run on the change \(analyzer gone: not found' "$T/out"
CASE

done_testing
