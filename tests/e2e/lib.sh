# Shared by the end-to-end tests (tests/e2e/t_*.sh). $TERRAGON is the binary
# under test. Each test works in its own temporary directory, removed at exit.
#
# A test is a sequence of cases:
#
#   test_case 'a malformed import is reported and skipped' <<'CASE'
#   expect_exit 0 "$TERRAGON" discover --import "$T/broken.sarif"
#   expect_grep 'broken.sarif' "$T/err"
#   CASE
#   ...
#   done_testing
#
# Each case runs in a subshell with errexit, so its first failing command (or
# `fail`) ends that case and the next one runs. Files under $T outlive a case;
# variables, `cd` and a stub started in it do not. done_testing prints
# "N passed, N failed" (cases) and exits 1 when any failed. Checks written
# outside a case (fail, ok, expect_*) still work: a failure there ends the
# script; in a script without cases each `ok` counts as passed.
set -euo pipefail
: "${TERRAGON:?set TERRAGON to the terragon binary}"
T=$(mktemp -d)
STUB_PID=
passed=0 # checks, in a script without cases
cases_passed=0
cases_failed=0
failed_cases=()
tg_done=
trap 'tg_exit $?' EXIT
export GIT_AUTHOR_NAME=Test GIT_AUTHOR_EMAIL=test@example.com
export GIT_COMMITTER_NAME=Test GIT_COMMITTER_EMAIL=test@example.com
export GIT_CONFIG_NOSYSTEM=1 HOME="$T/home" XDG_CACHE_HOME="$T/cache"
mkdir -p "$HOME"
unset $(env | awk -F= '/^TERRAGON_/ {print $1}') 2>/dev/null || true

# At exit: stop the stubs, remove $T, and when the script stopped early (a
# failure outside a case), count that as one more failure in the summary.
tg_exit() {
  set +e # the script's status stands, whatever cleaning up meets
  [ -s "$T/stub.pids" ] && kill $(cat "$T/stub.pids") 2>/dev/null
  rm -rf "$T"
  if [ -z "$tg_done" ] && [ "$1" != 0 ]; then
    echo "$(tg_passed) passed, $((cases_failed + 1)) failed (stopped outside a case, exit $1)"
  fi
}

fail() { echo "FAIL${TG_CASE:+ ($TG_CASE)}: $*" >&2; exit 1; }
ok() { passed=$((passed + 1)); }

# test_case 'what it checks' <<'CASE' ... CASE: runs the here-document as one
# case (see the top of this file).
test_case() {
  local name=$1 from=$((BASH_LINENO[0] + 1)) body rc stubs=0
  body=$(cat)
  [ -f "$T/stub.pids" ] && stubs=$(wc -l < "$T/stub.pids")
  set +e
  (
    set -eE
    TG_CASE=$name
    trap 'tg_case_error $? "$BASH_COMMAND" $((LINENO - eval_line + from))' ERR
    # (a body may end in `check && fail ...`: its status is not the case's)
    eval_line=$LINENO; eval "$body"$'\n:'
  ) </dev/null
  rc=$?
  set -e
  # stubs the case started end with it
  [ -s "$T/stub.pids" ] && { tail -n +$((stubs + 1)) "$T/stub.pids" | xargs -r kill 2>/dev/null || true; }
  if [ "$rc" = 0 ]; then
    cases_passed=$((cases_passed + 1))
    echo "ok - $name"
  else
    cases_failed=$((cases_failed + 1))
    failed_cases+=("$name")
    echo "not ok - $name"
  fi
  return 0
}

# The ERR trap of a case: which command failed, and where. In the case's own
# body the line is the test file's; in a function, the function's.
tg_case_error() {
  local where="line $3"

  [ "${FUNCNAME[1]}" = test_case ] || where="${FUNCNAME[1]} (${BASH_SOURCE[1]}:${BASH_LINENO[0]})"
  echo "FAIL ($TG_CASE): exit $1 at $where: $2" >&2
}

# make_repo DIR: a git repository with one commit of whatever DIR holds.
make_repo() {
  mkdir -p "$1"
  git -C "$1" init -q -b main
  git -C "$1" add -A
  git -C "$1" commit -q --allow-empty -m init
}

# expect_exit CODE CMD...: runs CMD, keeps stdout in $T/out and stderr in $T/err.
expect_exit() {
  local want=$1; shift
  local got=0
  "$@" >"$T/out" 2>"$T/err" || got=$?
  [ "$got" = "$want" ] || { cat "$T/out" "$T/err" >&2; fail "exit $got, want $want: $*"; }
  ok
}

# expect_grep PATTERN FILE
expect_grep() { grep -qE -- "$1" "$2" || { cat "$2" >&2; fail "no /$1/ in $2"; }; ok; }
expect_no_grep() { ! grep -qE -- "$1" "$2" || { cat "$2" >&2; fail "unexpected /$1/ in $2"; }; ok; }

# start_stub ARGS...: the GitHub API stand-in (github_stub.py) on loopback, its
# requests logged in $T/requests; sets TERRAGON_GITHUB_API_URL. Killed at exit
# (of the script, or of the case that started it).
start_stub() {
  [ -n "$STUB_PID" ] && kill "$STUB_PID" 2>/dev/null
  rm -f "$T/port" "$T/requests"
  touch "$T/requests"
  python3 "$(dirname "${BASH_SOURCE[0]}")/github_stub.py" "$T/port" "$T/requests" "$@" &
  STUB_PID=$!
  echo "$STUB_PID" >> "$T/stub.pids"
  for _ in $(seq 400); do [ -s "$T/port" ] && break; sleep 0.05; done
  [ -s "$T/port" ] || fail "the stub did not start"
  export TERRAGON_GITHUB_API_URL="http://127.0.0.1:$(cat "$T/port")"
}

# user_worktrees R: `git worktree list --porcelain` without the trees execute
# keeps for reuse (<git dir>/terragon/tree-N).
user_worktrees() {
  git -C "$1" worktree list --porcelain | awk -v RS= -v ORS='\n\n' '!/\/terragon\/tree-[0-9]+\n/'
}

# leftover_trees R: every worktree of R an execute left behind: any but the
# main one, except its kept trees when they are detached and clean.
leftover_trees() {
  git -C "$1" worktree list --porcelain | awk -v RS= 'NR > 1 { print $2, ($0 ~ /\ndetached/) }' |
    while read -r path detached; do
      case "$path" in
        */terragon/tree-[0-9]*)
          [ "$detached" = 1 ] && [ -z "$(git -C "$path" status --porcelain --ignored)" ] && continue ;;
      esac
      echo "$path"
    done
}

# done_testing: the summary; exit 1 when a case failed, naming each.
done_testing() {
  local c

  tg_done=1
  echo "$(tg_passed) passed, $cases_failed failed"
  for c in "${failed_cases[@]}"; do echo "failed: $c"; done
  [ "$cases_failed" = 0 ] || exit 1
}

# The cases passed; in a script without cases, the checks.
tg_passed() {
  if [ $((cases_passed + cases_failed)) -gt 0 ]; then echo "$cases_passed"; else echo "$passed"; fi
}
