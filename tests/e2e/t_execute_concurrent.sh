#!/usr/bin/env bash
# Two `terragon execute` at once on one repository and one item: the local
# branch is the lock, so one works on the item and the other steps aside; both
# exit cleanly and one branch and one worktree exist for the item meanwhile.
# No timing: the first executor holds the lock until the test lets it go.
. "$(dirname "$0")/lib.sh"
# The executor leaves markers in $T, outside its worktree: no bubblewrap.
export TERRAGON_NO_SANDBOX=1
NOW=--now=2026-11-20T10:00:00Z
P1= P2=
trap 'rc=$?; touch "$T/go"; [ -n "$P1" ] && kill "$P1" 2>/dev/null; [ -n "$P2" ] && kill "$P2" 2>/dev/null; tg_exit $rc' EXIT

R="$T/repo"
mkdir -p "$R"
printf 'def f():\n    pass  # TODO: fix this\n' > "$R/a.py"
printf 'value-metrics.json\nBACKLOG.md\n' > "$R/.gitignore"
make_repo "$R"
git init -q --bare "$T/repo.git"
git -C "$R" remote add origin "$T/repo.git"
git -C "$R" push -q -u origin main
# Records that it ran, then waits (at most 120 s) for $T/go before fixing.
cat > "$T/hold.sh" <<SH
echo "\$TERRAGON_ITEM_ID" >> "$T/runs"
i=0
while [ ! -e "$T/go" ] && [ \$i -lt 1200 ]; do sleep 0.1; i=\$((i + 1)); done
sed -i 's/TODO: fix this/fixed/' a.py
SH
mkdir -p "$R/.terragon"
cat > "$R/.terragon/config.yaml" <<YAML
execution:
  include_watch: true
  executor:
    command: "sh $T/hold.sh"
    timeout_s: 300
  github:
    repository: acme/widgets
YAML
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW

"$TERRAGON" execute --repo-path "$R" --max-prs 1 > "$T/out1" 2> "$T/err1" &
P1=$!
"$TERRAGON" execute --repo-path "$R" --max-prs 1 > "$T/out2" 2> "$T/err2" &
P2=$!

# One of them takes the item and its executor starts; the other must finish
# while the first still holds the branch.
for _ in $(seq 1200); do
  [ -s "$T/runs" ] && { ! kill -0 "$P1" 2>/dev/null || ! kill -0 "$P2" 2>/dev/null; } && break
  sleep 0.1
done
test_case 'one execute takes the item, the other steps aside while the first holds the branch' <<'CASE'
[ -s "$T/runs" ] || { cat "$T/err1" "$T/err2" >&2; fail "no executor started"; }
{ ! kill -0 "$P1" 2>/dev/null || ! kill -0 "$P2" 2>/dev/null; } ||
  fail "the second execute waits for the first instead of stepping aside"
[ "$(git -C "$R" branch --list 'auto-value/*' | wc -l)" = 1 ] ||
  fail "branches while one holds the item: $(git -C "$R" branch --list 'auto-value/*')"
[ "$(leftover_trees "$R" | wc -l)" = 1 ] ||
  fail "worktrees while one holds the item: $(leftover_trees "$R")"
CASE

touch "$T/go"
rc1=0 rc2=0
wait "$P1" || rc1=$?
wait "$P2" || rc2=$?
P1= P2=
test_case 'both exit 0 and the executor ran once' <<'CASE'
[ "$rc1" = 0 ] && [ "$rc2" = 0 ] || { cat "$T/err1" "$T/err2" >&2; fail "exit codes $rc1 and $rc2"; }
[ "$(wc -l < "$T/runs")" = 1 ] || fail "the executor ran $(wc -l < "$T/runs") times"
CASE
test_case 'one proposal; the other says it skipped the item another execute works on' <<'CASE'
cat "$T/out1" "$T/out2" > "$T/out"
cat "$T/err1" "$T/err2" > "$T/err"
[ "$(grep -c 'would open a pull request' "$T/out")" = 1 ] || { cat "$T/out" >&2; fail "not one proposal"; }
expect_grep 'skipped: cannot create branch auto-value/[0-9a-f]{8}-todo-fix-this \(another execute working on it' "$T/out"
CASE
# Nothing left behind; the store has one execution, the audit log both attempts.
test_case 'nothing left behind; one execution in the store, both attempts in the audit log' <<'CASE'
[ -z "$(git -C "$R" branch --list 'auto-value/*')" ] || fail "a branch was left behind"
[ -z "$(leftover_trees "$R")" ] || fail "a worktree was left behind: $(leftover_trees "$R")"
[ "$(sqlite3 "$R/.terragon/terragon.db" "SELECT outcome FROM executions")" = dry-run ] ||
  fail "executions: $(sqlite3 "$R/.terragon/terragon.db" "SELECT outcome FROM executions")"
"$TERRAGON" audit export -C "$R" > "$T/audit.jsonl" || fail "audit export"
[ "$(grep -c '"outcome": "dry-run"' "$T/audit.jsonl")" = 1 ] &&
  [ "$(grep -c '"outcome": "skipped"' "$T/audit.jsonl")" = 1 ] ||
  { cat "$T/audit.jsonl" >&2; fail "audit trail"; }
expect_exit 0 "$TERRAGON" audit verify -C "$R"
CASE

done_testing
