#!/usr/bin/env bash
# execute end to end: real git repositories with a local bare repository as
# the remote, and a GitHub API stand-in on loopback that records requests.
. "$(dirname "$0")/lib.sh"
# Executors here leave markers in $T, outside their worktree: no bubblewrap
# (the sandbox is tested in t_execute_verify.sh).
export TERRAGON_NO_SANDBOX=1
NOW=--now=2026-11-20T10:00:00Z

# setup NAME EXECUTOR [GATE]: repo $T/NAME with a TODO item, origin $T/NAME.git.
setup() {
  R="$T/$1"
  mkdir -p "$R"
  printf 'def f():\n    pass  # TODO: fix this\n' > "$R/a.py"
  printf 'notes\n' > "$R/notes.txt"
  printf 'value-metrics.json\nBACKLOG.md\n' > "$R/.gitignore"
  make_repo "$R"
  git init -q --bare "$T/$1.git"
  git -C "$R" remote add origin "$T/$1.git"
  git -C "$R" push -q -u origin main
  mkdir -p "$R/.terragon"
  {
    echo "execution:"
    echo "  include_watch: true"
    echo "  executor:"
    echo "    command: \"$2\""
    echo "    timeout_s: 2"
    echo "  github:"
    echo "    repository: acme/widgets"
    echo "  labels: [terragon, tech-debt]"
    if [ -n "${3:-}" ]; then
      echo "quality_gates:"
      echo "  commands:"
      echo "    - name: tests"
      echo "      run: \"$3\""
    fi
  } > "$R/.terragon/config.yaml"
  expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW
}


