#!/usr/bin/env bash
# git as a reader (issue 13, items 8, 15 and 16): a dry run and every git
# process that only reads run no program from git's configuration (hooks,
# fsmonitor, filters named by the tree's .gitattributes, external diff,
# signing, ssh); a real run keeps the user's hooks; an unreadable HEAD is not
# an empty history; a bare repository is refused.
. "$(dirname "$0")/lib.sh"
# The executor is sed; the sandbox is tested in t_execute_sandbox.sh.
export TERRAGON_NO_SANDBOX=1
NOW=--now=2026-11-20T10:00:00Z
SED="sed -i 's/TODO: fix this/fixed/' a.py"

# Each program below leaves $T/ran-<name> when it runs.
mkdir -p "$T/hooks"
for h in pre-commit commit-msg post-commit post-checkout reference-transaction; do
  printf '#!/bin/sh\ntouch "%s/ran-hook-%s"\n' "$T" "$h" > "$T/hooks/$h"
  chmod +x "$T/hooks/$h"
done
prog() { printf '#!/bin/sh\ntouch "%s/ran-%s"\n%s\n' "$T" "$1" "${2:-}" > "$T/$1"; chmod +x "$T/$1"; }
prog fsmonitor
prog ssh 'exit 1'
prog gpg 'exit 1'
prog textconv 'cat "$1"'

# setup NAME: repo $T/NAME with a TODO item in a.py (filtered, diffed by driver x), its
# origin $T/NAME.git, and discover run once.
setup() {
  R="$T/$1"
  mkdir -p "$R"
  printf 'def f():\n    pass  # TODO: fix this\n' > "$R/a.py"
  printf '*.py filter=x diff=x\n' > "$R/.gitattributes"
  printf 'value-metrics.json\nBACKLOG.md\n' > "$R/.gitignore"
  make_repo "$R"
  git init -q --bare "$T/$1.git"
  git -C "$R" remote add origin "$T/$1.git"
  git -C "$R" push -q -u origin main
  mkdir -p "$R/.terragon"
  printf 'execution:\n  include_watch: true\n  executor:\n    command: "%s"\n  github:\n    repository: acme/widgets\n' \
    "$SED" > "$R/.terragon/config.yaml"
  expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW
}

# arm R: R's configuration runs a program for each hook, the fsmonitor, filter x, diff
# driver x, the external diff, signing and ssh; the remote is reached over ssh.
arm() {
  git -C "$1" config core.hooksPath "$T/hooks"
  git -C "$1" config core.fsmonitor "$T/fsmonitor"
  git -C "$1" config filter.x.smudge "touch $T/ran-smudge; cat"
  git -C "$1" config filter.x.clean "touch $T/ran-clean; cat"
  git -C "$1" config filter.x.required true
  git -C "$1" config diff.x.textconv "$T/textconv"
  git -C "$1" config diff.x.command "touch $T/ran-diff-driver; true"
  git -C "$1" config diff.external "touch $T/ran-external-diff; true"
  git -C "$1" config commit.gpgSign true
  git -C "$1" config gpg.program "$T/gpg"
  git -C "$1" config core.sshCommand "$T/ssh"
  git -C "$1" remote set-url origin "ssh://git@example.invalid/$2.git"
}

ran() { (cd "$T" && ls -d ran-* 2>/dev/null) || true; }

test_case 'execute --dry-run runs no hook, fsmonitor, filter, external diff, signer or ssh' <<'CASE'
setup dry
arm "$R" dry
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --dry-run
expect_grep 'would open a pull request from auto-value/' "$T/out"
expect_grep '^\+    pass  # fixed' "$T/out"
# The remote is not reached (no network in a dry run), and says so.
expect_grep 'cannot list the branches of origin' "$T/err"
[ -z "$(ran)" ] || fail "a dry run ran: $(ran)"
# The armed configuration does run them all through the user's own git.
git -C "$R" status --porcelain > /dev/null
git -C "$R" ls-remote origin > /dev/null 2>&1 || true
[ -e "$T/ran-fsmonitor" ] && [ -e "$T/ran-ssh" ] || fail "the control did not run: $(ran)"
rm -f "$T"/ran-*
CASE

