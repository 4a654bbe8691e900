#!/usr/bin/env bash
# audit changes with a token: approvals from the pull requests' reviews through the
# GitHub client (pagination, a retried 503), against a loopback server answering
# recorded API responses (tests/data/github_reviews/routes.json, recorded_api.py):
# self-approval, too few approvals (an approval withdrawn on the second page) and a
# regulated path without its owner; without a token, trailers only. The token comes
# from the environment and is never printed.
. "$(dirname "$0")/lib.sh"
DATA="$(cd "$(dirname "$0")/../data/github_reviews" && pwd)"
TOKEN=ghp_recordedTokenNotReal0123456789abcd

R="$T/repo"
mkdir -p "$R/.terragon" "$R/.github" "$R/billing"
cat >"$R/.terragon/config.yaml" <<'YAML'
compliance:
  approvals:
    min: 1
    regulated_paths: ["billing/**"]
execution:
  github:
    repository: octo/ledger
YAML
printf '* @alice\n/billing/ @carol\n' >"$R/.github/CODEOWNERS"
echo one >"$R/README"
make_repo "$R"
as() { # NAME: git as NAME <name@example.com>
  local n=$1; shift
  GIT_AUTHOR_NAME=$n GIT_AUTHOR_EMAIL=$n@example.com GIT_COMMITTER_NAME=$n \
    GIT_COMMITTER_EMAIL=$n@example.com git -C "$R" "$@"
}
BASE=$(git -C "$R" rev-parse HEAD)
merge_pr() { # N AUTHOR FILE TEXT: AUTHOR's branch merged as pull request N by bob
  as "$2" checkout -qb "pr$1"
  echo "$4" >"$R/$3"
  as "$2" add "$3" && as "$2" commit -qm "change $1"
  as bob checkout -q main
  as bob merge -q --no-ff "pr$1" -m "Merge pull request #$1 from octo/pr$1"
}
merge_pr 1 alice README two
merge_pr 2 bob README three
merge_pr 3 erin billing/rates 10
# 4: a squash merge, its number in the subject
echo 11 >"$R/billing/rates"
as erin commit -qam 'rates again (#4)'

start_api() { # [ROUTES]: the recorded answers (default: the review scenario) on loopback
  rm -f "$T/port" "$T/requests"
  touch "$T/requests"
  python3 "$(dirname "$0")/recorded_api.py" "${1:-$DATA/routes.json}" "$T/port" "$T/requests" &
  echo $! >>"$T/stub.pids"
  for _ in $(seq 400); do [ -s "$T/port" ] && break; sleep 0.05; done
  [ -s "$T/port" ] || fail "the server did not start"
  export TERRAGON_GITHUB_API_URL="http://127.0.0.1:$(cat "$T/port")"
}

test_case 'reviews: self-approval, an approval withdrawn on page 2, a regulated path without its owner' <<'CASE'
start_api
GITHUB_TOKEN=$TOKEN expect_exit 1 "$TERRAGON" audit changes -C "$R" "$BASE..HEAD"
expect_grep '^[0-9a-f]{8}  [0-9-]{10}  alice  merged by bob  approved by alice <alice@example.com>$' "$T/out"
expect_grep '^    ! self-approved: the author is the only approver' "$T/out"
expect_grep '^[0-9a-f]{8}  [0-9-]{10}  bob  merged by bob  approved by nobody$' "$T/out"
expect_grep '^    ! too few approvals: 0 of 1 by someone other than the author' "$T/out"
expect_grep '^[0-9a-f]{8}  [0-9-]{10}  erin  merged by bob  approved by dave <dave@users\.noreply\.github\.com>  \[financial impact\]$' "$T/out"
expect_grep '^    ! regulated path billing/rates changed without an approval by @carol \(CODEOWNERS\)$' "$T/out"
expect_grep '^[0-9a-f]{8}  [0-9-]{10}  erin  committed by erin  approved by carol <carol@users\.noreply\.github\.com>  \[financial impact\]$' "$T/out"
expect_grep '^4 changes in [0-9a-f]{40}\.\.HEAD, 3 breaking the approval policy$' "$T/out"
expect_grep '^approvals from the reviews of 4 pull requests on GitHub, and trailers$' "$T/out"
expect_no_grep 'recordedTokenNotReal' "$T/out"
expect_no_grep 'recordedTokenNotReal' "$T/err"
python3 - "$T/requests" <<'PY' || fail "requests"
import json, sys
reqs = [json.loads(l) for l in open(sys.argv[1])]
paths = [r["path"] for r in reqs]
assert "/repos/octo/ledger/pulls/2/reviews?per_page=100&page=2" in paths, paths  # pagination
assert paths.count("/repos/octo/ledger/pulls/3/reviews?per_page=100") == 2, paths  # the 503 retried
assert all(r["scheme"] for r in reqs), reqs  # every request authorised
PY
CASE

test_case 'json counts the pull requests read; the trail records the check' <<'CASE'
start_api
GITHUB_TOKEN=$TOKEN expect_exit 1 "$TERRAGON" audit changes -C "$R" --format json "$BASE..HEAD"
python3 - "$T/out" <<'PY' || fail "json"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["github_pulls"] == 4 and d["violations"] == 3, d
PY
expect_exit 0 "$TERRAGON" audit verify -C "$R"
CASE

test_case 'without a token: trailers only, and no request made' <<'CASE'
start_api
expect_exit 1 "$TERRAGON" audit changes -C "$R" "$BASE..HEAD"
expect_grep '^4 changes in [0-9a-f]{40}\.\.HEAD, 4 breaking the approval policy$' "$T/out"
expect_no_grep 'approvals from the reviews' "$T/out"
[ ! -s "$T/requests" ] || fail "requests made without a token"
CASE

test_case 'an API that refuses is an error naming the pull request, not a pass' <<'CASE'
printf '{}\n' >"$T/empty.json"
start_api "$T/empty.json"
GITHUB_TOKEN=$TOKEN expect_exit 3 "$TERRAGON" audit changes -C "$R" "$BASE..HEAD"
expect_grep 'the reviews of pull request #[0-9]+' "$T/err"
expect_no_grep 'recordedTokenNotReal' "$T/err"
CASE

done_testing
