#!/usr/bin/env bash
# `terragon sbom --format xml`: CycloneDX 1.6 and 1.5 XML that the official XSDs (from the
# npm package @cyclonedx/cyclonedx-library, with its spdx.SNAPSHOT.xsd beside them) accept
# under `xmllint --schema`, byte-identical across runs, the same BOM as the JSON (serial
# number, components, graph), hostile text escaped.
# `terragon sbom --format spdx`: SPDX 2.3 JSON checked by tests/e2e/spdx_check.py, our
# reading of the SPDX 2.3 specification: no package that installs here ships the official
# SPDX 2.3 JSON schema, so that schema is NOT run.
# The validators come from scripts/deps.sh --test (libxml2-utils, python3).
source "$(dirname "$0")/lib.sh"

S="$TG_SOURCE_DIR/build/npm/node_modules/@cyclonedx/cyclonedx-library/res/schema"
SPDX_CHECK="$TG_SOURCE_DIR/tests/e2e/spdx_check.py"
[ -f "$S/bom-1.6.SNAPSHOT.xsd" ] || fail "cyclonedx-library missing: run scripts/deps.sh --test"
command -v xmllint >/dev/null || fail "xmllint missing: run scripts/deps.sh --test"

cp -r "$TG_SOURCE_DIR/tests/data/sbom" "$T/repo"
make_repo "$T/repo"
git -C "$T/repo" remote add origin https://github.com/Example/Demo.git
NOW=2026-03-01T12:00:00Z

# xmllint --schema prints "F validates" and exits 0, or lists the errors and exits 3
validates() { xmllint --noout --nonet --schema "$1" "$2"; }
rejects() { expect_exit 3 xmllint --noout --nonet --schema "$1" "$2"; }

test_case 'sbom xml: the official CycloneDX 1.6 XSD accepts it' <<'CASE'
expect_exit 0 "$TERRAGON" sbom -C "$T/repo" --now $NOW --format xml -o "$T/bom.xml"
validates "$S/bom-1.6.SNAPSHOT.xsd" "$T/bom.xml" 2>"$T/xsd"
expect_grep 'bom.xml validates' "$T/xsd"
expect_grep 'xmlns="http://cyclonedx.org/schema/bom/1.6"' "$T/bom.xml"
CASE

test_case 'sbom xml: the XSD rejects a wrong scope and elements out of order' <<'CASE'
"$TERRAGON" sbom -C "$T/repo" --now $NOW --format xml -o "$T/bom.xml"
sed '0,/<scope>required<\/scope>/s//<scope>dev<\/scope>/' "$T/bom.xml" >"$T/scope.xml"
rejects "$S/bom-1.6.SNAPSHOT.xsd" "$T/scope.xml"
expect_grep 'scope' "$T/err"
python3 - "$T/bom.xml" "$T/order.xml" <<'PY'
import sys
t = open(sys.argv[1]).read()
# purl before name: the XSD's sequence says name first
i = t.index("<name>", t.index("<components>")); j = t.index("\n", i)
k = t.index("<purl>", j); m = t.index("\n", k)
open(sys.argv[2], "w").write(t[:i] + t[k:m] + "\n" + t[i:j] + t[j:k] + t[m + 1:])
PY
rejects "$S/bom-1.6.SNAPSHOT.xsd" "$T/order.xml"
expect_grep 'purl' "$T/err"
CASE

test_case 'sbom xml: --spec 1.5 passes the 1.5 XSD' <<'CASE'
expect_exit 0 "$TERRAGON" sbom -C "$T/repo" --now $NOW --format xml --spec 1.5 -o "$T/bom15.xml"
validates "$S/bom-1.5.SNAPSHOT.xsd" "$T/bom15.xml" 2>"$T/xsd"
expect_grep 'validates' "$T/xsd"
expect_no_grep '<line>' "$T/bom15.xml"
CASE

