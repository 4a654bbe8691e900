#!/usr/bin/env bash
# value_discovery.scanner: each pass left out finds nothing of its kind, and a
# run with a pass left out resolves none of the scanner's items.
. "$(dirname "$0")/lib.sh"
R=$T/r
mkdir -p "$R"
{
  echo 'int f(int a) { /* TODO: simplify */'
  for i in $(seq 20); do echo "  if (a == $i) return $i;"; done
  echo '  return 0;'
  echo '}'
  echo 'void g(const char *cmd) { system(cmd); }'
} >"$R/a.c"
for i in $(seq 1100); do echo "int v$i;"; done >"$R/big.c"
make_repo "$R"
mkdir -p "$R/.terragon"
rules() { python3 -c "import json; print(' '.join(sorted({i['rule_id'] for i in json.load(open('$R/value-metrics.json'))['items'] if i['status'] != 'resolved'})))"; }
pass() { printf 'value_discovery:\n  discovery_sources: [advanced_static_analysis]\n  scanner: [%s]\n' "$1" >"$R/.terragon/config.yaml"; }

# Every pass (the default): all four kinds.
test_case 'every pass, the default: all four kinds' <<'CASE'
printf 'value_discovery:\n  discovery_sources: [advanced_static_analysis]\n' >"$R/.terragon/config.yaml"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" -q
rules >"$T/all"
expect_grep 'large-file' "$T/all"
expect_grep 'todo-marker' "$T/all"
expect_grep 'complex-function' "$T/all"
expect_grep 'injection.c-system' "$T/all"
CASE

test_case 'large_files alone finds large files only and resolves nothing else' <<'CASE'
pass large_files
expect_exit 0 "$TERRAGON" discover --repo-path "$R" -q
[ "$(rules)" = "large-file" ] || fail "large_files only: $(rules)"
# Nothing of the first run was resolved: the scanner did not look for it.
expect_exit 0 "$TERRAGON" backlog --repo-path "$R" --format json --limit 100
expect_grep 'todo-marker' "$T/out"
expect_grep 'complex-function' "$T/out"
CASE

test_case 'markers alone finds markers only' <<'CASE'
pass markers
expect_exit 0 "$TERRAGON" discover --repo-path "$R" -q
[ "$(rules)" = "todo-marker" ] || fail "markers only: $(rules)"
CASE

test_case 'functions alone finds complex functions only' <<'CASE'
pass functions
expect_exit 0 "$TERRAGON" discover --repo-path "$R" -q
[ "$(rules)" = "complex-function" ] || fail "functions only: $(rules)"
CASE

test_case 'rules alone finds rule matches only' <<'CASE'
pass rules
expect_exit 0 "$TERRAGON" discover --repo-path "$R" -q
rules >"$T/rules_only"
expect_grep 'injection.c-system' "$T/rules_only"
expect_no_grep 'large-file|marker|function' "$T/rules_only"
CASE

# An unknown pass is a configuration error (exit 2) naming the known ones.
test_case 'an unknown pass is a configuration error naming the known ones' <<'CASE'
pass bogus
expect_exit 2 "$TERRAGON" discover --repo-path "$R" -q
expect_grep 'large_files, markers, functions, rules' "$T/err"
CASE
done_testing
