#!/usr/bin/env bash
# One item per piece of work: a rule's findings in one file are one item with
# its occurrences, unpinned actions are one item for the repository; an
# inline-suppressed finding stays apart; SARIF lists every place and still
# validates; explain lists the lines; the item is resolved only when every
# occurrence is gone; fix-regex fixes every occurrence.
. "$(dirname "$0")/lib.sh"
NOW=--now=2026-11-20T10:00:00Z

R="$T/repo"
mkdir -p "$R/.github/workflows" "$R/src" "$R/.terragon"
cat > "$R/.github/workflows/ci.yml" <<'YAML'
name: ci
on: [push]
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
      - uses: actions/cache@v4
YAML
cat > "$R/.github/workflows/release.yml" <<'YAML'
name: release
on: [push]
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
YAML
cat > "$R/src/conf.py" <<'PY'
import yaml

def a(f):
    return yaml.load(f)

def b(f):
    return yaml.load(f)

def c(f):
    return yaml.load(f)

def d(f):
    return yaml.load(f)  # terragon:ignore[ai-ml.yaml-unsafe-load]
PY
printf 'import yaml\ncfg = yaml.load(open("x"))\n' > "$R/src/one.py"
printf 'value-metrics.json\nBACKLOG.md\n.terragon/\n' > "$R/.gitignore"
make_repo "$R"
git init -q --bare "$T/repo.git"
git -C "$R" remote add origin "$T/repo.git"
git -C "$R" push -q -u origin main
printf 'execution:\n  min_score: 0\n  github:\n    repository: acme/widgets\n' \
  > "$R/.terragon/config.yaml"

rows() { # RULE: its items in value-metrics.json, "status|path|start_line|n|title" a line
  python3 - "$R/value-metrics.json" "$1" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
for i in sorted(m["items"], key=lambda i: (i.get("path") or "", i["status"])):
    if i["rule_id"] == sys.argv[2]:
        occ = i.get("occurrences", [])
        print("%s|%s|%s|%d|%s" % (i["status"], i.get("path"), i.get("start_line"),
                                  len(occ), i["title"]))
        for o in occ:
            print("  %s:%s" % (o.get("path"), o.get("start_line")))
PY
}
fp() { # RULE PATH: the fingerprint of its open item at PATH ("None": the repository's)
  python3 -c "
import json, sys; m = json.load(open('$R/value-metrics.json'))
print([i['fingerprint'] for i in m['items'] if i['rule_id'] == sys.argv[1]
       and str(i.get('path')) == sys.argv[2] and i['status'] == 'open'][0])" "$1" "$2"
}
status() { sqlite3 "$R/.terragon/terragon.db" "SELECT status FROM items WHERE fingerprint = '$1'"; }

test_case 'unpinned actions are one item for the repository, with every place' <<'CASE'
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW --sarif "$T/out.sarif"
rows workflow-unpinned-action > "$T/pin"
[ "$(grep -c '^open' "$T/pin")" -eq 1 ] || fail "one item expected: $(cat "$T/pin")"
expect_grep '^open\|None\|0\|4\|Action actions/checkout@v4 is not pinned to a commit SHA \(4 occurrences in 2 files\)$' "$T/pin"
expect_grep '^  \.github/workflows/ci\.yml:9$' "$T/pin"
expect_grep '^  \.github/workflows/ci\.yml:11$' "$T/pin"
expect_grep '^  \.github/workflows/release\.yml:9$' "$T/pin"
CASE

test_case 'a rule in one file is one item; the suppressed one and another file stay apart' <<'CASE'
rows ai-ml.yaml-unsafe-load > "$T/yaml"
expect_grep '^open\|src/conf\.py\|4\|3\|.* \(3 occurrences\)$' "$T/yaml"
expect_grep '^  src/conf\.py:10$' "$T/yaml"
expect_grep '^suppressed\|src/conf\.py\|13\|0\|' "$T/yaml"
expect_grep '^open\|src/one\.py\|2\|0\|' "$T/yaml"
[ "$(grep -c '^[a-z]' "$T/yaml")" -eq 3 ] || fail "three items expected: $(cat "$T/yaml")"
expect_grep 'Occurrences\*\* 3: `src/conf.py:4`, `src/conf.py:7`, `src/conf.py:10`' "$R/BACKLOG.md"
CASE