test_case 'sbom xml: two runs give the same bytes, and the same BOM as the JSON' <<'CASE'
"$TERRAGON" sbom -C "$T/repo" --now $NOW --format xml -o "$T/a.xml"
"$TERRAGON" sbom -C "$T/repo" --now $NOW --format xml -o "$T/b.xml"
cmp "$T/a.xml" "$T/b.xml"
"$TERRAGON" sbom -C "$T/repo" --now $NOW -o "$T/bom.json"
python3 - "$T/a.xml" "$T/bom.json" <<'PY'
import json, sys
import xml.etree.ElementTree as ET
ns = {"c": "http://cyclonedx.org/schema/bom/1.6"}
x = ET.parse(sys.argv[1]).getroot()
j = json.load(open(sys.argv[2]))
assert x.get("serialNumber") == j["serialNumber"], (x.get("serialNumber"), j["serialNumber"])
xc = {c.find("c:purl", ns).text: c for c in x.find("c:components", ns)}
jc = {c["purl"]: c for c in j["components"]}
assert set(xc) == set(jc), set(xc) ^ set(jc)
for p, c in jc.items():
    e = xc[p]
    assert e.get("bom-ref") == c["bom-ref"]
    assert e.find("c:name", ns).text == c["name"]
    assert e.find("c:scope", ns).text == c["scope"], p
    hx = [(h.get("alg"), h.text) for h in e.findall("c:hashes/c:hash", ns)]
    assert hx == [(h["alg"], h["content"]) for h in c.get("hashes", [])], p
    lines = [o.find("c:line", ns) for o in e.findall("c:evidence/c:occurrences/c:occurrence", ns)]
    assert [int(l.text) if l is not None else None for l in lines] == \
        [o.get("line") for o in c["evidence"]["occurrences"]], p
xd = {d.get("ref"): sorted(k.get("ref") for k in d) for d in x.find("c:dependencies", ns)}
jd = {d["ref"]: d["dependsOn"] for d in j["dependencies"]}
assert xd == jd
assert xc["pkg:npm/%40scope/util@1.0.0"].find("c:licenses/c:expression", ns).text == "(MIT OR Apache-2.0)"
assert xc["pkg:npm/jest-lite@2.0.1"].find("c:licenses/c:license/c:name", ns).text == "SEE LICENSE IN LICENSE.md"
print(len(xc), "components agree")
PY
CASE

test_case 'sbom xml: markup, quotes and control bytes in a lockfile are escaped, still valid' <<'CASE'
mkdir -p "$T/hostile"
printf '%s\n' '{"name":"h","version":"1.0.0","lockfileVersion":3,"packages":{' \
  '"":{"name":"h","version":"1.0.0","dependencies":{"evil":"1.0.0"}},' \
  '"node_modules/evil":{"version":"1.0.0","license":"SEE <LICENSE> & \"x\" \u0001 '"'"'y'"'"'"}}}' \
  >"$T/hostile/package-lock.json"
expect_exit 0 "$TERRAGON" sbom "$T/hostile" --now $NOW --format xml -o "$T/h.xml"
validates "$S/bom-1.6.SNAPSHOT.xsd" "$T/h.xml" 2>"$T/xsd"
expect_grep 'SEE &lt;LICENSE&gt; &amp; &quot;x&quot; \\x01 &#39;y&#39;' "$T/h.xml"
CASE

test_case 'sbom spdx: SPDX 2.3 as the specification says, same purls as the CycloneDX' <<'CASE'
expect_exit 0 "$TERRAGON" sbom -C "$T/repo" --now $NOW --format spdx -o "$T/doc.spdx.json"
python3 "$SPDX_CHECK" "$T/doc.spdx.json"
"$TERRAGON" sbom -C "$T/repo" --now $NOW -o "$T/bom.json"
python3 - "$T/doc.spdx.json" "$T/bom.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
assert s["spdxVersion"] == "SPDX-2.3" and s["creationInfo"]["created"] == "2026-03-01T12:00:00Z"
assert s["documentNamespace"].endswith(b["serialNumber"][len("urn:uuid:"):])
purl = {p["SPDXID"]: r["referenceLocator"] for p in s["packages"] for r in p.get("externalRefs", [])}
pk = {purl[p["SPDXID"]]: p for p in s["packages"] if p["SPDXID"] != "SPDXRef-Root"}
assert set(pk) == {c["purl"] for c in b["components"]}
e = pk["pkg:npm/express@4.18.2"]
assert e["name"] == "express" and e["versionInfo"] == "4.18.2" and e["licenseDeclared"] == "MIT"
assert e["checksums"][0]["algorithm"] == "SHA512" and len(e["checksums"][0]["checksumValue"]) == 128
assert e["comment"].startswith("found at web/package-lock.json:")
assert pk["pkg:npm/%40scope/util@1.0.0"]["name"] == "@scope/util"
j = pk["pkg:npm/jest-lite@2.0.1"]
assert j["licenseDeclared"] == "NOASSERTION" and j["licenseComments"] == "SEE LICENSE IN LICENSE.md"
rel = {(purl.get(r["spdxElementId"], r["spdxElementId"]), r["relationshipType"],
        purl.get(r["relatedSpdxElement"], r["relatedSpdxElement"])) for r in s["relationships"]}
