#!/usr/bin/env bash
# The executor's confinement: where bubblewrap can run, it cannot write outside
# its worktree (and its scratch TMPDIR) nor commit; it gets no GitHub token;
# what it prints that looks like a token is masked in the audit log and store.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/execute_lib.sh"

# The executor gets no token; one it prints anyway (its log tail is the reason) is masked.
test_case 'the executor gets no token; one it prints anyway is masked in the audit log and store' <<'CASE'
export TERRAGON_GITHUB_TOKEN=s3cret-token-never-logged
setup leak "echo tok=[\$TERRAGON_GITHUB_TOKEN] https://x:s3cret-token-never-logged@h/r >&2; exit 4"
expect_exit 1 "$TERRAGON" execute --repo-path "$R" --item "$(fp_of todo-marker)"
audit_jsonl
expect_grep 'executor exited 4: .*tok=\[\] https://\*\*\*@h/r' "$T/audit.jsonl"
expect_no_grep 's3cret-token-never-logged' "$T/audit.jsonl"
[ "$(sqlite3 "$R/.terragon/terragon.db" "SELECT count(*) FROM executions WHERE reason LIKE '%s3cret%'")" = 0 ] ||
  fail "the token is in the store"
unset TERRAGON_GITHUB_TOKEN TERRAGON_GITHUB_API_URL
CASE

# --- bubblewrap: the executor cannot write outside its worktree.
if bwrap --ro-bind / / --dev /dev --proc /proc --unshare-all --share-net --die-with-parent true 2>/dev/null; then
  test_case 'bubblewrap: the executor cannot write outside its worktree' <<'CASE'
  setup sandbox "echo x >> $T/sandbox/notes.txt && $SED"
  git -C "$R" status --porcelain > "$T/before"
  expect_exit 1 "$TERRAGON" execute --repo-path "$R"
  expect_grep 'executor exited [0-9]+: .*Read-only file system' "$T/err"
  [ "$(cat "$R/notes.txt")" = notes ] || fail "the executor wrote the user's file"
  git -C "$R" status --porcelain | diff "$T/before" - || fail "the user's tree changed"
CASE
  # It may write its worktree and a scratch TMPDIR (/tmp itself is read-only), and
  # cannot commit: the repository's objects and refs are read-only.
  test_case 'in the sandbox the executor may write its worktree and TMPDIR but cannot commit' <<'CASE'
  setup scratch "t=\$(mktemp) && echo hi > \$t && $SED && { git commit -qam sneaky; echo commit-exit=\$? > commit.txt; }"
  expect_exit 0 "$TERRAGON" execute --repo-path "$R"
  expect_grep '^\+commit-exit=[1-9]' "$T/out"
  expect_grep '^Verified: ' "$T/out"
CASE
  # Killed at its timeout with everything it started, its own session notwithstanding.
  test_case 'a sandboxed executor is killed at its timeout with everything it started' <<'CASE'
  setup hang "sleep 3017 & wait"
  sed -i 's/timeout_s: 10/timeout_s: 2/' "$R/.terragon/config.yaml"
  expect_exit 1 "$TERRAGON" execute --repo-path "$R"
  expect_grep 'timed out after 2 s' "$T/err"
  for _ in $(seq 50); do pgrep -f 'sleep 3017' > /dev/null || break; sleep 0.1; done
  ! pgrep -f 'sleep 3017' > /dev/null || fail "the sandboxed executor's child survived"
CASE
  # The escape hatch: without the sandbox, the write happens and is caught afterwards.
  test_case 'without the sandbox the write happens and is caught afterwards' <<'CASE'
  setup nosandbox "echo x >> $T/nosandbox/notes.txt && $SED"
  TERRAGON_NO_SANDBOX=1 expect_exit 3 "$TERRAGON" execute --repo-path "$R"
  expect_grep "changed the user's working tree" "$T/err"
CASE
else
  echo "SKIP: bubblewrap cannot run here (not installed, or no user namespaces): sandbox assertions skipped" >&2
fi

done_testing