# The user's state: status, HEAD, branches, config and the files' hashes.
user_state() {
  (cd "$1" && git status --porcelain && git rev-parse HEAD && git branch --list &&
    user_worktrees . && git config --local --list &&
    { sha256sum a.py notes.txt scratch.txt 2>/dev/null || true; })
}
SED="sed -i 's/TODO: fix this/fixed/' a.py"
# The stub's requests of one kind, as "METHOD path head base title" lines.
requests() { python3 -c '
import json, sys
for l in open(sys.argv[1]):
    r = json.loads(l); b = r["body"] or {}
    print(r["method"], r["path"].split("?")[0], b.get("head", ""), b.get("base", ""), b.get("title", ""), r["auth"])
' "$T/requests"; }

# --- dry-run: the diff and the body, no branch left, a dirty tree untouched.
test_case 'dry-run shows the diff and the body, leaves no branch, a dirty tree untouched' <<'CASE'
setup dry "$SED"
echo 'local edit' >> "$R/notes.txt"
echo 'untracked' > "$R/scratch.txt"
git -C "$R" add notes.txt
echo 'more' >> "$R/notes.txt"
user_state "$R" > "$T/before"
expect_exit 0 "$TERRAGON" execute --repo-path "$R"
expect_grep '^-    pass  # TODO: fix this' "$T/out"
expect_grep '^\+    pass  # fixed' "$T/out"
expect_grep 'would open a pull request from auto-value/[0-9a-f]{8}-todo-fix-this into main' "$T/out"
expect_grep 'Terragon-Item: [0-9a-f]{16}' "$T/out"
expect_grep '^Score: composite' "$T/out"
user_state "$R" > "$T/after"
diff "$T/before" "$T/after" || fail "dry-run changed the user's tree"
[ -z "$(git -C "$R" branch --list 'auto-value/*')" ] || fail "a branch was left behind"
[ -z "$(git -C "$R" ls-remote --heads origin 'auto-value/*')" ] || fail "dry-run pushed"
[ "$(sqlite3 "$R/.terragon/terragon.db" "SELECT outcome, dry_run FROM executions")" = "dry-run|1" ] ||
  fail "dry-run not recorded"
CASE
R="$T/dry" # the next cases work on dry's repository

# --- execution.exclude_rules: a missing licence is a person's decision, not
# the executor's (the default); named explicitly, it is eligible again.
test_case 'execution.exclude_rules: a missing licence is not eligible unless named' <<'CASE'
lic=$("$TERRAGON" backlog --repo-path "$R" --format json | python3 -c '
import json, sys
print(" ".join(i["fingerprint"] for i in json.load(sys.stdin)["items"] if i["rule_id"] == "license-missing"))')
[ -n "$lic" ] || fail "no license-missing item in the test repository"
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --item "$lic"
expect_grep "$lic: not eligible \(.*execution.exclude_rules" "$T/out"
# (the sed executor adds no licence: the compliance audit finds it still there)
expect_exit 1 "$TERRAGON" execute --repo-path "$R" --item "$lic" -c <(sed 's/^execution:$/execution:\n  exclude_rules: []/' "$R/.terragon/config.yaml")
expect_grep "$lic: failed: item still present after the change" "$T/out"
CASE

# --- the worktree is kept and reused: clean, detached at the base, files not
# written again; what an attempt left in it (ignored or not) is gone.
KEPT="$R/.git/terragon/tree-0"
[ "$(git -C "$KEPT" rev-parse HEAD)" = "$(git -C "$R" rev-parse main)" ] || fail "kept tree not at the base"
ok
test_case 'the worktree is kept and reused: clean, at the base, not written again' <<'CASE'
inode=$(stat -c %i "$KEPT/notes.txt")
git -C "$R" config --local --list > "$T/config.before"
echo 'value' > "$KEPT/value-metrics.json"
echo 'stray' > "$KEPT/stray.txt"
expect_exit 0 "$TERRAGON" execute --repo-path "$R"
expect_grep 'would open a pull request' "$T/out"
[ "$(stat -c %i "$KEPT/notes.txt")" = "$inode" ] || fail "the kept tree was checked out again"
[ ! -e "$KEPT/value-metrics.json" ] && [ ! -e "$KEPT/stray.txt" ] || fail "the kept tree was not cleaned"
[ -z "$(leftover_trees "$R")" ] || fail "a worktree was left behind: $(leftover_trees "$R")"
git -C "$R" config --local --list | diff "$T/config.before" - || fail "execute changed the config"
CASE
# A kept tree removed by hand (rm -r) is made again.
test_case 'a kept tree removed by hand is made again' <<'CASE'
rm -rf "$KEPT"
expect_exit 0 "$TERRAGON" execute --repo-path "$R"
expect_grep 'would open a pull request' "$T/out"
CASE
# A kept tree whose git files changed while no execute ran (a run killed after
# its executor redirected them) is not trusted: made again, no git run in it.
# (a repository with a commit, so that git gets as far as refreshing an index)
test_case 'a kept tree whose git files changed is not trusted: made again, no git run in it' <<'CASE'
make_repo "$T/evil"
git -C "$T/evil" config core.fsmonitor "touch $T/pwned"
printf 'gitdir: %s\n' "$T/evil/.git" > "$KEPT/.git"
expect_exit 0 "$TERRAGON" execute --repo-path "$R"
expect_grep 'would open a pull request' "$T/out"
[ ! -e "$T/pwned" ] || fail "git ran in an untrusted kept worktree"
[ "$(git -C "$KEPT" rev-parse --git-common-dir)" = "$(git -C "$R" rev-parse --path-format=absolute --git-common-dir)" ] ||
  fail "the untrusted tree was not made again"
CASE
test_case '--remove-trees removes the kept tree' <<'CASE'
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --remove-trees
expect_grep "^removed $KEPT$" "$T/out"
[ ! -e "$KEPT" ] && [ ! -e "$KEPT.seal" ] && [ -z "$(git -C "$R" worktree list | sed 1d)" ] || fail "--remove-trees left a tree"
CASE

# --- no token outside dry-run: a clear error before any work.
test_case 'no token outside dry-run: a clear error before any work' <<'CASE'
runs=$(sqlite3 "$R/.terragon/terragon.db" "SELECT count(*) FROM executions")
expect_exit 3 env -u GH_TOKEN -u GITHUB_TOKEN "$TERRAGON" execute --repo-path "$R" --dry-run=false
expect_grep 'no GitHub token' "$T/err"
[ "$(sqlite3 "$R/.terragon/terragon.db" "SELECT count(*) FROM executions")" = "$runs" ] ||
  fail "work was done without a token"
CASE

# --- for real: pushed to the bare remote, one POST /pulls with head, base, title; labels.
export TERRAGON_GITHUB_TOKEN=test-token
test_case 'for real: pushed, one pull request with head, base, title and labels; twice, still one' <<'CASE'
setup real "$SED" "grep -q fixed a.py"
start_stub ok
user_state "$R" > "$T/before"
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --dry-run=false
expect_grep 'opened https://github.example/acme/widgets/pull/1' "$T/out"
branch=$(git -C "$T/real.git" for-each-ref --format='%(refname:short)' 'refs/heads/auto-value/')
[[ "$branch" =~ ^auto-value/[0-9a-f]{8}-todo-fix-this$ ]] || fail "pushed branch: '$branch'"
git -C "$T/real.git" show "$branch:a.py" | grep -q 'pass  # fixed' || fail "the fix is not on the branch"
git -C "$T/real.git" log -1 --format=%B "$branch" > "$T/msg"
expect_grep '^TODO: fix this$' "$T/msg"
expect_grep '^Terragon-Item: [0-9a-f]{16}$' "$T/msg"
requests > "$T/req"
expect_grep "^POST /repos/acme/widgets/pulls $branch main TODO: fix this Bearer test-token$" "$T/req"
expect_grep '^POST /repos/acme/widgets/issues/1/labels' "$T/req"
grep -q '"labels": \["terragon", "tech-debt"\]' "$T/requests" || fail "labels"
user_state "$R" > "$T/after"
diff "$T/before" "$T/after" || fail "execute changed the user's tree"
[ "$(sqlite3 "$R/.terragon/terragon.db" "SELECT status FROM items WHERE status = 'in-progress'")" = in-progress ] ||
  fail "the item is not in progress"
[ "$(sqlite3 "$R/.terragon/terragon.db" "SELECT outcome, pr_url FROM executions")" = "pr-opened|https://github.example/acme/widgets/pull/1" ] ||
  fail "execution not recorded"
# Twice: one pull request (judged from the remote and the API, not the store).
sqlite3 "$R/.terragon/terragon.db" "UPDATE items SET status = 'open'"
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --dry-run=false
expect_grep 'nothing eligible' "$T/out"
[ "$(requests | grep -c '^POST /repos/acme/widgets/pulls ')" = 1 ] || fail "a second pull request"
CASE

# --- a failing gate: no push, no pull request, no branch left; exit 1.
test_case 'a failing gate: no push, no pull request, no branch left; exit 1' <<'CASE'
setup gate "$SED" "exit 7"
start_stub ok
expect_exit 1 "$TERRAGON" execute --repo-path "$R" --dry-run=false
expect_grep 'gate tests failed \(exit 7\)' "$T/err"
[ -z "$(git -C "$R" branch --list 'auto-value/*')" ] || fail "a branch was left behind"
[ -z "$(git -C "$T/gate.git" for-each-ref 'refs/heads/auto-value/')" ] || fail "pushed after a failed gate"
requests | grep -q '^POST' && fail "a pull request after a failed gate"
[ "$(sqlite3 "$R/.terragon/terragon.db" "SELECT outcome FROM executions")" = gate-failed ] ||
  fail "gate failure not recorded"
[ -z "$(leftover_trees "$R")" ] || fail "a worktree was left behind: $(leftover_trees "$R")"
CASE

# --- an executor that changes nothing: a recorded failure.
test_case 'an executor that changes nothing is a recorded failure' <<'CASE'
setup idle "true"
expect_exit 1 "$TERRAGON" execute --repo-path "$R"
expect_grep 'executor changed nothing' "$T/err"
[ "$(sqlite3 "$R/.terragon/terragon.db" "SELECT outcome, reason FROM executions")" = "failed|executor changed nothing" ] ||
  fail "not recorded"
CASE

# --- an executor that hangs: killed with its process group at the timeout.
test_case 'an executor that hangs is killed with its process group at the timeout' <<'CASE'
printf 'sleep 300 &\necho $! > %s/hang.pid\nwait\n' "$T" > "$T/hang.sh"
setup hang "sh $T/hang.sh"
expect_exit 1 "$TERRAGON" execute --repo-path "$R"
expect_grep 'timed out after 2 s' "$T/err"
[ -s "$T/hang.pid" ] || fail "the executor did not start"
# Gone, or a zombie waiting for init to reap it. SIGKILL is sent to the group
# before execute returns, but on a loaded machine the child may take a moment
# to die: give it 5 s, far less than its sleep 300.
alive() { [ -e "/proc/$1" ] && ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null; }
for _ in $(seq 50); do alive "$(cat "$T/hang.pid")" || break; sleep 0.1; done
alive "$(cat "$T/hang.pid")" && fail "the executor's child survived"
CASE

# --- an executor that changes the user's tree: aborted.
test_case 'an executor that changes the user tree is aborted' <<'CASE'
setup meddle "echo x >> $T/meddle/notes.txt; $SED"
expect_exit 3 "$TERRAGON" execute --repo-path "$R"
expect_grep "changed the user's working tree" "$T/err"
[ -z "$(git -C "$R" branch --list 'auto-value/*')" ] || fail "a branch was left behind"
CASE

# --- an executor that points the worktree's .git at a repository of its own
# (whose configuration would run a command with the next git in the tree):
# aborted before any git runs there, the tree dropped, the command never run.
test_case 'an executor that redirects the worktree git files is aborted before git runs there' <<'CASE'
setup redirect "printf 'gitdir: $T/evil/.git\\n' > .git; $SED"
expect_exit 3 "$TERRAGON" execute --repo-path "$R"
expect_grep "changed the worktree's git files" "$T/err"
[ ! -e "$T/pwned" ] || fail "git ran in the redirected worktree"
[ ! -e "$R/.git/terragon/tree-0" ] && [ -z "$(git -C "$R" worktree list | sed 1d)" ] ||
  fail "the redirected worktree was kept"
[ -z "$(git -C "$R" branch --list 'auto-value/*')" ] || fail "a branch was left behind"
CASE

# --- the executor gets the item on stdin and TERRAGON_ITEM_ID.
test_case 'the executor gets the item on stdin and TERRAGON_ITEM_ID' <<'CASE'
printf 'cat > %s/item.json\necho "$TERRAGON_ITEM_ID" > %s/item.id\n%s\n' "$T" "$T" "$SED" > "$T/input.sh"
setup input "sh $T/input.sh"
expect_exit 0 "$TERRAGON" execute --repo-path "$R"
python3 -c 'import json,sys; it=json.load(open(sys.argv[1])); assert it["fingerprint"]==open(sys.argv[2]).read().strip(), it' \
  "$T/item.json" "$T/item.id" || fail "item JSON or TERRAGON_ITEM_ID"
CASE

# --- API answers: 401 is a clear error (exit 3); a 503 is retried.
test_case 'API answers: 401 is a clear error; a 503 is retried' <<'CASE'
setup auth "$SED"
start_stub 401
expect_exit 3 "$TERRAGON" execute --repo-path "$R" --dry-run=false
expect_grep '401.*bad credentials' "$T/err"
start_stub 5xx-once
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --dry-run=false
expect_grep 'opened https://github.example/' "$T/out"
[ "$(requests | grep -c '^GET /repos/acme/widgets/pulls')" = 2 ] || fail "503 not retried"
CASE

# --- a rule's fix-regex fixes its item's lines, with no executor configured.
test_case 'a rule fix-regex fixes its item lines with no executor configured' <<'CASE'
R="$T/fixre"
mkdir -p "$R/.terragon"
printf 'import yaml\n\ndef read(f):\n    return yaml.load(f)\n\nother = yaml.load(g)\n' > "$R/cfg.py"
make_repo "$R"
cat > "$T/pack.yaml" <<'YAML'
rules:
  - id: test.yaml-load-fix
    message: yaml.load can build arbitrary objects; use yaml.safe_load
    severity: ERROR
    languages: [python]
    pattern-regex: '\byaml\.load\('
    grouping: none  # one item a finding: only its own line is fixed (t_group: all of a group's)
    fix-regex:
      regex: '\byaml\.load\('
      replacement: 'yaml.safe_load('
    metadata: {category: security}
YAML
printf 'rules:\n  packs: [%s/pack.yaml]\n' "$T" > "$R/.terragon/config.yaml"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --max-prs 1
expect_grep '^\+    return yaml.safe_load\(f\)$' "$T/out"
expect_no_grep '^\+other' "$T/out"
expect_grep 'would open a pull request' "$T/out"
grep -q 'yaml.load(f)' "$R/cfg.py" || fail "the user's file was changed"
CASE

done_testing
