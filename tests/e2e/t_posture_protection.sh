#!/usr/bin/env bash
# posture's Branch-Protection through the GitHub API, against a loopback server
# answering in the API's documented shape (GET /repos/{o}/{r}, then
# /branches/{b}/protection): an unprotected branch scores 0, a well protected one
# 10, a weak one in between; a token that may not read the settings leaves the
# check undecided, never a failure; without a token nothing is asked. The
# answers are written here from GitHub's REST reference, not captured.
. "$(dirname "$0")/lib.sh"
TOKEN=ghp_recordedTokenNotReal0123456789abcd

R="$T/repo"
mkdir -p "$R/.terragon"
printf 'execution:\n  github:\n    repository: octo/ledger\n' >"$R/.terragon/config.yaml"
echo one >"$R/README"
make_repo "$R"

routes() { # PROTECTION_STATUS PROTECTION_BODY: the routes file
  cat >"$T/routes.json" <<JSON
{"GET /repos/octo/ledger": [{"status": 200, "body": {"full_name": "octo/ledger", "default_branch": "main"}}],
 "GET /repos/octo/ledger/branches/main/protection": [{"status": $1, "body": $2}]}
JSON
}
start_api() {
  rm -f "$T/port"
  : >"$T/requests"
  python3 "$(dirname "$0")/recorded_api.py" "$T/routes.json" "$T/port" "$T/requests" &
  echo $! >>"$T/stub.pids"
  for _ in $(seq 400); do [ -s "$T/port" ] && break; sleep 0.05; done
  [ -s "$T/port" ] || fail "the server did not start"
  export TERRAGON_GITHUB_API_URL="http://127.0.0.1:$(cat "$T/port")"
}
stop_api() { kill "$(tail -n 1 "$T/stub.pids")" 2>/dev/null || true; }
check() { # the Branch-Protection score and reason from posture --format json
  python3 -c '
import json, sys
c = [c for c in json.load(open(sys.argv[1]))["checks"] if c["name"] == "Branch-Protection"][0]
print(c["score"], c["reason"])' "$T/out"
}

test_case 'an unprotected default branch scores 0' <<'CASE'
routes 404 '{"message": "Branch not protected", "documentation_url": "https://docs.github.com/rest/branches/branch-protection#get-branch-protection"}'
start_api
GITHUB_TOKEN=$TOKEN expect_exit 0 "$TERRAGON" posture -C "$R" --format json
[ "$(check)" = "0 the default branch main is not protected" ] || fail "$(check)"
expect_grep '"path": "/repos/octo/ledger/branches/main/protection"' "$T/requests"
expect_grep '"scheme": "Bearer"' "$T/requests"
expect_no_grep "$TOKEN" "$T/requests"
stop_api
CASE

test_case 'reviews by two and code owners, admins included, no force push: 10' <<'CASE'
routes 200 '{"url": "x", "required_status_checks": {"strict": true, "contexts": ["ci"]},
  "required_pull_request_reviews": {"dismiss_stale_reviews": true, "require_code_owner_reviews": true, "required_approving_review_count": 2},
  "enforce_admins": {"enabled": true}, "allow_force_pushes": {"enabled": false}, "allow_deletions": {"enabled": false}}'
start_api
GITHUB_TOKEN=$TOKEN expect_exit 0 "$TERRAGON" posture -C "$R" --format json
case "$(check)" in "10 main protected: 2 approving reviews required, code owners' review, administrators included, force pushes refused, deletions refused") ;; *) fail "$(check)" ;; esac
stop_api
CASE

test_case 'protected without reviews, force pushes allowed, admins exempt: 2' <<'CASE'
routes 200 '{"url": "x", "enforce_admins": {"enabled": false}, "allow_force_pushes": {"enabled": true}, "allow_deletions": {"enabled": false}}'
start_api
GITHUB_TOKEN=$TOKEN expect_exit 0 "$TERRAGON" posture -C "$R"
expect_grep 'Branch-Protection .* 2 .*0 approving reviews required, administrators exempt, force pushes allowed' "$T/out"
stop_api
CASE

test_case 'a token that may not read the settings leaves the check undecided' <<'CASE'
routes 404 '{"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}'
start_api
GITHUB_TOKEN=$TOKEN expect_exit 0 "$TERRAGON" posture -C "$R" --format json
case "$(check)" in "None GitHub API: GitHub API GET "*"answered 404"*) ;; *) fail "$(check)" ;; esac
stop_api
CASE

test_case 'without a token nothing is asked' <<'CASE'
start_api
env -u GITHUB_TOKEN -u GH_TOKEN -u TERRAGON_GITHUB_TOKEN "$TERRAGON" posture -C "$R" --format json >"$T/out"
case "$(check)" in "None needs the GitHub API and a token"*) ;; *) fail "$(check)" ;; esac
[ ! -s "$T/requests" ] || fail "asked: $(cat "$T/requests")"
stop_api
CASE

done_testing
