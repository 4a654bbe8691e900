#!/usr/bin/env bash
# execute and git's list of worktrees (src/execute/tree.c): it never prunes
# the list (a prune in one execute deleted the entry another execute's
# `git worktree add` was making), it removes its own trees' entries by path,
# and it adds and removes them under <common dir>/terragon/worktrees.lock.
# No timing: the test holds that lock and sees execute wait on it in
# /proc/locks before letting it go.
. "$(dirname "$0")/lib.sh"
# The executor edits the item's file in its worktree only; no sandbox needed.
export TERRAGON_NO_SANDBOX=1
NOW=--now=2026-11-20T10:00:00Z
HOLDER="" P=""
trap 'rc=$?; touch "$T/go"; [ -n "$HOLDER" ] && kill "$HOLDER" 2>/dev/null; [ -n "$P" ] && kill "$P" 2>/dev/null; tg_exit $rc' EXIT

R="$T/repo"
mkdir -p "$R"
printf 'def f():\n    pass  # TODO: fix this\n' > "$R/a.py"
printf 'value-metrics.json\nBACKLOG.md\n' > "$R/.gitignore"
make_repo "$R"
mkdir -p "$R/.terragon"
cat > "$R/.terragon/config.yaml" <<YAML
execution:
  include_watch: true
  executor:
    command: "sed -i 's/TODO: fix this/fixed/' a.py"
    timeout_s: 60
  github:
    repository: acme/widgets
YAML
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW
TREES="$R/.git/terragon"
# registered PATH: git's list of worktrees has PATH.
registered() { git -C "$R" worktree list --porcelain | grep -qxF "worktree $1"; }
# A worktree of the user's whose directory is gone (a disk not mounted):
# `git worktree prune` would forget it.
git -C "$R" worktree add -q --detach "$T/usb" main
rm -rf "$T/usb"

test_case 'tree-list: execute makes its worktree and leaves the user'"'"'s missing one registered' <<'CASE'
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --max-prs 1
expect_grep 'would open a pull request' "$T/out"
registered "$TREES/tree-0" || fail "no tree-0: $(git -C "$R" worktree list)"
registered "$T/usb" || fail "the user's missing worktree was pruned: $(git -C "$R" worktree list)"
CASE

test_case 'tree-list: a tree deleted by hand is made again, its stale entry removed' <<'CASE'
rm -rf "$TREES/tree-0"
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --max-prs 1
expect_grep 'would open a pull request' "$T/out"
[ -d "$TREES/tree-0" ] || fail "tree-0 not made again"
[ "$(git -C "$R" worktree list --porcelain | grep -c '^worktree .*/terragon/tree-')" = 1 ] ||
  fail "entries: $(git -C "$R" worktree list)"
! git -C "$R" worktree list --porcelain | grep -A4 "^worktree $TREES/tree-0\$" | grep -q prunable ||
  fail "tree-0's entry is stale: $(git -C "$R" worktree list --porcelain)"
registered "$T/usb" || fail "the user's missing worktree was pruned"
CASE

test_case 'tree-list: --remove-trees removes only terragon'"'"'s trees from the list' <<'CASE'
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --remove-trees
expect_grep "removed $TREES/tree-0" "$T/out"
! registered "$TREES/tree-0" || fail "tree-0 still listed: $(git -C "$R" worktree list)"
[ ! -e "$TREES/tree-0" ] || fail "tree-0 still on disk"
registered "$T/usb" || fail "the user's missing worktree was pruned"
CASE

# With no tree left, the next execute must add one: it waits for the lock
# the test holds, and adds nothing until the test lets it go.
flock "$TREES/worktrees.lock" sh -c "touch '$T/held'; while [ ! -e '$T/go' ]; do sleep 0.1; done" &
HOLDER=$!
for _ in $(seq 1200); do [ -e "$T/held" ] && break; sleep 0.1; done
"$TERRAGON" execute --repo-path "$R" --max-prs 1 > "$T/out1" 2> "$T/err1" &
P=$!
# /proc/locks lists a process waiting for an flock as "N: -> FLOCK ... PID ...".
for _ in $(seq 1200); do
  grep -Eq "^[0-9]+: -> FLOCK +ADVISORY +WRITE +$P " /proc/locks && break
  kill -0 "$P" 2>/dev/null || break
  sleep 0.1
done
test_case 'tree-list: execute adds its worktree under worktrees.lock' <<'CASE'
[ -e "$T/held" ] || fail "the test could not take the lock"
grep -Eq "^[0-9]+: -> FLOCK +ADVISORY +WRITE +$P " /proc/locks ||
  { cat "$T/out1" "$T/err1" >&2; fail "execute did not wait for worktrees.lock"; }
! registered "$TREES/tree-0" || fail "tree-0 added while the lock was held"
CASE
touch "$T/go"
rc_exec=0
wait "$P" || rc_exec=$?
P=
wait "$HOLDER" || true
HOLDER=
test_case 'tree-list: once the lock is let go, execute makes its tree and proposes' <<'CASE'
[ "$rc_exec" = 0 ] || { cat "$T/err1" >&2; fail "exit $rc_exec"; }
expect_grep 'would open a pull request' "$T/out1"
registered "$TREES/tree-0" || fail "no tree-0: $(git -C "$R" worktree list)"
registered "$T/usb" || fail "the user's missing worktree was pruned"
CASE

done_testing