test_case 'SARIF has one result per place, and validates' <<'CASE'
python3 - "$T/out.sarif" <<'PY' || fail "SARIF places"
import json, sys
res = json.load(open(sys.argv[1]))["runs"][0]["results"]
pin = [r for r in res if r["ruleId"] == "workflow-unpinned-action"]
places = sorted((r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                 r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in pin)
assert places == [(".github/workflows/ci.yml", 9), (".github/workflows/ci.yml", 10),
                  (".github/workflows/ci.yml", 11), (".github/workflows/release.yml", 9)], places
assert len({r["partialFingerprints"]["terragon/v1"] for r in pin}) == 1
assert sorted(r["partialFingerprints"]["terragon/occurrence"] for r in pin) == ["1", "2", "3", "4"]
conf = [r for r in res if r["ruleId"] == "ai-ml.yaml-unsafe-load"
        and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "src/conf.py"]
assert len(conf) == 3, conf
PY
tool="$TG_SOURCE_DIR/build/npm/node_modules/.bin/sarif-multitool"
[ -x "$tool" ] || fail "sarif-multitool missing: run scripts/deps.sh --test"
DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$tool" validate --rule-kind '"Gh;Sarif"' \
  "$T/out.sarif" >"$T/validate.log" 2>&1 || { cat "$T/validate.log" >&2; fail "validator exit"; }
CASE

test_case 'explain lists the lines of a grouped item' <<'CASE'
expect_exit 0 "$TERRAGON" explain --repo-path "$R" "$(fp ai-ml.yaml-unsafe-load src/conf.py)"
expect_grep '^  3 occurrences:$' "$T/out"
expect_grep '^    src/conf\.py:7  \(rules ai-ml\.yaml-unsafe-load\)$' "$T/out"
CASE

test_case 'fix-regex rewrites every occurrence of the grouped item' <<'CASE'
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --dry-run \
  --item "$(fp ai-ml.yaml-unsafe-load src/conf.py)"
[ "$(grep -c '^+    return yaml.safe_load(f)$' "$T/out")" -eq 3 ] || fail "three lines fixed"
expect_grep '^ .*return yaml.load\(f\)  # terragon:ignore' "$T/out"
CASE

test_case 'the item stays open until its last occurrence is gone' <<'CASE'
GROUP=$(fp ai-ml.yaml-unsafe-load src/conf.py) PIN=$(fp workflow-unpinned-action None)
sed -i '4s/yaml.load/yaml.safe_load/; 7s/yaml.load/yaml.safe_load/' "$R/src/conf.py"
sed -i 's/@v4$/@0123456789abcdef0123456789abcdef01234567/' "$R/.github/workflows/ci.yml"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW
[ "$(status "$PIN")" = open ] || fail "one action left: still open"
rows workflow-unpinned-action > "$T/pin2"
expect_grep '\(2 occurrences in 2 files\)$' "$T/pin2"
[ "$(status "$GROUP")" = open ] || fail "one finding left: the group stays open"
sed -i '10s/yaml.load/yaml.safe_load/' "$R/src/conf.py"
sed -i 's/@v[45]$/@0123456789abcdef0123456789abcdef01234567/' "$R"/.github/workflows/*.yml
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW
[ "$(status "$GROUP")" = resolved ] || fail "every occurrence gone: resolved"
[ "$(status "$PIN")" = resolved ] || fail "every action pinned: resolved"
CASE

test_case 'a rule pack sets grouping: rule; an unknown grouping is a problem' <<'CASE'
mkdir -p "$T/packs"
cat > "$T/packs/demo.yaml" <<'Y'
rules:
  - id: demo.print-call
    message: print call left in code
    severity: WARNING
    languages: [python]
    pattern-regex: '\bprint\('
    grouping: rule
    examples:
      match: ['print(1)']
      no_match: ['printf(1)']
Y
sed 's/grouping: rule/grouping: everywhere/' "$T/packs/demo.yaml" > "$T/bad.yaml"
expect_exit 1 "$TERRAGON" rules validate --pack "$T/bad.yaml"
expect_grep "grouping 'everywhere' is not file, rule or none" "$T/err"
printf 'print(1)\nprint(2)\n' > "$R/src/p1.py"
printf 'print(3)\n' > "$R/src/p2.py"
printf 'rules:\n  packs: [%s]\n' "$T/packs/demo.yaml" > "$T/pack-config.yaml"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" -c "$T/pack-config.yaml" $NOW \
  -o "$T/pack.json" --backlog "$T/pack.md"
python3 - "$T/pack.json" <<'PY' || fail "one repository-wide item"
import json, sys
items = [i for i in json.load(open(sys.argv[1]))["items"] if i["rule_id"] == "demo.print-call"]
assert len(items) == 1 and items[0].get("path") is None, items
assert len(items[0]["occurrences"]) == 3, items[0]
PY
CASE

test_case 'value_discovery.grouping: none keeps findings apart, but actions stay one item' <<'CASE'
git -C "$R" checkout -q -- . # the findings back, as committed
cp "$R/.terragon/config.yaml" "$T/config.yaml"
printf 'value_discovery:\n  grouping: none\n' >> "$T/config.yaml"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" -c "$T/config.yaml" $NOW \
  -o "$T/none.json" --backlog "$T/none.md"
python3 - "$T/none.json" <<'PY' || fail "grouping none"
import json, sys
items = json.load(open(sys.argv[1]))["items"]
y = [i for i in items if i["rule_id"] == "ai-ml.yaml-unsafe-load"]
p = [i for i in items if i["rule_id"] == "workflow-unpinned-action"]
assert len(y) == 5 and len(p) == 1, (len(y), len(p))
PY
CASE

done_testing
