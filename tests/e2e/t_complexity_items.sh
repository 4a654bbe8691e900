#!/usr/bin/env bash
# Complexity items: a function both complex and long is one item (the
# complex-function one, its fingerprint kept as it shrinks), and the CCN
# threshold comes from the project's own linter configuration unless
# thresholds.ccn is set.
. "$(dirname "$0")/lib.sh"
R=$T/r
mkdir -p "$R/.terragon"
# body N: N branches, then padding to M lines
fn() {
  local name=$1 ifs=$2 pad=$3
  echo "int $name(int a)"
  echo '{'
  for i in $(seq "$ifs"); do echo "  if (a == $i) return $i;"; done
  for i in $(seq "$pad"); do echo "  a += $i;"; done
  echo '  return a;'
  echo '}'
}
{
  fn both 20 110
  fn long_only 0 120
  fn complex_only 20 0
} >"$R/a.c"
printf 'def small(a):\n    if a:\n        return 1\n    if a > 2:\n        return 2\n    return a and 3 or 4\n' >"$R/m.py"
make_repo "$R"
printf 'value_discovery:\n  discovery_sources: [advanced_static_analysis]\n' >"$R/.terragon/config.yaml"
items() {
  python3 - "$R/value-metrics.json" <<'EOF'
import json, sys
for i in json.load(open(sys.argv[1]))["items"]:
    if i["rule_id"] in ("complex-function", "long-function") and i["status"] != "resolved":
        print(i["rule_id"], i["fingerprint"], i["severity"], i["title"], sep="\t")
EOF
}

test_case 'a function complex and long is one item naming both' <<'CASE'
expect_exit 0 "$TERRAGON" discover --repo-path "$R" -q
items >"$T/items"
expect_grep '^complex-function.*both has cyclomatic complexity 21 \(threshold 15\) and 1[0-9]{2} code lines \(threshold 100\)$' "$T/items"
expect_no_grep '^long-function.*both ' "$T/items"
expect_grep '^long-function.*long_only is 1[0-9]{2} lines long' "$T/items"
expect_grep '^complex-function.*complex_only has cyclomatic complexity 21 \(threshold 15\)$' "$T/items"
[ "$(wc -l <"$T/items")" -eq 3 ] || fail "want 3 items: $(cat "$T/items")"
CASE

test_case 'the item keeps its fingerprint when the function is no longer long' <<'CASE'
expect_exit 0 "$TERRAGON" discover --repo-path "$R" -q
before=$(items | awk -F'\t' '/both has/ {print $2}')
{ fn both 20 5; fn long_only 0 120; fn complex_only 20 0; } >"$R/a.c"
git -C "$R" commit -qam shorter
expect_exit 0 "$TERRAGON" discover --repo-path "$R" -q
items >"$T/items"
after=$(awk -F'\t' '/both has/ {print $2}' "$T/items")
[ -n "$before" ] && [ "$before" = "$after" ] || fail "fingerprint $before became $after"
expect_grep 'both has cyclomatic complexity 21 \(threshold 15\)$' "$T/items"
CASE

test_case "the project's flake8 max-complexity is the threshold for Python, and -v says so" <<'CASE'
printf '[metadata]\nname = m\n\n[flake8]\nmax-complexity = 3\n' >"$R/setup.cfg"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" -v
expect_grep 'complexity threshold for Python: 3, the project.s flake8 max-complexity at setup.cfg:5' "$T/err"
expect_grep 'complexity threshold for the other languages: 15 \(thresholds.ccn, default\)' "$T/err"
items >"$T/items"
expect_grep 'small has cyclomatic complexity 5 \(threshold 3\)' "$T/items"
expect_grep 'complex_only has cyclomatic complexity 21 \(threshold 15\)' "$T/items"
CASE

test_case 'lizard -C in a workflow applies to every language; thresholds.ccn wins over it' <<'CASE'
rm -f "$R/setup.cfg"
mkdir -p "$R/.github/workflows"
printf 'jobs:\n  ccn:\n    steps:\n      - run: lizard -C 25 src\n' >"$R/.github/workflows/ccn.yml"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" -v
expect_grep 'complexity threshold for every language: 25, the project.s lizard -C at .github/workflows/ccn.yml:4' "$T/err"
items >"$T/items"
expect_no_grep 'complex_only|small has' "$T/items"
printf 'value_discovery:\n  discovery_sources: [advanced_static_analysis]\nthresholds:\n  ccn: 4\n' >"$R/.terragon/config.yaml"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" -v
expect_grep 'thresholds.ccn 4 \(file\) wins over the project.s lizard -C 25' "$T/err"
items >"$T/items"
expect_grep 'small has cyclomatic complexity 5 \(threshold 4\)' "$T/items"
CASE
done_testing