test_case 'discover --baseline, history and hotspots run no smudge filter or hook' <<'CASE'
setup base
echo '# more' >> "$R/a.py"
git -C "$R" commit -qam more
arm "$R" base
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW --baseline HEAD~1
expect_exit 0 "$TERRAGON" hotspots -C "$R" $NOW
[ -z "$(ran)" ] || fail "discover ran: $(ran)"
# The control: git archive itself runs the smudge filter the tree names.
git -C "$R" archive HEAD > /dev/null
[ -e "$T/ran-smudge" ] || fail "the control did not run the smudge filter"
rm -f "$T"/ran-*
CASE

test_case 'a real execute run keeps the user hooks: post-checkout, pre-commit, commit-msg' <<'CASE'
setup real
git -C "$R" config core.hooksPath "$T/hooks"
start_stub ok
expect_exit 0 env TERRAGON_GITHUB_TOKEN=test-token "$TERRAGON" execute --repo-path "$R" --dry-run=false
expect_grep 'opened https://github.example/acme/widgets/pull/1' "$T/out"
for h in post-checkout pre-commit commit-msg; do
  [ -e "$T/ran-hook-$h" ] || fail "hook $h did not run on a real run: $(ran)"
done
rm -f "$T"/ran-*
CASE

test_case 'an unreadable HEAD (a truncated pack) fails the history source; its hotspot stays open' <<'CASE'
R="$T/pack"
mkdir -p "$R" && git -C "$R" init -q -b main
for i in $(seq 1 12); do
  { echo 'def f(x):'; for j in $(seq 1 $((i + 8))); do printf '    if x == %d:\n        return %d\n' "$j" "$j"; done; } > "$R/a.py"
  git -C "$R" add a.py && git -C "$R" commit -qm "c$i"
done
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW
hot() { sqlite3 "$R/.terragon/terragon.db" "SELECT status FROM items JOIN item_json USING (fingerprint) WHERE json_extract(json, '$.source') = 'history'"; }
[ "$(hot)" = open ] || fail "no open hotspot to begin with: '$(hot)'"
git -C "$R" gc -q
for p in "$R"/.git/objects/pack/*.pack; do chmod u+w "$p"; truncate -s 100 "$p"; done
git -C "$R" log > /dev/null 2>&1 && fail "git log still reads the history"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" --now=2026-11-21T10:00:00Z
expect_grep "source history failed: $R: HEAD's commit cannot be read .*error: packfile" "$T/err"
expect_no_grep 'resolved' "$T/out"
[ "$(hot)" = open ] || fail "the hotspot was resolved: '$(hot)'"
expect_exit 3 "$TERRAGON" hotspots -C "$R" $NOW
expect_grep "HEAD's commit cannot be read" "$T/err"
CASE

test_case 'a repository without commits is an empty history, not an error' <<'CASE'
R="$T/empty"
mkdir -p "$R" && git -C "$R" init -q -b main
echo 'x = 1' > "$R/a.py"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW
expect_no_grep 'source history failed' "$T/err"
CASE

test_case 'a bare repository is refused, and nothing is written into it' <<'CASE'
mkdir -p "$T/src" && echo 'x = 1  # TODO: later' > "$T/src/a.py" && make_repo "$T/src"
git clone -q --bare "$T/src" "$T/bare.git"
ls -A "$T/bare.git" > "$T/before"
for cmd in discover gate backlog; do
  expect_exit 2 "$TERRAGON" $cmd -C "$T/bare.git"
  expect_grep 'bare repository' "$T/err"
done
# health reports it as its failed repository check.
expect_exit 1 "$TERRAGON" health -C "$T/bare.git"
expect_grep 'repository +fail .*bare repository' "$T/out"
expect_exit 2 "$TERRAGON" discover -C "$T/bare.git/hooks"
expect_grep "$T/bare.git is a bare repository" "$T/err"
# Inside a checkout's .git, the same.
expect_exit 2 "$TERRAGON" discover -C "$T/src/.git"
expect_grep 'bare repository \(or a .git directory\)' "$T/err"
ls -A "$T/bare.git" > "$T/after"
diff "$T/before" "$T/after" || fail "files were written into the bare repository"
[ ! -e "$T/src/.git/.terragon" ] || fail ".terragon written into .git"
CASE

done_testing
