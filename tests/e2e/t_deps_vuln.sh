#!/usr/bin/env bash
# Vulnerable dependencies end to end: an OSV database imported from records
# written here (in the shapes PyPA and GitHub publish), a repository with a
# pinned requirement and an npm lockfile, then discover, gate and execute.
. "$(dirname "$0")/lib.sh"
export TERRAGON_NO_SANDBOX=1
NOW=--now=2026-11-20T10:00:00Z
export TERRAGON_VULNDB__PATH="$T/cache/osv.db"

mkdir -p "$T/osv"
# PyPA's record: a GIT range before the ECOSYSTEM range, as 1,385 PyPI records have.
cat > "$T/osv/PYSEC-2018-28.json" <<'JSON'
{"id": "PYSEC-2018-28", "modified": "2021-06-10T06:51:00Z",
 "aliases": ["CVE-2018-18074"],
 "details": "The Requests package before 2.20.0 sends an HTTP Authorization header to an http URI upon a same-hostname https-to-http redirect.",
 "affected": [{"package": {"name": "requests", "ecosystem": "PyPI"},
   "ranges": [{"type": "GIT", "repo": "https://github.com/requests/requests",
               "events": [{"introduced": "0"}, {"fixed": "c45d7c49ea75133e52ab22a8e9e13173938e36ff"}]},
              {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.20.0"}]}]}]}
JSON
# GitHub's record of the same flaw names only the CVE: one finding all the same.
cat > "$T/osv/GHSA-x84v-xcm2-53pg.json" <<'JSON'
{"id": "GHSA-x84v-xcm2-53pg", "modified": "2023-08-25T00:00:00Z",
 "aliases": ["CVE-2018-18074"], "summary": "Insufficiently Protected Credentials in Requests",
 "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"}],
 "affected": [{"package": {"name": "requests", "ecosystem": "PyPI"},
   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.20.0"}]}]}]}
JSON
cat > "$T/osv/GHSA-xvch-5gv4-984h.json" <<'JSON'
{"id": "GHSA-xvch-5gv4-984h", "modified": "2024-01-01T00:00:00Z",
 "aliases": ["CVE-2021-44906"], "summary": "Prototype Pollution in minimist",
 "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
 "affected": [{"package": {"name": "minimist", "ecosystem": "npm"},
   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "0.2.4"}]},
              {"type": "ECOSYSTEM", "events": [{"introduced": "1.0.0"}, {"fixed": "1.2.6"}]}]}]}
JSON
cat > "$T/osv/withdrawn.json" <<'JSON'
{"id": "GHSA-0000-0000-0000", "modified": "2024-01-01T00:00:00Z", "withdrawn": "2024-02-01T00:00:00Z",
 "affected": [{"package": {"name": "requests", "ecosystem": "PyPI"},
   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]}]}
JSON

# setup NAME: repo $T/NAME with both dependencies, origin $T/NAME.git.
setup() {
  R="$T/$1"
  mkdir -p "$R/web"
  printf 'flask==2.3.3\nrequests==2.19.0  # pinned for the old proxy\n' > "$R/requirements.txt"
  printf '{"name": "web", "version": "1.0.0", "dependencies": {"minimist": "^1.2.0"}}\n' \
    > "$R/web/package.json"
  cat > "$R/web/package-lock.json" <<'JSON'
{
  "name": "web",
  "version": "1.0.0",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {
      "name": "web",
      "version": "1.0.0",
      "dependencies": {
        "minimist": "^1.2.0"
      }
    },
    "node_modules/minimist": {
      "version": "1.2.5",
      "resolved": "https://registry.npmjs.org/minimist/-/minimist-1.2.5.tgz",
      "integrity": "sha512-FM9nNUYrRBAELZQT3xeZQ7fmMOBg6nWNmJKTcgsJeaLstP/UODVpGsr5OhXhhXg6f+qtJ8uiZ+PUxkDWcgIXLw=="
    }
  }
}
JSON
  printf 'value-metrics.json\nBACKLOG.md\n.terragon/\n' > "$R/.gitignore"
  make_repo "$R"
  git init -q --bare "$T/$1.git"
  git -C "$R" remote add origin "$T/$1.git"
  git -C "$R" push -q -u origin main
  mkdir -p "$R/.terragon"
  printf 'execution:\n  github:\n    repository: acme/widgets\n' > "$R/.terragon/config.yaml"
}

test_case 'without a database discover lists nothing vulnerable and says how to get one' <<'CASE'
setup nodb
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW
expect_grep 'no vulnerability database at .*osv.db' "$T/err"
expect_grep 'terragon vulndb (update|import)' "$T/err"
[ ! -e "$T/cache/osv.db" ] || fail "discover created the database"
CASE

test_case 'the database imports the records, skipping the withdrawn one' <<'CASE'
expect_exit 0 "$TERRAGON" vulndb import "$T/osv"
expect_exit 0 "$TERRAGON" vulndb status
expect_grep 'PyPI' "$T/out"
expect_grep 'npm' "$T/out"
CASE

test_case 'discover finds each vulnerable dependency once, with every alias and the fix' <<'CASE'
setup found
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW
"$TERRAGON" backlog --repo-path "$R" --format json > "$T/backlog.json"
python3 - "$T/backlog.json" <<'PY' || fail "backlog content"
import json, sys
items = [i for i in json.load(open(sys.argv[1]))["items"] if i["category"] == "vulnerability"]
assert len(items) == 2, [i["title"] for i in items]
by = {i["path"]: i for i in items}
req, mm = by["requirements.txt"], by["web/package-lock.json"]
for ident in ("PYSEC-2018-28", "GHSA-x84v-xcm2-53pg", "CVE-2018-18074"):
    assert ident in req["evidence"], req["evidence"]