root = b["metadata"]["component"]["purl"]
assert ("SPDXRef-DOCUMENT", "DESCRIBES", root) in rel
assert (root, "DEPENDS_ON", "pkg:npm/express@4.18.2") in rel
assert ("pkg:npm/jest-lite@2.0.1", "DEV_DEPENDENCY_OF", root) in rel
assert ("pkg:npm/fsevents@2.3.3", "OPTIONAL_DEPENDENCY_OF", root) in rel
assert ("pkg:npm/express@4.18.2", "DEPENDS_ON", "pkg:npm/debug@2.6.9") in rel
deps = sum(len(d["dependsOn"]) for d in b["dependencies"])
assert len(rel) == deps + 1, (len(rel), deps)
PY
"$TERRAGON" sbom -C "$T/repo" --now $NOW --format spdx -o "$T/again.spdx.json"
cmp "$T/doc.spdx.json" "$T/again.spdx.json"
CASE

test_case 'sbom spdx: the checker rejects a bad SPDXID, a dangling relationship and a base64 hash' <<'CASE'
"$TERRAGON" sbom -C "$T/repo" --now $NOW --format spdx -o "$T/doc.spdx.json"
python3 - "$T/doc.spdx.json" "$T" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
a = json.loads(json.dumps(d)); a["packages"][1]["SPDXID"] = "SPDXRef-a/b"
b = json.loads(json.dumps(d)); b["relationships"][1]["relatedSpdxElement"] = "SPDXRef-nothing"
c = json.loads(json.dumps(d))
next(p for p in c["packages"] if "checksums" in p)["checksums"][0]["checksumValue"] = "c2hhNTEy"
for n, x in (("id", a), ("dangling", b), ("b64", c)):
    json.dump(x, open("%s/%s.json" % (sys.argv[2], n), "w"))
PY
expect_exit 1 python3 "$SPDX_CHECK" "$T/id.json"
expect_grep 'SPDXID' "$T/err"
expect_exit 1 python3 "$SPDX_CHECK" "$T/dangling.json"
expect_grep 'names no element' "$T/err"
expect_exit 1 python3 "$SPDX_CHECK" "$T/b64.json"
expect_grep 'hex' "$T/err"
CASE

test_case 'sbom xml, spdx: a generated lockfile (scoped, nested, dev, optional) passes too' <<'CASE'
python3 "$TG_SOURCE_DIR/bench/sbom_gen.py" 400 "$T/gen" >/dev/null
"$TERRAGON" sbom "$T/gen" --now $NOW --format xml -o "$T/gen.xml"
validates "$S/bom-1.6.SNAPSHOT.xsd" "$T/gen.xml" 2>"$T/xsd"
expect_grep 'validates' "$T/xsd"
"$TERRAGON" sbom "$T/gen" --now $NOW --format spdx -o "$T/gen.spdx.json"
python3 "$SPDX_CHECK" "$T/gen.spdx.json"
[ "$(grep -c '<component type="library"' "$T/gen.xml")" -ge 400 ] || fail "too few components"
CASE

test_case 'sbom: --spec with --format spdx is bad usage' <<'CASE'
expect_exit 2 "$TERRAGON" sbom -C "$T/repo" --format spdx --spec 1.5
expect_grep 'SPDX 2.3' "$T/err"
CASE

done_testing
