#!/usr/bin/env bash
# The compliance source (compliance_audits): a missing licence and a
# workflow's unpinned action, missing permissions and script injection
# become compliance items; fixed, they are resolved and the rest stay open.
# A malformed workflow is reported and skipped; a configuration without
# compliance_audits runs no audit.
. "$(dirname "$0")/lib.sh"

R="$T/repo"
mkdir -p "$R/.github/workflows" "$R/src"
printf 'def f(x):\n    return x\n' > "$R/src/app.py"
cat > "$R/.github/workflows/ci.yml" <<'YAML'
name: ci
on: [push, issues]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: greet
        run: |
          echo "${{ github.event.issue.title }}"
YAML
make_repo "$R"

items() { # the compliance items of a status in value-metrics.json, "rule|severity|path|line" a line
  python3 - "$R/value-metrics.json" "$1" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
for i in sorted(m["items"], key=lambda i: (i["rule_id"], i.get("path") or "")):
    if i["source"] == "compliance" and i["status"] == sys.argv[2]:
        assert i["category"] == "compliance", i
        print("%s|%s|%s|%s" % (i["rule_id"], i["severity"], i.get("path"), i.get("start_line")))
PY
}
status() { # FINGERPRINT: its status in the store
  sqlite3 "$R/.terragon/terragon.db" "SELECT status FROM items WHERE fingerprint = '$1'"
}

test_case 'a licence, policy and codeowners missing and three workflow faults are six items' <<'CASE'
expect_exit 0 "$TERRAGON" discover --repo-path "$R" --now=2026-11-24T10:00:00Z
items open > "$T/items"
expect_grep '^license-missing\|medium\|None\|' "$T/items"
expect_grep '^security-policy-missing\|low\|None\|' "$T/items"
expect_grep '^codeowners-missing\|low\|None\|' "$T/items"
expect_grep '^workflow-unpinned-action\|low\|\.github/workflows/ci\.yml\|7$' "$T/items"
expect_grep '^workflow-permissions-missing\|medium\|\.github/workflows/ci\.yml\|1$' "$T/items"
expect_grep '^workflow-script-injection\|high\|\.github/workflows/ci\.yml\|10$' "$T/items"
[ "$(wc -l < "$T/items")" -eq 6 ] || fail "expected six compliance items: $(cat "$T/items")"
expect_grep 'Action actions/checkout@v4 is not pinned' "$R/BACKLOG.md"
expect_exit 0 "$TERRAGON" backlog --repo-path "$R" --category compliance --format json
expect_grep '"rule_id": ?"workflow-script-injection"' "$T/out"
CASE
fp() { # RULE: the fingerprint of its item
  python3 -c "
import json, sys; m = json.load(open('$R/value-metrics.json'))
print([i['fingerprint'] for i in m['items'] if i['rule_id'] == sys.argv[1]][0])" "$1"
}
LICENSE_FP=$(fp license-missing)
PIN_FP=$(fp workflow-unpinned-action)
PERM_FP=$(fp workflow-permissions-missing)
INJ_FP=$(fp workflow-script-injection)
SEC_FP=$(fp security-policy-missing)
# Cost of delay follows severity: a low control's is below a high finding's.
test_case 'cost of delay follows severity; the items are in the store' <<'CASE'
expect_exit 0 "$TERRAGON" explain "$SEC_FP" --repo-path "$R"
expect_grep 'business_value 2 \+ time_criticality 2 ' "$T/out"
expect_exit 0 "$TERRAGON" explain "$INJ_FP" --repo-path "$R"
expect_grep 'business_value 8 \+ time_criticality 8 ' "$T/out"
[ "$(status "$PIN_FP")" = open ] || fail "unpinned action not open in the store"
CASE

# Lines added above the findings move them, but their identity stays.
test_case 'lines added above the findings move them, their identity stays' <<'CASE'
sed -i '1i # the build\n# and its tests' "$R/.github/workflows/ci.yml"
git -C "$R" commit -qam "comment the workflow"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" --now=2026-11-24T11:00:00Z
items open > "$T/items"
expect_grep '^workflow-unpinned-action\|low\|\.github/workflows/ci\.yml\|9$' "$T/items"
[ "$(fp workflow-unpinned-action)" = "$PIN_FP" ] || fail "the item's identity changed with its line"
[ "$(wc -l < "$T/items")" -eq 6 ] || fail "expected six compliance items: $(cat "$T/items")"
CASE

# Fixed: the action pinned, permissions declared, a licence added.
test_case 'fixed findings are resolved, the others stay open' <<'CASE'
cat > "$R/.github/workflows/ci.yml" <<'YAML'
name: ci
on: [push, issues]
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
      - name: greet
        run: |
          echo "${{ github.event.issue.title }}"
