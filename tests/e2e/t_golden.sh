#!/usr/bin/env bash
# Golden outputs: `terragon discover` on a fixture repository built here with
# fixed contents, authors and dates, and a fixed clock (--now), writes
# value-metrics.json, BACKLOG.md and SARIF equal byte for byte to the files
# stored in tests/e2e/golden/, once the mask below is applied.
#
# The mask, and nothing else (each a value that a run may change even with a
# fixed clock):
#   value-metrics.json  "run": {"id", "started", "finished"} and each
#                       source's "seconds" (the time it took)
#   BACKLOG.md          the run's timestamp in "Updated <timestamp>."
#   SARIF               nothing
#
# The fixture feeds every source that needs no network: a complex function
# (scanner), a committed token and a to-do comment (scanner: rules and
# markers), an imported SARIF and lcov file (imports), a workflow without
# pinning or permissions and no licence (compliance), a file changed in seven
# commits (history: hotspot), a pickle that runs code on load (models) and a
# requirement pinned at a version an OSV record in a database made here
# affects (deps).
#
# When a change is meant to alter these outputs, regenerate the expected
# files and review the diff like code:
#   TG_GOLDEN_UPDATE=1 TERRAGON=build/rel/terragon bash tests/e2e/t_golden.sh
. "$(dirname "$0")/lib.sh"

GOLDEN="$(cd "$(dirname "$0")" && pwd)/golden"
NOW=--now=2024-03-01T00:00:00Z

# commit DAY MSG: commit everything as Ana on 2024-01-DAY at noon UTC.
commit() {
  git add -A
  GIT_AUTHOR_NAME=Ana GIT_AUTHOR_EMAIL=ana@example.com \
    GIT_COMMITTER_NAME=Ana GIT_COMMITTER_EMAIL=ana@example.com \
    GIT_AUTHOR_DATE="2024-01-$1T12:00:00Z" GIT_COMMITTER_DATE="2024-01-$1T12:00:00Z" \
    git commit -q -m "$2"
}

# The fixture's directory name is the repository name in the outputs.
R="$T/fixture"
mkdir -p "$R/src" "$R/models" "$R/.github/workflows"
cd "$R"
git init -q -b main

# A function of cyclomatic complexity 43 (21 ifs, each with &&).
{
  printf 'int classify(int a, int b, int c)\n{\n\tint r = 0;\n'
  for i in $(seq 21); do printf '\tif (a > %d && b < %d)\n\t\tr += %d;\n' "$i" $((i * 2)) "$i"; done
  printf '\treturn r + c;\n}\n'
} > src/complex.c

# A GitHub token with a valid checksum, made here so that this script holds
# none; a to-do comment; an unsafe load the imported SARIF reports.
python3 - <<'PY'
import zlib
alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
body = "Zq3xW8vN2mK5pL7rT9yB4cD6fH1jS0"
n, tail = zlib.crc32(body.encode()), ""
for _ in range(6):
    tail, n = alnum[n % 62] + tail, n // 62
with open("src/settings.py", "w") as f:
    f.write("import yaml\n\n# TODO: read the token from the environment\n")
    f.write("GITHUB_TOKEN = %r\n\n" % ("ghp" + "_" + body + tail))
    f.write("def load(path):\n    return yaml.load(open(path))\n")
PY

# A pickle (protocol 0, written by hand) that calls os.system on load.
printf "cos\nsystem\n(S'echo owned'\ntR.\0" > models/clf.pkl

cat > .github/workflows/ci.yml <<'YAML'
name: ci
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: make test
YAML
# PyYAML 5.3 as PyPA's PYSEC-2021-142 affects it (CVE-2020-14343, CVSS 9.8).
printf 'pyyaml==5.3\n' > requirements.txt
commit 01 init
for d in 02 03 04 05 06 07; do
  echo "/* tuned $d */" >> src/complex.c
  commit "$d" "tune $d"
done

cat > "$T/bandit.sarif" <<'JSON'
{"version": "2.1.0", "runs": [{
  "tool": {"driver": {"name": "Bandit", "rules": [{"id": "B506",
    "name": "yaml_load",
    "helpUri": "https://bandit.readthedocs.io/en/latest/plugins/b506_yaml_load.html",
    "properties": {"tags": ["security", "external/cwe/cwe-20"]}}]}},
  "results": [{"ruleId": "B506", "ruleIndex": 0, "level": "warning",
    "message": {"text": "Use of unsafe yaml load."},
    "locations": [{"physicalLocation": {
      "artifactLocation": {"uri": "src/settings.py"},
      "region": {"startLine": 7, "snippet": {"text": "return yaml.load(open(path))"}}}}]}]}]}
