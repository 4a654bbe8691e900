#!/usr/bin/env bash
# hooks install / hooks run, exercised by real `git commit` and `git push`: pre-commit
# refuses a secret in the staged blobs (the index, not the work tree), TERRAGON_SKIP_HOOK
# skips it with the reason in the audit trail, pre-push runs the gates; core.hooksPath is
# respected, an existing hook is chained (or replaced with --force), and shellcheck finds
# nothing in the hooks.
. "$(dirname "$0")/lib.sh"
command -v shellcheck >/dev/null || fail "shellcheck missing: run scripts/deps.sh --test"
export PATH="$(dirname "$TERRAGON"):$PATH"
SECRET='stripe = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"'

# new_repo DIR: a repository with one commit and a gate that leaves a mark when it runs.
new_repo() {
  mkdir -p "$1/.terragon"
  printf 'print(1)\n' >"$1/app.py"
  cat >"$1/.terragon/config.yaml" <<'YAML'
quality_gates:
  commands:
    - {name: mark, run: "touch gate-ran && test ! -e gate-fails", timeout_s: 60}
YAML
  printf 'gate-ran\ngate-fails\n.terragon/\n' >"$1/.gitignore"
  make_repo "$1"
}
R="$T/repo"
new_repo "$R"

test_case 'install writes both hooks into .git/hooks; shellcheck finds nothing in them' <<'CASE'
expect_exit 0 "$TERRAGON" hooks install -C "$R"
expect_grep '/\.git/hooks/pre-commit: installed$' "$T/out"
expect_grep '/\.git/hooks/pre-push: installed$' "$T/out"
[ -x "$R/.git/hooks/pre-commit" ] && [ -x "$R/.git/hooks/pre-push" ] || fail "not executable"
shellcheck -s sh "$R/.git/hooks/pre-commit" "$R/.git/hooks/pre-push"
expect_exit 0 "$TERRAGON" hooks install -C "$R" --pre-commit
expect_grep 'pre-commit: updated$' "$T/out"
expect_no_grep 'pre-push' "$T/out"
CASE

test_case 'a staged secret stops the commit; one only in the work tree does not' <<'CASE'
cd "$R"
printf '%s\n' "$SECRET" >keys.py
git add keys.py
! git commit -qm 'add keys' 2>"$T/err" || fail "committed a secret"
expect_grep '^keys\.py:1: secrets\.stripe-live-key: ' "$T/err"
expect_no_grep '4eC39HqLyjWDarjtT1zdp7dc' "$T/err"
expect_grep 'commit refused' "$T/err"
# the index is read, not the work tree: a clean staged blob passes, whatever the file holds now
printf 'KEY = None\n' >keys.py
git add keys.py
printf '%s\n' "$SECRET" >keys.py
git commit -qm 'clean keys'
[ "$(git show HEAD:keys.py)" = 'KEY = None' ] || fail "wrong blob committed"
# and the reverse: a secret staged, then removed from the work tree, is still refused
git add keys.py
printf 'KEY = None\n' >keys.py
! git commit -qm 'keys again' 2>"$T/err" || fail "committed a staged secret"
git reset -q keys.py
CASE

test_case 'TERRAGON_SKIP_HOOK skips pre-commit, its reason in the audit trail' <<'CASE'
cd "$R"
printf '%s\n' "$SECRET" >keys.py
git add keys.py
TERRAGON_SKIP_HOOK="test fixture, key revoked (TICKET-12)" git commit -qm 'fixture key' 2>"$T/err"
expect_grep 'pre-commit skipped \(TERRAGON_SKIP_HOOK\)' "$T/err"
expect_exit 0 "$TERRAGON" audit export -C "$R"
python3 - "$T/out" <<'PY' || fail "the skip is not in the trail"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
skips = [r for r in rows if r["action"] == "hook.skipped"]
assert len(skips) == 1 and skips[0]["subject"] == "pre-commit", rows
assert skips[0]["details"]["reason"] == "test fixture, key revoked (TICKET-12)", skips
PY
expect_exit 0 "$TERRAGON" audit verify -C "$R"
CASE

test_case 'pre-push runs the gates, and a failing gate stops the push' <<'CASE'
git init -q --bare "$T/remote.git"
cd "$R"
git remote add origin "$T/remote.git"
rm -f gate-ran
git push -q origin HEAD:refs/heads/main 2>"$T/err"
[ -e gate-ran ] || fail "the gate did not run"
touch gate-fails
git commit -q --allow-empty -m more
! git push -q origin HEAD:refs/heads/main 2>"$T/err" || fail "pushed past a failing gate"
[ "$(git -C "$T/remote.git" rev-parse main)" != "$(git rev-parse HEAD)" ] || fail "the push went through"
rm gate-fails
CASE

test_case 'core.hooksPath is respected; an existing hook is chained after ours, with its input' <<'CASE'
H="$T/hp"
new_repo "$H"
git -C "$H" config core.hooksPath .githooks
mkdir -p "$H/.githooks"
printf '#!/bin/sh\necho "own pre-commit ran" >>"$(git rev-parse --show-toplevel)/own.log"\n' >"$H/.githooks/pre-commit"
printf '#!/bin/sh\ncat >>"$(git rev-parse --show-toplevel)/push-input.log"\n' >"$H/.githooks/pre-push"
chmod +x "$H/.githooks/pre-commit" "$H/.githooks/pre-push"
expect_exit 0 "$TERRAGON" hooks install -C "$H"
expect_grep '/\.githooks/pre-commit: installed, the hook there chained after it as \.local$' "$T/out"
[ ! -e "$H/.git/hooks/pre-commit" ] || fail "written into .git/hooks"
grep -q 'own pre-commit ran' "$H/.githooks/pre-commit.local" || fail "the old hook was not kept"
cd "$H"
printf 'x = 1\n' >b.py && git add b.py && git commit -qm b
grep -q 'own pre-commit ran' own.log || fail "the chained hook did not run"
printf '%s\n' "$SECRET" >c.py && git add c.py
! git commit -qm c 2>/dev/null || fail "committed a secret"
[ "$(wc -l <own.log)" = 1 ] || fail "the chained hook ran after a refusal"
git reset -q c.py && rm c.py
git init -q --bare "$T/remote2.git"
"$TERRAGON" discover -C "$H" >/dev/null 2>&1 # the critical-vulns gate reads the store
git push -q "$T/remote2.git" HEAD:refs/heads/main
grep -q "^HEAD $(git rev-parse HEAD) refs/heads/main " push-input.log || fail "pre-push.local got no refs: $(cat push-input.log)"
# installing again updates ours and keeps the chained hooks
expect_exit 0 "$TERRAGON" hooks install -C "$H"
expect_grep 'pre-commit: updated$' "$T/out"
[ -x "$H/.githooks/pre-commit.local" ] || fail "the chained hook went"
CASE

test_case '--force replaces a hook instead of chaining it' <<'CASE'
F="$T/force"
new_repo "$F"
printf '#!/bin/sh\nexit 1\n' >"$F/.git/hooks/pre-commit"
chmod +x "$F/.git/hooks/pre-commit"
expect_exit 0 "$TERRAGON" hooks install -C "$F" --pre-commit --force
expect_grep 'replaced: --force' "$T/out"
[ ! -e "$F/.git/hooks/pre-commit.local" ] || fail "chained anyway"
cd "$F" && printf 'y = 2\n' >d.py && git add d.py && git commit -qm d
CASE

done_testing