assert "GHSA-0000" not in req["evidence"]
assert req["start_line"] == 2, req["start_line"]
assert req["severity"] == "high", req["severity"]          # 7.5
assert mm["severity"] == "critical", mm["severity"]        # 9.8
assert "fixed in: 1.2.6" in mm["evidence"], mm["evidence"]
assert "fixed in: 2.20.0" in req["evidence"]
assert "database snapshot: " in mm["evidence"]
assert items[0]["path"] == "web/package-lock.json", "the critical one ranks first"
PY
ok
CASE

test_case 'gate fails on the critical vulnerability' <<'CASE'
R="$T/found"
expect_exit 1 "$TERRAGON" gate --repo-path "$R"
expect_grep 'critical-vulns' "$T/out"
CASE

test_case 'execute refuses to edit a hashed lockfile entry and says which command to configure' <<'CASE'
R="$T/found"
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --dry-run --max-prs 1
expect_grep 'lockfile_commands.npm' "$T/out" "$T/err"
CASE

test_case 'execute bumps the requirements pin and verifies the advisory is gone' <<'CASE'
setup bump
printf 'execution:\n  github:\n    repository: acme/widgets\n  exclude_rules: [CVE-2021-44906]\n' \
  > "$R/.terragon/config.yaml"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --dry-run
expect_grep '^-requests==2.19.0' "$T/out"
expect_grep '^\+requests==2.20.0' "$T/out"
expect_grep 'requests: 2.19.0 -> 2.20.0' "$T/out"
expect_grep 'Verified' "$T/out"
CASE

test_case 'a lockfile command regenerates the lockfile, given the package only through the environment' <<'CASE'
setup lockcmd
cat > "$T/fake-npm.sh" <<'SH'
sed -i "s/\"version\": \"1.2.5\"/\"version\": \"$TERRAGON_DEP_VERSION\"/; s/sha512-[^\"]*/sha512-new/" package-lock.json
echo "$TERRAGON_DEP_ECOSYSTEM $TERRAGON_DEP_NAME" > "$1"
SH
printf 'execution:\n  github:\n    repository: acme/widgets\n  lockfile_commands:\n    npm: "cd web && sh %s %s"\n' \
  "$T/fake-npm.sh" "$T/called" > "$R/.terragon/config.yaml"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --dry-run
expect_grep '^\+      "version": "1.2.6"' "$T/out"
expect_grep 'Verified' "$T/out"
[ "$(cat "$T/called")" = "npm minimist" ] || fail "the command did not get the package"
CASE

test_case 'a go.mod require is bumped with the v that OSV leaves out' <<'CASE'
mkdir -p "$T/osv-go"
cat > "$T/osv-go/GO-2021-0113.json" <<'JSON'
{"id": "GO-2021-0113", "modified": "2024-05-20T16:03:47Z", "aliases": ["CVE-2021-38561"],
 "summary": "Out-of-bounds read in golang.org/x/text/language",
 "affected": [{"package": {"name": "golang.org/x/text", "ecosystem": "Go"},
   "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "0.3.7"}]}]}]}
JSON
expect_exit 0 "$TERRAGON" vulndb import "$T/osv-go"
R="$T/gomod"
mkdir -p "$R"
printf 'module example.com/app\n\ngo 1.21\n\nrequire golang.org/x/text v0.3.5\n' > "$R/go.mod"
printf 'value-metrics.json\nBACKLOG.md\n.terragon/\n' > "$R/.gitignore"
make_repo "$R"
git init -q --bare "$T/gomod.git"
git -C "$R" remote add origin "$T/gomod.git"
git -C "$R" push -q -u origin main
mkdir -p "$R/.terragon"
printf 'execution:\n  github:\n    repository: acme/widgets\n  exclude_rules: [compliance*, license-missing, security-policy-missing, codeowners-missing]\n' > "$R/.terragon/config.yaml"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --dry-run
expect_grep '^-require golang.org/x/text v0.3.5' "$T/out"
expect_grep '^\+require golang.org/x/text v0.3.7' "$T/out"
expect_grep 'Verified' "$T/out"
CASE

test_case 'an unchanged rerun serves the match from the cache; a bumped pin is matched again' <<'CASE'
setup cache
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW --debug
expect_no_grep 'the match served from' "$T/err"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW --debug
expect_grep 'the match served from .*osv-match-[0-9a-f]{16}.json' "$T/err"
sed -i 's/requests==2.19.0/requests==2.20.0/' "$R/requirements.txt"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW --debug
expect_no_grep 'the match served from' "$T/err"
"$TERRAGON" backlog --repo-path "$R" --format json > "$T/b.json"
python3 - "$T/b.json" <<'PY' || fail "the bumped requirement still has its item"
import json, sys
items = [i for i in json.load(open(sys.argv[1]))["items"] if i["category"] == "vulnerability"]
assert [i["path"] for i in items] == ["web/package-lock.json"], [i["title"] for i in items]
PY
ok
CASE

test_case 'a cache file of other inputs, or damaged, is a miss, never a wrong answer' <<'CASE'
R="$T/cache"
for f in "$R"/.terragon/cache/osv-match-*.json; do printf '{"key": "0000", "vulns": [{"dep": 99}]}' > "$f"; done
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW --debug
expect_no_grep 'the match served from' "$T/err"
for f in "$R"/.terragon/cache/osv-match-*.json; do printf 'not json' > "$f"; done
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW --debug
expect_no_grep 'the match served from' "$T/err"
"$TERRAGON" backlog --repo-path "$R" --format json > "$T/b.json"
grep -q 'minimist' "$T/b.json" || fail "the match was lost"
CASE

done_testing