JSON
# Coverage: 1 of 4 lines of settings.py ran.
printf 'TN:\nSF:%s/src/settings.py\nDA:1,1\nDA:4,0\nDA:6,0\nDA:7,0\nend_of_record\n' "$R" > "$T/cov.info"

mkdir -p "$T/osv"
cat > "$T/osv/PYSEC-2021-142.json" <<'JSON'
{"id": "PYSEC-2021-142", "modified": "2021-06-15T18:15:00Z", "aliases": ["CVE-2020-14343"],
 "details": "A vulnerability was discovered in the PyYAML library in versions before 5.4.",
 "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
 "affected": [{"package": {"name": "PyYAML", "ecosystem": "PyPI"},
   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "5.4"}]}]}]}
JSON
export TERRAGON_VULNDB__PATH="$T/osv.db" TERRAGON_VULNDB__MAX_AGE_DAYS=100000
"$TERRAGON" vulndb import "$T/osv" >/dev/null
test_case 'discover runs on the fixture' <<'CASE'
expect_exit 0 "$TERRAGON" discover $NOW --import "$T/bandit.sarif" --import "$T/cov.info" \
  --sarif "$T/terragon.sarif"
CASE

# mask FILE: FILE with the fields named at the top replaced by a placeholder.
mask() {
  case "$1" in
    *.json)
      sed -E -e 's/^(  "run": \{"id": )[0-9]+(, "started": )"[^"]*"(, "finished": )"[^"]*"\}/\1"<id>"\2"<time>"\3"<time>"}/' \
        -e 's/^(    \{"name": "[a-z-]+", "seconds": )[0-9.e+-]+,/\1"<seconds>",/' "$1" ;;
    *.md) sed -E 's/ Updated [0-9TZ:.+-]+\.$/ Updated <time>./' "$1" ;;
    *) cat "$1" ;;
  esac
}

mkdir -p "$T/got"
mask "$R/value-metrics.json" > "$T/got/value-metrics.json"
mask "$R/BACKLOG.md" > "$T/got/BACKLOG.md"
mask "$T/terragon.sarif" > "$T/got/terragon.sarif"

test_case 'the mask changes the run line, one line a source and the Updated line' <<'CASE'
[ "$(diff "$R/value-metrics.json" "$T/got/value-metrics.json" | grep -c '^>')" = 13 ] ||
  fail "the mask of value-metrics.json did not change the run line and the 12 sources"
[ "$(diff "$R/BACKLOG.md" "$T/got/BACKLOG.md" | grep -c '^>')" = 1 ] || fail "the mask of BACKLOG.md"
cmp -s "$T/terragon.sarif" "$T/got/terragon.sarif" || fail "the SARIF was masked"
CASE
test_case 'the fixture feeds every source it is meant to' <<'CASE'
python3 - "$R/value-metrics.json" <<'PY' || fail "a source the fixture feeds found nothing"
import json, sys
m = json.load(open(sys.argv[1]))
# (Bandit's B506 is merged into our yaml rule's item on the same line: an occurrence)
rules = {i["rule_id"] for i in m["items"]}
rules |= {o["rule_id"] for i in m["items"] for o in i.get("occurrences", [])}
for want in ("complex-function", "secrets.github-pat", "todo-marker", "B506", "low-coverage",
             "workflow-unpinned-action", "license-missing", "history/hotspot",
             "CVE-2020-14343"):
    assert want in rules, (want, sorted(rules))
assert any(i["source"] == "models" for i in m["items"]), sorted(rules)
PY
CASE

if [ -n "${TG_GOLDEN_UPDATE:-}" ]; then
  mkdir -p "$GOLDEN"
  cp "$T/got/value-metrics.json" "$T/got/BACKLOG.md" "$T/got/terragon.sarif" "$GOLDEN/"
  echo "golden files written to $GOLDEN"
fi
for f in value-metrics.json BACKLOG.md terragon.sarif; do
  test_case "$f equals golden/$f, masked" <<'CASE'
[ -f "$GOLDEN/$f" ] || fail "no $GOLDEN/$f (TG_GOLDEN_UPDATE=1 writes it)"
cmp -s "$GOLDEN/$f" "$T/got/$f" || { diff -u "$GOLDEN/$f" "$T/got/$f" >&2; fail "$f differs from golden/$f"; }
CASE
done
done_testing
