#!/usr/bin/env bash
# discover's regulated-data and approval items: classified data (IBAN, SSN,
# e-mail and phone in bulk) as compliance items with their controls and counts,
# never the values; a regulated path CODEOWNERS gives no owner; and the
# violations `audit changes` recorded on regulated paths, from the audit trail;
# what a Dockerfile or a Kubernetes manifest lacks (USER, HEALTHCHECK, limits,
# runAsNonRoot), each with a hardened file that has no item.
# Each with its tier: controlled findings in code are work, the rest watch.
. "$(dirname "$0")/lib.sh"

R="$T/repo"
mkdir -p "$R/.terragon" "$R/.github" "$R/billing" "$R/ledger" "$R/tests/fixtures" "$R/src"
cat >"$R/.terragon/config.yaml" <<'YAML'
compliance:
  frameworks: [sox, pci-dss, cis]
  approvals:
    min: 1
    regulated_paths: ["billing/**", "ledger/**"]
YAML
printf '/billing/ @carol\n' >"$R/.github/CODEOWNERS"
# two valid IBANs and one with a check digit off, in code
printf 'PAYEES = ["DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432"]\nBAD = "GB82WEST12345698765433"\n' >"$R/src/payees.py"
# a valid SSN and refused look-alikes in the ledger (regulated, without an owner)
printf 'ssn,amount\n123-45-6789,10\n666-12-3456,11\n000-12-3456,12\n' >"$R/ledger/people.csv"
# the same SSN in a test fixture: watch, not work
printf 'ssn\n123-45-6789\n' >"$R/tests/fixtures/people.csv"
# a contributor list: e-mail addresses in bulk
python3 -c "
for i in range(12): print('Person %d <person%d@example.org>' % (i, i))" >"$R/AUTHORS"
echo 'rates = 1' >"$R/billing/rates.py"
make_repo "$R"

items() { # FILE: rule path severity tier controls, one line an item of the compliance sources
  python3 - "$1" <<'PY'
import json, sys
for i in json.load(open(sys.argv[1]))["items"]:
    if i["source"] in ("compliance", "approvals") and i["status"] == "open":
        print(i["source"], i["rule_id"], i.get("path") or "-", i["severity"], i["tier"],
              i.get("controls") or "-")
PY
}

test_case 'classified data are compliance items with their controls and tier' <<'CASE'
expect_exit 0 "$TERRAGON" discover -C "$R" --now=2026-11-20T10:00:00Z
items "$R/value-metrics.json" >"$T/items"
expect_grep '^compliance data-iban src/payees\.py medium act CIS:3\.11$' "$T/items"
expect_grep '^compliance data-ssn ledger/people\.csv medium act CIS:3\.11$' "$T/items"
expect_grep '^compliance data-ssn tests/fixtures/people\.csv medium watch CIS:3\.11$' "$T/items"
expect_grep '^compliance data-email-bulk AUTHORS low watch -$' "$T/items"
[ "$(grep -c ' data-' "$T/items")" = 4 ] || fail "data items: $(cat "$T/items")"
python3 - "$R/value-metrics.json" <<'PY' || fail "evidence"
import json, sys
i = {(x["rule_id"], x["path"]): x for x in json.load(open(sys.argv[1]))["items"]}
e = i[("data-iban", "src/payees.py")]["evidence"]
assert e.startswith("iban: 2 validated matches (values not shown)"), e
assert i[("data-ssn", "ledger/people.csv")]["evidence"].startswith("ssn: 1 validated match "), i
PY
CASE

test_case 'no classified value is written in any output or the store' <<'CASE'
"$TERRAGON" report -C "$R" --format sarif >"$T/r.sarif" 2>/dev/null || true
sqlite3 "$R/.terragon/terragon.db" .dump >"$T/db.sql"
for f in "$R/value-metrics.json" "$R/BACKLOG.md" "$T/r.sarif" "$T/db.sql"; do
  expect_no_grep '3704|0532|WEST1234|123-45-6789|6789,|person[0-9]+@' "$f"
done
CASE

test_case 'a regulated path without a CODEOWNERS owner is an item, resolved by an owner' <<'CASE'
items "$R/value-metrics.json" >"$T/items"
expect_grep '^compliance codeowners-regulated-uncovered - medium act SOX:ITGC-CM PCI-DSS:6\.2\.3\.1$' "$T/items"
[ "$(grep -c codeowners-regulated "$T/items")" = 1 ] || fail "only ledger/** lacks an owner"
python3 - "$R/value-metrics.json" <<'PY' || fail "message"
import json, sys
i = [x for x in json.load(open(sys.argv[1]))["items"] if x["rule_id"] == "codeowners-regulated-uncovered"][0]
assert "ledger/**" in i["message"] and i["evidence"] == "ledger/people.csv", i
PY
printf '/billing/ @carol\n/ledger/ @carol\n' >"$R/.github/CODEOWNERS"
git -C "$R" commit -qam 'ledger has an owner'
expect_exit 0 "$TERRAGON" discover -C "$R" --now=2026-11-20T11:00:00Z
items "$R/value-metrics.json" >"$T/items"
expect_no_grep codeowners-regulated "$T/items"
CASE

test_case 'an approvers list takes the place of CODEOWNERS: no owner item' <<'CASE'
cp -r "$R" "$T/listed"
printf '    approvers: ["carol@example.com"]\n' >>"$T/listed/.terragon/config.yaml"
git -C "$T/listed" rm -q --cached .github/CODEOWNERS && rm "$T/listed/.github/CODEOWNERS"
git -C "$T/listed" commit -qam 'no CODEOWNERS'
expect_exit 0 "$TERRAGON" discover -C "$T/listed" --now=2026-11-20T11:30:00Z
items "$T/listed/value-metrics.json" >"$T/items"
expect_no_grep codeowners-regulated "$T/items"
expect_grep '^compliance data-iban ' "$T/items"
CASE

