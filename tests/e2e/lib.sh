# Shared by the end-to-end tests (tests/e2e/t_*.sh). $TERRAGON is the binary
# under test. Each test works in its own temporary directory, removed at exit.
set -euo pipefail
: "${TERRAGON:?set TERRAGON to the terragon binary}"
T=$(mktemp -d)
STUB_PID=
trap '[ -n "$STUB_PID" ] && kill "$STUB_PID" 2>/dev/null; rm -rf "$T"' EXIT
export GIT_AUTHOR_NAME=Test GIT_AUTHOR_EMAIL=test@example.com
export GIT_COMMITTER_NAME=Test GIT_COMMITTER_EMAIL=test@example.com
export GIT_CONFIG_NOSYSTEM=1 HOME="$T/home" XDG_CACHE_HOME="$T/cache"
mkdir -p "$HOME"
unset $(env | awk -F= '/^TERRAGON_/ {print $1}') 2>/dev/null || true
passed=0

fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { passed=$((passed + 1)); }

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
# requests logged in $T/requests; sets TERRAGON_GITHUB_API_URL. Killed at exit.
start_stub() {
  [ -n "$STUB_PID" ] && kill "$STUB_PID" 2>/dev/null
  rm -f "$T/port" "$T/requests"
  touch "$T/requests"
  python3 "$(dirname "${BASH_SOURCE[0]}")/github_stub.py" "$T/port" "$T/requests" "$@" &
  STUB_PID=$!
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

done_testing() { echo "$passed passed, 0 failed"; }
