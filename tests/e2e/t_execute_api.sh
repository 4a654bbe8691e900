#!/usr/bin/env bash
# execute against GitHub API faults (tests/e2e/github_stub.py --fault ...): no
# token, 401, 403, 404, 422 (a pull request exists), 5xx retried with backoff,
# rate limits waited out (judged by the stub's recorded arrival times), and
# what is left behind on the remote and in the repository after each.
. "$(dirname "$0")/lib.sh"
# Executors here leave markers in $T, outside their worktree: no bubblewrap
# (the sandbox is tested in t_execute_verify.sh).
export TERRAGON_NO_SANDBOX=1
NOW=--now=2026-11-20T10:00:00Z
unset GH_TOKEN GITHUB_TOKEN
TOKEN=s3cret-test-token

# setup NAME: repo $T/NAME with a TODO item, origin $T/NAME.git; the executor
# fixes it and leaves $T/NAME.ran.
setup() {
  R="$T/$1" BARE="$T/$1.git" RAN="$T/$1.ran"
  mkdir -p "$R"
  printf 'def f():\n    pass  # TODO: fix this\n' >"$R/a.py"
  printf 'value-metrics.json\nBACKLOG.md\n' >"$R/.gitignore"
  make_repo "$R"
  git init -q --bare "$BARE"
  git -C "$R" remote add origin "$BARE"
  git -C "$R" push -q -u origin main
  mkdir -p "$R/.terragon"
  cat >"$R/.terragon/config.yaml" <<YAML
execution:
  include_watch: true
  executor:
    command: "touch $RAN; sed -i 's/TODO: fix this/fixed/' a.py"
    timeout_s: 5
  github:
    repository: acme/widgets
  labels: [terragon]
YAML
  expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW
}


run() { expect_exit "$1" env TERRAGON_GITHUB_TOKEN=$TOKEN "$TERRAGON" execute --repo-path "$R" --dry-run=false; }
# count METHOD PATH-REGEX: requests the stub received.
count() { python3 -c '
import json, re, sys
n = sum(1 for l in open(sys.argv[1]) if json.loads(l)["method"] == sys.argv[2]
        and re.search(sys.argv[3], json.loads(l)["path"]))
print(n)' "$T/requests" "$1" "$2"; }
expect_count() {
  local got
  got=$(count "$2" "$3")
  [ "$got" = "$1" ] || { cat "$T/requests" >&2; fail "$got $2 $3 requests, want $1"; }
  ok
}
remote_branches() { git -C "$BARE" for-each-ref --format='%(refname:short)' 'refs/heads/auto-value/'; }
no_remote_branch() { [ -z "$(remote_branches)" ] || fail "branch left on the remote: $(remote_branches)"; ok; }
no_local_leftovers() {
  [ -z "$(git -C "$R" branch --list 'auto-value/*')" ] || fail "a local branch was left behind"
  ok
  [ -z "$(leftover_trees "$R")" ] || fail "a worktree was left behind: $(leftover_trees "$R")"
  ok
}
not_run() { [ ! -e "$RAN" ] || fail "the executor ran"; ok; }
no_token_shown() { ! grep -q "$TOKEN" "$T/out" "$T/err" || fail "the token was printed"; ok; }
outcome() { sqlite3 "$R/.terragon/terragon.db" "SELECT outcome FROM executions"; }

# --- no token outside dry-run: a clear error before any work.
test_case 'no token outside dry-run: a clear error before any request or work' <<'CASE'
setup notoken
start_stub
expect_exit 3 "$TERRAGON" execute --repo-path "$R" --dry-run=false
expect_grep 'no GitHub token: set TERRAGON_GITHUB_TOKEN, GH_TOKEN or GITHUB_TOKEN' "$T/err"
not_run
no_local_leftovers
no_remote_branch
[ ! -s "$T/requests" ] || fail "the API was asked without a token"
[ -z "$(outcome)" ] || fail "an execution was recorded"
CASE

# --- 401 and 404 on every request: the first API read fails, before any work.
test_case '401 and 404 on every request: the first API read fails, before any work' <<'CASE'
for code in 401 404; do
  setup "refused$code"
  start_stub --fault $code
  run 3
  case $code in
    401) expect_grep 'answered 401: bad credentials: check the token' "$T/err" ;;
    404) expect_grep 'answered 404: not found: check execution.github.repository' "$T/err" ;;
  esac
  expect_count 1 GET '^/repos/acme/widgets/pulls\?'
  not_run
  no_local_leftovers
  no_remote_branch
  no_token_shown
  grep -q "\"auth\": \"Bearer $TOKEN\"" "$T/requests" || fail "the token was not sent"
done
CASE

# --- 403 when opening the pull request (the token may read, not write): the
# pushed branch is deleted again, so the item is not blocked for later runs.
test_case '403 when opening the pull request: the pushed branch is deleted again' <<'CASE'
setup forbidden
start_stub --fault 403 --method POST --path /pulls
run 3
expect_grep 'answered 403: forbidden: the token may not do this' "$T/err"
expect_count 1 POST '/pulls$'
[ -e "$RAN" ] || fail "the executor did not run"
no_remote_branch
no_local_leftovers
no_token_shown
[ "$(outcome)" = error ] || fail "not recorded as an error: $(outcome)"
CASE

