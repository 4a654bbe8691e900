#!/usr/bin/env bash
# execute says why it picks nothing: the count of each reason, the best items
# with theirs, and where an executor is configured.
. "$(dirname "$0")/lib.sh"
NOW=--now=2026-11-20T10:00:00Z

# A TODO and an eval (no built-in fix for either), and no licence, CODEOWNERS or
# security policy (rules execution.exclude_rules names by default); no executor.
R="$T/r"
mkdir -p "$R"
printf 'def f(x):\n    return eval(x)  # TODO: parse it\n' > "$R/a.py"
printf 'value-metrics.json\nBACKLOG.md\n' > "$R/.gitignore"
make_repo "$R"
git init -q --bare "$T/r.git"
git -C "$R" remote add origin "$T/r.git"
git -C "$R" push -q -u origin main
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW
fp() { "$TERRAGON" backlog --repo-path "$R" --format json | python3 -c '
import json, sys
print(next(i["fingerprint"] for i in json.load(sys.stdin)["items"] if i["rule_id"] == sys.argv[1]))' "$1"; }

test_case 'the watch list is not taken by default: counted, and each item says why' <<'CASE'
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --dry-run
expect_grep '^nothing eligible among [0-9]+ open items' "$T/out"
expect_grep '^  4 on the watch list' "$T/out"
expect_grep 'skipped: on the watch list: low severity' "$T/out"
expect_grep 'skipped: on the watch list: a pattern that is often intended' "$T/out"
expect_no_grep 'with no fixer' "$T/out"
CASE

test_case 'no fixer and no executor: each reason counted, the best items listed, the executor named' <<'CASE'
printf 'execution:\n  include_watch: true\n' > "$T/watch.yaml"
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --dry-run -c "$T/watch.yaml"
expect_grep '^nothing eligible among [0-9]+ open items' "$T/out"
expect_grep '^  [0-9]+ with no fixer' "$T/out"
expect_grep '^  3 of a rule in execution.exclude_rules' "$T/out"
expect_grep 'skipped: no fixer for rule injection.python-eval-exec' "$T/out"
expect_grep 'skipped: rule license-missing in execution.exclude_rules' "$T/out"
expect_grep 'set execution.executor.command' "$T/out"
[ "$(grep -c '^      skipped: ' "$T/out")" -le 5 ] || fail "more than 5 items listed"
CASE

test_case '--item names its own reason in full' <<'CASE'
eval_fp=$(fp injection.python-eval-exec)
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --dry-run --item "$eval_fp" -c "$T/watch.yaml"
expect_grep "$eval_fp: not eligible \(no fixer for rule injection.python-eval-exec: .*execution.executor.command is not set\)" "$T/out"
CASE

test_case 'below min_score: said with the score, and no executor hint when none lacks a fixer' <<'CASE'
printf 'execution:\n  include_watch: true\n  min_score: 1000\n' > "$T/min.yaml"
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --dry-run -c "$T/min.yaml"
expect_grep '^  [0-9]+ below execution.min_score' "$T/out"
expect_grep 'skipped: score [0-9.]+ below execution.min_score 1000' "$T/out"
expect_no_grep 'with no fixer' "$T/out"
expect_no_grep 'executor.command' "$T/out"
CASE

test_case 'an item with a branch already says so, even with an executor' <<'CASE'
todo=$(fp todo-marker)
git -C "$R" push -q origin "main:refs/heads/auto-value/${todo:0:8}-todo"
printf 'execution:\n  include_watch: true\n  exclude_rules: ["injection.*", "*-missing"]\n  executor:\n    command: "true"\n' > "$T/taken.yaml"
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --dry-run -c "$T/taken.yaml"
expect_grep '^  1 with a branch or pull request already' "$T/out"
expect_grep 'skipped: it has a branch or a pull request already' "$T/out"
expect_no_grep 'with no fixer' "$T/out"
CASE

done_testing
