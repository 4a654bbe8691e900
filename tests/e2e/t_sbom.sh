#!/usr/bin/env bash
# `terragon sbom`: CycloneDX 1.6 and 1.5 that the official schema (from the npm package
# @cyclonedx/cyclonedx-library, its spdx and jsf schemas resolved locally) accepts, with a
# graph of no duplicate or dangling ref; byte-identical across runs; the time from --now or
# SOURCE_DATE_EPOCH; hashes, licences, scope and evidence from the lockfiles; and the same
# purls as cdxgen (npm @cyclonedx/cdxgen, run without installing dependencies).
# The validators come from scripts/deps.sh --test.
source "$(dirname "$0")/lib.sh"

S="$TG_SOURCE_DIR/build/npm/node_modules/@cyclonedx/cyclonedx-library/res/schema"
CDXGEN="$TG_SOURCE_DIR/build/npm/node_modules/.bin/cdxgen"
CHECK="$TG_SOURCE_DIR/tests/e2e/sbom_check.py"
[ -f "$S/bom-1.6.SNAPSHOT.schema.json" ] || fail "cyclonedx-library missing: run scripts/deps.sh --test"
[ -x "$CDXGEN" ] || fail "cdxgen missing: run scripts/deps.sh --test"
python3 -c 'import jsonschema' || fail "python3-jsonschema missing"

cp -r "$TG_SOURCE_DIR/tests/data/sbom" "$T/repo"
make_repo "$T/repo"
git -C "$T/repo" remote add origin https://github.com/Example/Demo.git
NOW=2026-03-01T12:00:00Z

test_case 'the SBOM passes the official CycloneDX 1.6 schema and the graph checks' <<'CASE'
expect_exit 0 "$TERRAGON" sbom -C "$T/repo" --now $NOW -o "$T/bom.json"
python3 "$CHECK" "$S" "$T/bom.json"
expect_grep '"specVersion":"1.6"' "$T/bom.json"
CASE

test_case 'the checker rejects a dangling ref, a duplicate entry and a base64 hash' <<'CASE'
"$TERRAGON" sbom -C "$T/repo" --now $NOW -o "$T/bom.json"
sed 's|"dependsOn":\["pkg:npm/ms@2.0.0"\]|"dependsOn":["pkg:npm/nothing@1"]|' "$T/bom.json" >"$T/dangling.json"
! python3 "$CHECK" "$S" "$T/dangling.json" 2>"$T/err"
expect_grep 'dangling dependsOn' "$T/err"
python3 - "$T/bom.json" "$T/dup.json" <<'PY'
import json, sys
b = json.load(open(sys.argv[1])); b["dependencies"].append(b["dependencies"][1])
json.dump(b, open(sys.argv[2], "w"))
PY
! python3 "$CHECK" "$S" "$T/dup.json" 2>"$T/err"
python3 - "$T/bom.json" "$T/b64.json" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))
next(c for c in b["components"] if "hashes" in c)["hashes"][0]["content"] = "c2hhNTEy"
json.dump(b, open(sys.argv[2], "w"))
PY
! python3 "$CHECK" "$S" "$T/b64.json" 2>"$T/err"
expect_grep 'hashes' "$T/err"
CASE

test_case '--spec 1.5 passes the 1.5 schema' <<'CASE'
expect_exit 0 "$TERRAGON" sbom -C "$T/repo" --now $NOW --spec 1.5 -o "$T/bom15.json"
expect_grep '"specVersion":"1.5"' "$T/bom15.json"
python3 "$CHECK" "$S" "$T/bom15.json"
CASE

test_case 'two runs give the same bytes; SOURCE_DATE_EPOCH fixes the time, --now wins' <<'CASE'
"$TERRAGON" sbom -C "$T/repo" --now $NOW -o "$T/a.json"
"$TERRAGON" sbom -C "$T/repo" --now $NOW -o "$T/b.json"
cmp "$T/a.json" "$T/b.json"
SOURCE_DATE_EPOCH=1700000000 "$TERRAGON" sbom -C "$T/repo" >"$T/sde.json"
expect_grep '"timestamp":"2023-11-14T22:13:20Z"' "$T/sde.json"
SOURCE_DATE_EPOCH=1700000000 "$TERRAGON" sbom -C "$T/repo" --now $NOW >"$T/now.json"
cmp "$T/a.json" "$T/now.json"
expect_exit 2 env SOURCE_DATE_EPOCH=yesterday "$TERRAGON" sbom -C "$T/repo"
expect_grep 'SOURCE_DATE_EPOCH' "$T/err"
CASE

