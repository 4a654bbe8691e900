#!/usr/bin/env bash
# audit changes [RANGE]: author, committer or merger and approvers of each
# merged change, from Reviewed-by:/Approved-by: trailers; self-approval, too
# few approvals and a regulated path without its owner's approval are
# violations (exit 1); changes with financial impact go to the audit trail.
. "$(dirname "$0")/lib.sh"

R="$T/repo"
mkdir -p "$R/.terragon" "$R/.github" "$R/billing"
printf 'compliance:\n  approvals:\n    min: 1\n    regulated_paths: ["billing/**"]\n' > "$R/.terragon/config.yaml"
printf '* @alice\n/billing/ @carol\n' > "$R/.github/CODEOWNERS"
echo one > "$R/README"
make_repo "$R"
as() { # NAME: commit as NAME <name@example.com>
  local n=$1; shift
  GIT_AUTHOR_NAME=$n GIT_AUTHOR_EMAIL=$n@example.com GIT_COMMITTER_NAME=$n \
    GIT_COMMITTER_EMAIL=$n@example.com git -C "$R" "$@"
}
BASE=$(git -C "$R" rev-parse HEAD)
# 1: alice approves her own change.
echo two >> "$R/README"
as alice commit -qam 'self-approved' -m 'Reviewed-by: Alice <alice@example.com>'
# 2: no approval at all.
echo three >> "$R/README"
as bob commit -qam 'unreviewed'
# 3: a branch merged by bob, billing changed, approved by dave (not its owner carol).
as bob checkout -qb feature
echo 10 > "$R/billing/rates"
as erin add billing/rates && as erin commit -qm 'rates'
as bob checkout -q main
as bob merge -q --no-ff feature -m 'Merge feature' -m 'Approved-by: Dave <dave@example.com>'
# 4: billing again, approved by carol, its owner.
echo 11 > "$R/billing/rates"
as erin commit -qam 'rates again' -m 'Reviewed-by: Carol <carol@example.com>'

test_case 'self-approval, too few approvals and a regulated path without its owner are violations' <<'CASE'
expect_exit 1 "$TERRAGON" audit changes -C "$R" "$BASE..HEAD"
expect_grep '^[0-9a-f]{8}  [0-9-]{10}  alice  committed by alice  approved by Alice <alice@example.com>$' "$T/out"
expect_grep '^    ! self-approved: the author is the only approver' "$T/out"
expect_grep '^[0-9a-f]{8}  [0-9-]{10}  bob  committed by bob  approved by nobody$' "$T/out"
expect_grep '^    ! too few approvals: 0 of 1 by someone other than the author' "$T/out"
expect_grep '^[0-9a-f]{8}  [0-9-]{10}  erin  merged by bob  approved by Dave <dave@example.com>  \[financial impact\]$' "$T/out"
expect_grep '^    ! regulated path billing/rates changed without an approval by @carol \(CODEOWNERS\)$' "$T/out"
expect_grep '^[0-9a-f]{8}  [0-9-]{10}  erin  committed by erin  approved by Carol <carol@example.com>  \[financial impact\]$' "$T/out"
expect_grep '^4 changes in [0-9a-f]{40}\.\.HEAD, 3 breaking the approval policy$' "$T/out"
CASE

test_case 'json names author, merger, approvers and violations of each change' <<'CASE'
expect_exit 1 "$TERRAGON" audit changes -C "$R" --format json "$BASE..HEAD"
python3 - "$T/out" <<'PY' || fail "json"
import json, sys
d = json.load(open(sys.argv[1]))
c = d["changes"]
assert len(c) == 4 and d["violations"] == 3, d
merge = [x for x in c if x["merge"]][0]
assert merge["author"] == "erin" and merge["merged_by"] == "bob", merge
assert merge["financial_impact"] and merge["regulated_files"] == ["billing/rates"], merge
assert c[0]["violations"] == [] and c[0]["financial_impact"], c[0]
PY
CASE

test_case 'financial-impact changes are in the audit export; the next check starts where this one ended' <<'CASE'
expect_exit 0 "$TERRAGON" audit export -C "$R" -o "$T/audit.jsonl"
[ "$(grep -c '"action": "change"' "$T/audit.jsonl")" -ge 3 ] || fail "changes not recorded: $(cat "$T/audit.jsonl")"
expect_grep '"action": "change", "subject": "[0-9a-f]{40}", "details": \{.*"financial_impact": true' "$T/audit.jsonl"
expect_exit 0 "$TERRAGON" audit changes -C "$R"
expect_grep '^0 changes in [0-9a-f]{40}\.\.HEAD, 0 breaking the approval policy$' "$T/out"
expect_exit 0 "$TERRAGON" audit verify -C "$R"
CASE

test_case 'an approver list in the configuration replaces CODEOWNERS for regulated paths' <<'CASE'
printf 'compliance:\n  approvals:\n    regulated_paths: ["billing/**"]\n    approvers: ["@dave"]\n' > "$T/c.yaml"
expect_exit 1 "$TERRAGON" audit changes -C "$R" -c "$T/c.yaml" "$BASE..HEAD"
expect_grep '^    ! regulated path billing/rates changed without an approval by @dave \(compliance.approvals.approvers\)$' "$T/out"
[ "$(grep -c 'regulated path' "$T/out")" = 1 ] || fail "dave's approval not counted"
CASE

test_case 'a range that is an option is refused' <<'CASE'
expect_exit 2 "$TERRAGON" audit changes -C "$R" -- --output=x
CASE

done_testing