test_case 'what a Dockerfile or a manifest lacks is an item; a hardened one has none' <<'CASE'
D="$T/cfg"
mkdir -p "$D/.terragon" "$D/bad" "$D/good" "$D/k8s"
printf 'compliance:\n  frameworks: [pci-dss, cis]\n' >"$D/.terragon/config.yaml"
printf 'FROM alpine:3.19\nRUN apk add --no-cache curl\n' >"$D/bad/Dockerfile"
printf 'FROM alpine:3.19\nUSER app\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n' >"$D/good/Dockerfile"
printf 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: a:1\n' >"$D/k8s/bad.yaml"
printf 'apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n    - name: app\n      image: a:1\n      resources:\n        limits:\n          memory: 64Mi\n' >"$D/k8s/good.yaml"
make_repo "$D"
expect_exit 0 "$TERRAGON" discover -C "$D" --now=2026-11-20T10:00:00Z
items "$D/value-metrics.json" >"$T/items"
expect_grep '^compliance config\.docker-no-user bad/Dockerfile medium act PCI-DSS:2\.2\.1 PCI-DSS:2\.2\.6 CIS:4\.1 CIS:5\.4$' "$T/items"
expect_grep '^compliance config\.docker-no-healthcheck bad/Dockerfile low act CIS:4\.1$' "$T/items"
expect_grep '^compliance config\.k8s-no-resource-limits k8s/bad\.yaml medium act ' "$T/items"
expect_grep '^compliance config\.k8s-run-as-non-root-missing k8s/bad\.yaml medium act ' "$T/items"
expect_no_grep 'good/Dockerfile|k8s/good\.yaml' "$T/items"
# without a configured framework a low item is hygiene: watched
printf 'compliance:\n  frameworks: []\n' >"$D/.terragon/config.yaml"
expect_exit 0 "$TERRAGON" discover -C "$D" --now=2026-11-20T11:00:00Z
items "$D/value-metrics.json" >"$T/items"
expect_grep '^compliance config\.docker-no-healthcheck bad/Dockerfile low watch CIS:4\.1$' "$T/items"
CASE

as() { # NAME: git as NAME <name@example.com>
  local n=$1; shift
  GIT_AUTHOR_NAME=$n GIT_AUTHOR_EMAIL=$n@example.com GIT_COMMITTER_NAME=$n \
    GIT_COMMITTER_EMAIL=$n@example.com git -C "$R" "$@"
}
BASE=$(git -C "$R" rev-parse HEAD)
echo 'rates = 2' >"$R/billing/rates.py"
as alice commit -qam 'self-approved rates' -m 'Reviewed-by: Alice <alice@example.com>'
SELF=$(git -C "$R" rev-parse HEAD)
echo 'rates = 3' >"$R/billing/rates.py"
as bob commit -qam 'unreviewed rates'
NONE=$(git -C "$R" rev-parse HEAD)
echo 'rates = 4' >"$R/billing/rates.py"
as erin commit -qam 'rates approved by its owner' -m 'Reviewed-by: Carol <carol@example.com>'
echo 'docs' >"$R/NOTES"
as bob add NOTES && as bob commit -qm 'unreviewed notes, not regulated'

test_case 'audit changes violations on regulated paths become SOX and PCI items' <<'CASE'
expect_exit 1 "$TERRAGON" audit changes -C "$R" "$BASE..HEAD"
expect_exit 0 "$TERRAGON" discover -C "$R" --now=2026-11-20T12:00:00Z
items "$R/value-metrics.json" >"$T/items"
expect_grep '^approvals approval-self-approved billing/rates\.py high act SOX:ITGC-CM PCI-DSS:6\.2\.3\.1$' "$T/items"
expect_grep '^approvals approval-missing billing/rates\.py high act SOX:ITGC-CM PCI-DSS:6\.2\.3\.1$' "$T/items"
# one item a change (its gravest violation), none for the owner-approved or unregulated ones
[ "$(grep -c '^approvals ' "$T/items")" = 2 ] || fail "only the two regulated changes: $(cat "$T/items")"
python3 - "$R/value-metrics.json" "$SELF" "$NONE" <<'PY' || fail "evidence"
import json, sys
i = {x["rule_id"]: x for x in json.load(open(sys.argv[1]))["items"] if x["source"] == "approvals"}
s, n = i["approval-self-approved"], i["approval-missing"]
assert s["evidence"].startswith("commit %s by alice, committed by alice, approved by Alice <alice@example.com>" % sys.argv[2]), s
assert "audit trail entry" in s["evidence"] and "regulated files: billing/rates.py" in s["evidence"], s
assert n["evidence"].startswith("commit %s by bob" % sys.argv[3]) and "approved by nobody" in n["evidence"], n
assert s["scores"]["boost"] > 1, s["scores"]
assert "; regulated path billing/rates.py changed without an approval by @carol" in s["message"], s
PY
CASE

test_case 'the items stay across runs: a violation in history is not fixed by time' <<'CASE'
expect_exit 0 "$TERRAGON" discover -C "$R" --now=2026-11-20T13:00:00Z
[ "$(items "$R/value-metrics.json" | grep -c '^approvals ')" = 2 ] || fail "kept"
expect_grep 'A change to a regulated path approved only by its author' "$R/BACKLOG.md"
CASE

done_testing
