#!/usr/bin/env bash
# `terragon deps verify`: dependencies, read from lockfiles or from a CycloneDX SBOM
# (ours, or one in another producer's shape), checked against the offline OSV
# database and for pinning and hashes; each violation listed, exit 1.
source "$(dirname "$0")/lib.sh"
export TERRAGON_VULNDB__PATH="$T/cache/osv.db"

mkdir -p "$T/osv" "$T/proj"
cp "$TG_SOURCE_DIR/tests/data/osv-records/GHSA-npm-minimist.json" "$T/osv/"
"$TERRAGON" vulndb import "$T/osv" >/dev/null
cat >"$T/proj/package-lock.json" <<'JSON'
{"name": "x", "lockfileVersion": 3, "packages": {
  "": {"dependencies": {"minimist": "1.2.5", "left-pad": "1.3.0", "ok": "1.0.0"}},
  "node_modules/minimist": {"version": "1.2.5", "integrity": "sha512-z4h7QWImUhdHLzCI5RWnqVMiQWj0/0hk9Pu6BsXKTuBgtS6Mt/bn0RcZc6j3qPzR9TEZ1eNm4kvc9fcmg9BdFQ=="},
  "node_modules/left-pad": {"version": "1.3.0"},
  "node_modules/ok": {"version": "1.0.0", "integrity": "sha512-z4h7QWImUhdHLzCI5RWnqVMiQWj0/0hk9Pu6BsXKTuBgtS6Mt/bn0RcZc6j3qPzR9TEZ1eNm4kvc9fcmg9BdFQ=="}}}
JSON
printf 'requests>=2.0\n' >"$T/proj/requirements.txt"

test_case 'lockfiles: a vulnerable, an unhashed and an unpinned dependency, each listed' <<'CASE'
expect_exit 1 "$TERRAGON" deps verify "$T/proj"
expect_grep '^vulnerable  npm minimist@1.2.5: CVE-2021-44906 \(CVSS 9.8\), fixed in 1.2.6 \(package-lock.json:3\)' "$T/out"
expect_grep '^unhashed    npm left-pad@1.3.0 \(package-lock.json:' "$T/out"
expect_grep '^unpinned    PyPI requests >=2.0 \(requirements.txt:1\)' "$T/out"
expect_no_grep ' ok@' "$T/out"
[ "$(wc -l <"$T/out")" = 3 ] || fail "$(cat "$T/out")"
expect_grep '3 violations \(1 vulnerable\)' "$T/err"
CASE

test_case 'our own SBOM gives the same findings' <<'CASE'
"$TERRAGON" sbom "$T/proj" -o "$T/bom.json" || true
expect_exit 1 "$TERRAGON" deps verify "$T/bom.json"
expect_grep '^vulnerable  npm minimist@1.2.5: CVE-2021-44906' "$T/out"
expect_grep '^unhashed    npm left-pad@1.3.0' "$T/out"
expect_grep '^unpinned    PyPI requests' "$T/out"
CASE

test_case 'an SBOM in another producer shape (scoped npm, Maven, Go, unknown types) is read' <<'CASE'
cat >"$T/other.cdx.json" <<'JSON'
{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [
 {"type": "library", "name": "minimist", "version": "1.2.8", "purl": "pkg:npm/minimist@1.2.8",
  "hashes": [{"alg": "SHA-512", "content": "00"}]},
 {"type": "library", "name": "core", "group": "@babel", "purl": "pkg:npm/%40babel/core@7.0.0?vcs_url=x"},
 {"type": "library", "name": "log4j-core", "purl": "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1"},
 {"type": "library", "name": "mux", "purl": "pkg:golang/github.com/gorilla/mux@v1.8.0",
  "hashes": [{"alg": "SHA-256", "content": "aa"}]},
 {"type": "operating-system", "name": "debian", "purl": "pkg:deb/debian/libc6@2.36"},
 {"type": "library", "name": "no purl"}]}
JSON
expect_exit 1 "$TERRAGON" deps verify "$T/other.cdx.json"
expect_grep '^unhashed    npm @babel/core@7.0.0 \(.*other.cdx.json\)' "$T/out"
expect_no_grep 'minimist|mux|log4j' "$T/out"
expect_grep 'skipped' "$T/err"
CASE

test_case 'a clean tree is exit 0; a broken SBOM or no database is exit 2' <<'CASE'
mkdir -p "$T/clean"
cp "$T/proj/package-lock.json" "$T/clean/"
python3 - "$T/clean/package-lock.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for k in ("node_modules/minimist", "node_modules/left-pad"):
    del d["packages"][k]
d["packages"][""]["dependencies"] = {"ok": "1.0.0"}
json.dump(d, open(sys.argv[1], "w"))
PY
expect_exit 0 "$TERRAGON" deps verify "$T/clean"
printf '{"bomFormat": "CycloneDX", "components": 3}' >"$T/broken.json"
expect_exit 2 "$TERRAGON" deps verify "$T/broken.json"
expect_grep 'not a CycloneDX' "$T/err"
expect_exit 2 env TERRAGON_VULNDB__PATH="$T/none.db" "$TERRAGON" deps verify "$T/clean"
expect_grep 'no vulnerability database' "$T/err"
CASE

done_testing