# --- 422, a pull request from that branch exists (another run opened it in
# the meantime): a clear error naming it, no second one, the branch (its head) kept.
test_case '422, a pull request from that branch exists: a clear error, no second one, the branch kept' <<'CASE'
setup exists
start_stub --fault 422 --method POST --path /pulls --apply
run 3
expect_grep 'a pull request from auto-value/[0-9a-f]{8}-todo-fix-this already exists: https://github.example/acme/widgets/pull/1; not opening another' "$T/err"
expect_count 1 POST '/pulls$'
[[ "$(remote_branches)" =~ ^auto-value/[0-9a-f]{8}-todo-fix-this$ ]] || fail "the pull request's branch is gone"
no_local_leftovers
run 0
expect_grep 'nothing eligible' "$T/out"
expect_count 1 POST '/pulls$'
CASE

# --- 5xx: retried with backoff (0.25 s, then 0.5 s), then it works.
test_case '5xx: retried with backoff, then it works' <<'CASE'
setup flaky
start_stub --fault 503 --method GET --path /pulls --times 2
run 0
expect_grep 'opened https://github.example/acme/widgets/pull/1' "$T/out"
expect_count 3 GET '^/repos/acme/widgets/pulls\?state=all'
python3 - "$T/requests" <<'PY' || fail "backoff gaps"
import json, sys
t = [r["t"] for r in map(json.loads, open(sys.argv[1])) if r["method"] == "GET"]
assert t[1] - t[0] >= 0.25 and t[2] - t[1] >= 0.5, t
PY
CASE
# A POST whose answer was lost (502 after the pull request was made): the retry
# meets GitHub's 422 and takes the existing pull request as its own.
test_case 'a POST whose answer was lost: the retry takes the existing pull request as its own' <<'CASE'
setup lost
start_stub --fault 502 --method POST --path /pulls --times 1 --apply
run 0
expect_grep 'opened https://github.example/acme/widgets/pull/1' "$T/out"
expect_count 2 POST '/pulls$'
expect_count 1 POST '/issues/1/labels$'
[ "$(outcome)" = pr-opened ] || fail "not recorded as opened: $(outcome)"
CASE
# Always 5xx: four attempts, then a clear error before any work.
test_case 'always 5xx: four attempts, then a clear error before any work' <<'CASE'
setup down
start_stub --fault 500
run 3
expect_grep 'answered 500: server error, still after retries' "$T/err"
expect_count 4 GET '/pulls'
not_run
no_remote_branch
CASE

# --- rate limits: the primary one (X-RateLimit-Remaining: 0) waited out until
# X-RateLimit-Reset; the stub's clock says when the retry came.
test_case 'the primary rate limit is waited out until X-RateLimit-Reset' <<'CASE'
setup ratelimit
start_stub --fault 403 --path /pulls --times 1 --header 'X-RateLimit-Remaining: 0' \
  --header 'X-RateLimit-Reset: {now+2}'
run 0
expect_grep 'opened https://github.example/acme/widgets/pull/1' "$T/out"
expect_count 2 GET '/pulls\?state=all'
python3 - "$T/requests" <<'PY' || fail "the retry came before X-RateLimit-Reset"
import json, sys
r = [json.loads(l) for l in open(sys.argv[1])]
reset = int(dict(h.split(": ") for h in r[0]["fault"]["headers"])["X-RateLimit-Reset"])
assert r[1]["t"] >= reset, (r[1]["t"], reset)
PY
CASE
# The secondary one (429 with Retry-After: 1), when opening the pull request.
test_case 'the secondary rate limit: 429 with Retry-After is respected' <<'CASE'
setup retryafter
start_stub --fault 429 --method POST --path /pulls --times 1 --header 'Retry-After: 1'
run 0
expect_grep 'opened https://github.example/acme/widgets/pull/1' "$T/out"
expect_count 2 POST '/pulls$'
python3 - "$T/requests" <<'PY' || fail "Retry-After not respected"
import json, sys
t = [r["t"] for r in map(json.loads, open(sys.argv[1])) if r["method"] == "POST" and r["path"].endswith("/pulls")]
assert t[1] - t[0] >= 1, t
PY
CASE
# A reset an hour away: not waited for; a clear error at once.
test_case 'a rate limit reset an hour away is not waited for' <<'CASE'
setup ratelong
start_stub --fault 403 --header 'X-RateLimit-Remaining: 0' --header 'X-RateLimit-Reset: {now+3600}'
run 3
expect_grep 'rate limit exhausted until [0-9-]+T[0-9:]+Z .*run again later' "$T/err"
expect_count 1 GET '/pulls'
not_run
CASE
# A 403 that is not a rate limit, though it carries the limit's headers as
# every GitHub answer does: not retried.
test_case 'a 403 that is not a rate limit is not retried' <<'CASE'
setup plain403
start_stub --fault 403 --header 'X-RateLimit-Remaining: 4999' --header 'X-RateLimit-Reset: {now+2}'
run 3
expect_grep 'answered 403: forbidden' "$T/err"
expect_count 1 GET '/pulls'
CASE

# --- the pull requests are read page by page: a closed one for this item on
# the third page still means no new proposal.
test_case 'pull requests are read page by page: a closed one on page 3 means no new proposal' <<'CASE'
setup paged
start_stub
expect_exit 0 "$TERRAGON" execute --repo-path "$R" --dry-run
branch=$(sed -n 's/.*would open a pull request from \([^ ]*\) into main/\1/p' "$T/out")
[ -n "$branch" ] || fail "no branch name in the dry-run"
start_stub --page-size 1 --pull auto-value/00000000-other:open --pull auto-value/11111111-other:closed \
  --pull "$branch:closed"
run 0
expect_grep 'nothing eligible' "$T/out"
expect_count 3 GET '/pulls\?'
expect_count 0 POST '/pulls$'
no_remote_branch
CASE

done_testing