test_case 'components carry hex hashes, licences, scope and file:line evidence' <<'CASE'
"$TERRAGON" sbom -C "$T/repo" --now $NOW -o "$T/bom.json"
python3 - "$T/bom.json" <<'PY'
import base64, hashlib, json, sys
b = json.load(open(sys.argv[1]))
c = {x["purl"]: x for x in b["components"]}
e = c["pkg:npm/express@4.18.2"]
assert e["hashes"] == [{"alg": "SHA-512", "content": hashlib.sha512(b"express").hexdigest()}], e
assert e["licenses"] == [{"expression": "MIT"}] and e["scope"] == "required"
assert e["bom-ref"] == e["purl"]
assert e["evidence"]["occurrences"][0]["location"] == "web/package-lock.json"
assert e["evidence"]["identity"][0]["methods"][0]["value"].startswith("web/package-lock.json:")
assert c["pkg:npm/%40scope/util@1.0.0"]["group"] == "@scope"
assert c["pkg:npm/%40scope/util@1.0.0"]["licenses"] == [{"expression": "(MIT OR Apache-2.0)"}]
assert c["pkg:npm/jest-lite@2.0.1"]["scope"] == "excluded"
assert c["pkg:npm/jest-lite@2.0.1"]["licenses"] == [{"license": {"name": "SEE LICENSE IN LICENSE.md"}}]
assert c["pkg:npm/fsevents@2.3.3"]["scope"] == "optional"
assert c["pkg:pypi/requests@2.31.0"]["hashes"][0]["content"] == hashlib.sha256(b"requests").hexdigest()
assert c["pkg:cargo/serde@1.0.203"]["hashes"][0] == {"alg": "SHA-256", "content": hashlib.sha256(b"serde").hexdigest()}
assert c["pkg:golang/github.com/gorilla/mux@v1.8.0"]["hashes"][0]["content"] == hashlib.sha256(b"mux").hexdigest()
d = {x["ref"]: x["dependsOn"] for x in b["dependencies"]}
assert d["pkg:npm/express@4.18.2"] == ["pkg:npm/debug@2.6.9", "pkg:npm/qs@6.11.0"], d
assert d["pkg:npm/%40scope/util@1.0.0"] == ["pkg:npm/ms@2.1.3"]
assert d["pkg:cargo/serde@1.0.203"] == ["pkg:cargo/serde_derive@1.0.203"]
root = b["metadata"]["component"]
assert root["name"] == "Example/Demo" and root["purl"].startswith("pkg:github/example/demo@"), root
assert "pkg:npm/express@4.18.2" in d[root["bom-ref"]] and "pkg:npm/ms@2.0.0" not in d[root["bom-ref"]]
PY
CASE

test_case 'the purls are the ones cdxgen finds in the same lockfiles' <<'CASE'
"$TERRAGON" sbom "$T/repo" --now $NOW -o "$T/bom.json"
(cd "$T" && CDXGEN_DEBUG_MODE= "$CDXGEN" -r --install-deps false -o "$T/cdxgen.json" "$T/repo" >"$T/cdxgen.log" 2>&1) ||
  { cat "$T/cdxgen.log" >&2; fail "cdxgen failed"; }
python3 - "$T/bom.json" "$T/cdxgen.json" <<'PY'
import json, sys
ours = {c["purl"] for c in json.load(open(sys.argv[1]))["components"]}
theirs = {c["purl"].split("?")[0] for c in json.load(open(sys.argv[2]))["components"] if "purl" in c}
# cdxgen also lists the Cargo project's own crate; terragon makes the repository the root
assert theirs - ours == {"pkg:cargo/demo@0.1.0"}, sorted(theirs - ours)
assert ours - theirs == set(), sorted(ours - theirs)
print(len(ours), "purls agree")
PY
CASE

test_case 'an unreadable lockfile is a warning and exit 1, the SBOM still written' <<'CASE'
mkdir -p "$T/bad"
printf '{"lockfileVersion": 3, "packages": {' >"$T/bad/package-lock.json"
expect_exit 1 "$TERRAGON" sbom "$T/bad" --now $NOW -o "$T/bad.json"
expect_grep 'package-lock.json' "$T/err"
python3 "$CHECK" "$S" "$T/bad.json"
CASE

done_testing
