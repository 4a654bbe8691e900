#!/usr/bin/env bash
# The licence policy (supply_chain.licenses.allow / deny): `terragon deps verify` lists each
# dependency whose stated licence fails it, from lockfiles or from an SBOM, SPDX
# expressions judged as SPDX means them (OR passes when one side does, AND needs both);
# discover makes each an item of category dependency, even without a vulnerability
# database.
source "$(dirname "$0")/lib.sh"
export TERRAGON_VULNDB__PATH="$T/cache/osv.db"
NOW=--now=2026-11-20T10:00:00Z

mkdir -p "$T/osv" "$T/proj/.terragon"
cp "$TG_SOURCE_DIR/tests/data/osv-records/GHSA-npm-minimist.json" "$T/osv/"
"$TERRAGON" vulndb import "$T/osv" >/dev/null
I='"integrity": "sha512-z4h7QWImUhdHLzCI5RWnqVMiQWj0/0hk9Pu6BsXKTuBgtS6Mt/bn0RcZc6j3qPzR9TEZ1eNm4kvc9fcmg9BdFQ=="'
cat >"$T/proj/package-lock.json" <<JSON
{"name": "x", "lockfileVersion": 3, "packages": {
  "": {"dependencies": {"a": "1", "b": "1", "c": "1", "d": "1", "e": "1", "f": "1", "g": "1"}},
  "node_modules/a": {"version": "1.0.0", $I, "license": "MIT"},
  "node_modules/b": {"version": "1.0.0", $I, "license": "GPL-3.0-only"},
  "node_modules/c": {"version": "1.0.0", $I, "license": "(MIT OR GPL-3.0-only)"},
  "node_modules/d": {"version": "1.0.0", $I, "license": "Apache-2.0 AND gpl-3.0-only"},
  "node_modules/e": {"version": "1.0.0", $I, "license": "ISC"},
  "node_modules/f": {"version": "1.0.0", $I, "license": "SEE LICENSE IN LICENSE.md"},
  "node_modules/g": {"version": "1.0.0", $I}}}
JSON

policy() { # policy ALLOW DENY: the project's configuration
  printf 'supply_chain:\n  licenses:\n    allow: [%s]\n    deny: [%s]\n' "$1" "$2" \
    >"$T/proj/.terragon/config.yaml"
}

test_case 'license policy: no policy, no licence line' <<'CASE'
policy '' ''
expect_exit 0 "$TERRAGON" deps verify "$T/proj"
expect_no_grep '^license' "$T/out"
CASE

test_case 'license policy: denied ids fail, OR passes on its other side, text is not judged' <<'CASE'
policy '' 'GPL-3.0-only'
expect_exit 1 "$TERRAGON" deps verify "$T/proj"
expect_grep '^license     npm b@1.0.0: GPL-3.0-only \(denied: GPL-3.0-only\) \(package-lock.json:4\)' "$T/out"
expect_grep '^license     npm d@1.0.0: Apache-2.0 AND gpl-3.0-only \(denied: gpl-3.0-only\)' "$T/out"
[ "$(grep -c '^license' "$T/out")" = 2 ] || fail "$(cat "$T/out")"
expect_grep '2 violations' "$T/err"
expect_grep '1 state no licence' "$T/err"
CASE

test_case 'license policy: an allow list fails what is not on it, and what it cannot read' <<'CASE'
policy 'MIT, Apache-2.0' 'GPL-3.0-only'
expect_exit 1 "$TERRAGON" deps verify "$T/proj"
expect_grep '^license     npm e@1.0.0: ISC \(not allowed: ISC\)' "$T/out"
expect_grep '^license     npm f@1.0.0: SEE LICENSE IN LICENSE.md \(not an SPDX expression' "$T/out"
expect_grep '^license     npm b@1.0.0' "$T/out"
expect_no_grep 'npm (a|c|g)@' "$T/out"
[ "$(grep -c '^license' "$T/out")" = 4 ] || fail "$(cat "$T/out")"
CASE

test_case 'license policy: the environment sets it too, and an SBOM is judged alike' <<'CASE'
policy '' ''
"$TERRAGON" sbom "$T/proj" -o "$T/bom.json"
TERRAGON_SUPPLY_CHAIN__LICENSES__ALLOW=MIT,Apache-2.0 expect_exit 1 "$TERRAGON" deps verify "$T/proj"
grep '^license' "$T/out" | sed 's/ (package-lock.json:[0-9]*)$//' | sort >"$T/from-lock"
TERRAGON_SUPPLY_CHAIN__LICENSES__ALLOW=MIT,Apache-2.0 expect_exit 1 "$TERRAGON" deps verify "$T/bom.json" -C "$T/proj"
grep '^license' "$T/out" | sed 's/ (package-lock.json:[0-9]*)$//' | sort >"$T/from-sbom"
[ -s "$T/from-lock" ] || fail "no licence line"
diff "$T/from-lock" "$T/from-sbom"
CASE

test_case 'license policy: discover makes items of category dependency, without a database' <<'CASE'
R="$T/repo"
cp -r "$T/proj" "$R"
make_repo "$R"
policy_file="$R/.terragon/config.yaml"
printf 'supply_chain:\n  licenses:\n    allow: [MIT, Apache-2.0]\n    deny: [GPL-3.0-only]\n' >"$policy_file"
TERRAGON_VULNDB__PATH="$T/none.db" TERRAGON_NO_SANDBOX=1 expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW
"$TERRAGON" backlog --repo-path "$R" --format json >"$T/backlog.json"
python3 - "$T/backlog.json" <<'PY'
import json, sys
items = [i for i in json.load(open(sys.argv[1]))["items"] if i["rule_id"] == "license-policy"]
by = {i["title"].split(" ")[0]: i for i in items}
assert sorted(by) == ["b", "d", "e", "f"], sorted(by)
assert all(i["category"] == "dependency" and i["path"] == "package-lock.json" for i in items)
assert by["b"]["severity"] == "high" and by["e"]["severity"] == "medium", by["b"]["severity"]
assert "fails on: GPL-3.0-only" in by["b"]["evidence"], by["b"]["evidence"]
assert "deny: GPL-3.0-only" in by["b"]["evidence"]
assert by["b"]["start_line"] == 4
assert "no SPDX expression" in by["f"]["message"]
PY
CASE

done_testing