YAML
echo 'MIT License' > "$R/LICENSE"
git -C "$R" add -A && git -C "$R" commit -qm "pin the checkout, restrict permissions, add a licence"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" --now=2026-11-24T12:00:00Z
items open > "$T/items"
expect_no_grep '^(license-missing|workflow-unpinned-action|workflow-permissions-missing)\|' "$T/items"
expect_grep '^workflow-script-injection\|high\|\.github/workflows/ci\.yml\|12$' "$T/items"
expect_grep '^security-policy-missing\|' "$T/items"
[ "$(wc -l < "$T/items")" -eq 3 ] || fail "expected three open compliance items: $(cat "$T/items")"
for f in "$LICENSE_FP" "$PIN_FP" "$PERM_FP"; do
  [ "$(status "$f")" = resolved ] || fail "$f is $(status "$f"), not resolved"
done
for f in "$INJ_FP" "$SEC_FP"; do
  [ "$(status "$f")" = open ] || fail "$f is $(status "$f"), not open"
done
expect_exit 0 "$TERRAGON" backlog --repo-path "$R" --category compliance
expect_no_grep 'not pinned' "$T/out"
expect_grep 'Script interpolates untrusted github\.event\.issue\.title' "$T/out"
CASE

# A malformed workflow: a warning with its place, the others still audited,
# and the items of the file it replaced are not resolved on no evidence.
test_case 'a malformed workflow is named, the others still audited, nothing resolved on no evidence' <<'CASE'
printf 'on: push\njobs:\n  x: [\n' > "$R/.github/workflows/bad.yml"
git -C "$R" add -A && git -C "$R" commit -qm "a broken workflow"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" --now=2026-11-24T13:00:00Z
expect_grep 'warning: \.github/workflows/bad\.yml:4:1: invalid YAML' "$T/err"
expect_grep 'bad\.yml:4:1: invalid YAML' "$R/value-metrics.json"
items open > "$T/items"
expect_grep '^workflow-script-injection\|' "$T/items"
[ "$(wc -l < "$T/items")" -eq 3 ] || fail "expected three open compliance items: $(cat "$T/items")"
expect_exit 3 "$TERRAGON" discover --repo-path "$R" --strict --now=2026-11-24T13:30:00Z
CASE

# compliance_audits not among the discovery sources: no audit, no new item.
test_case 'without compliance_audits no audit runs; with it the items appear' <<'CASE'
git -C "$R" rm -q .github/workflows/bad.yml && git -C "$R" commit -qm "drop the broken workflow"
R2="$T/other"
mkdir -p "$R2/.github/workflows" "$R2/.terragon"
cp "$R/src/app.py" "$R2/app.py"
printf 'on: push\njobs:\n  a:\n    steps: [{uses: actions/checkout@v4}]\n' \
  > "$R2/.github/workflows/ci.yml"
cat > "$R2/.terragon/config.yaml" <<'YAML'
value_discovery:
  discovery_sources: [advanced_static_analysis, security_vulnerability_scans]
YAML
make_repo "$R2"
expect_exit 0 "$TERRAGON" discover --repo-path "$R2" --now=2026-11-24T14:00:00Z
R_SAVE=$R R=$R2
[ -z "$(items open)" ] || fail "compliance items without compliance_audits: $(items open)"
expect_no_grep '"name": "compliance"' "$R2/value-metrics.json"
# The same repository with the source on: the items appear.
rm "$R2/.terragon/config.yaml"
expect_exit 0 "$TERRAGON" discover --repo-path "$R2" --now=2026-11-24T15:00:00Z
expect_grep '^workflow-unpinned-action\|' <(items open)
expect_grep '"name": "compliance", "seconds": [0-9.]+, "items": 5, "ok": true' "$R2/value-metrics.json"
R=$R_SAVE
CASE

# GitHub's own actions may be pinned by tag (low, watched); a third party's may not (medium).
test_case 'an unpinned third-party action is medium, a first-party one low' <<'CASE'
R3="$T/thirdparty"
mkdir -p "$R3/.github/workflows"
printf 'name: ci\non: push\npermissions: {contents: read}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-python@v5\n' \
  > "$R3/.github/workflows/ci.yml"
make_repo "$R3"
expect_exit 0 "$TERRAGON" discover --repo-path "$R3" --now=2026-11-24T16:00:00Z
R_SAVE=$R R=$R3
expect_grep '^workflow-unpinned-action\|low\|' <(items open)
printf '      - uses: someone/deploy-action@v2\n' >> "$R3/.github/workflows/ci.yml"
git -C "$R3" commit -qam "deploy"
expect_exit 0 "$TERRAGON" discover --repo-path "$R3" --now=2026-11-24T17:00:00Z
expect_grep '^workflow-unpinned-action\|medium\|' <(items open)
# the grouped item is named by its worst finding, the third party's
expect_grep 'Action someone/deploy-action@v2 is not pinned to a commit SHA \(2 occurrences\)' "$R3/BACKLOG.md"
R=$R_SAVE
CASE

done_testing
