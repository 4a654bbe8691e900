#!/usr/bin/env bash
# terragon health: configuration, repository, shallow clone, store, tools; exit 0/1/2.
. "$(dirname "$0")/lib.sh"

# json_check FILE PYTHON-EXPRESSION: the expression over `d` (the parsed JSON)
# and `c` (checks by name) must be true.
json_check() {
  python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
c = {x["name"]: x for x in d["checks"]}
assert set(d) == {"healthy", "checks"}, d.keys()
assert all(set(x) == {"name", "status", "detail"} for x in d["checks"])
assert all(x["status"] in ("ok", "info", "warn", "fail") for x in d["checks"])
if not eval("(" + sys.argv[2] + ")"):
    sys.exit("not true: " + sys.argv[2] + "\n" + json.dumps(d, indent=1))
' "$1" "$2" || fail "json: $2"
  ok
}

sha() { sha256sum "$1" | cut -d' ' -f1; }

# A healthy repository with two commits: exit 0, and nothing created in it.
mkdir -p "$T/ok" && echo 'int main(void) { return 0; }' >"$T/ok/main.c"
make_repo "$T/ok"
echo more >>"$T/ok/main.c" && git -C "$T/ok" commit -qam second
test_case 'a healthy repository: every check ok, exit 0, nothing created in it' <<'CASE'
expect_exit 0 "$TERRAGON" health --repo-path "$T/ok"
expect_grep '^repository +ok +git repository at .*/ok \(main [0-9a-f]{12}\)' "$T/out"
expect_grep '^history +ok +full history' "$T/out"
expect_grep '^configuration +ok' "$T/out"
expect_grep '^store +ok .*does not exist yet' "$T/out"
expect_grep '^tool:git +info +found: ' "$T/out"
expect_grep '^lib:libgit2 +ok +libgit2\.so\.[0-9.]+ loads' "$T/out"
expect_grep '^lib:vectorscan +ok +libhs\.so\.[0-9]+ loads' "$T/out"
expect_grep '^lib:libxml2 +ok +libxml2\.so\.2 loads' "$T/out"
expect_grep '^lib:libcurl +ok +libcurl\.so\.4 loads' "$T/out"
expect_grep '^tool:semgrep +info' "$T/out"
expect_grep '^healthy$' "$T/out"
[ ! -e "$T/ok/.terragon" ] || fail "health created .terragon/"
CASE
# from a subdirectory, as a positional path, the same repository
test_case 'from a subdirectory the same repository; JSON says healthy' <<'CASE'
mkdir -p "$T/ok/sub/dir"
expect_exit 0 "$TERRAGON" health "$T/ok/sub/dir"
expect_grep '^repository +ok +git repository at .*/ok ' "$T/out"
expect_exit 0 "$TERRAGON" health --repo-path "$T/ok" --format json
json_check "$T/out" 'd["healthy"] is True and c["repository"]["status"] == "ok"
  and c["history"]["status"] == "ok" and c["store"]["status"] == "ok"
  and c["configuration"]["status"] == "ok"
  and all(c["tool:" + t]["status"] == "info" for t in
          ("git", "gh", "semgrep", "bandit", "trivy", "ruff", "gitleaks"))
  and not any(x["status"] == "fail" for x in d["checks"])'
CASE

# The libraries opened on first use: one that does not load is reported by
# name, a warning for Cobertura's libxml2, a failure for libgit2.
test_case 'a library that does not load is named: a warning for libxml2, a failure for libgit2' <<'CASE'
mkdir -p "$T/badlib"
: >"$T/badlib/libxml2.so.2"
expect_exit 0 env LD_LIBRARY_PATH="$T/badlib" "$TERRAGON" health --repo-path "$T/ok"
expect_grep '^lib:libxml2 +warn +needed for Cobertura coverage: cannot load libxml2\.so\.2 \(Debian package libxml2\)' "$T/out"
expect_grep '^healthy, with 1 warning$' "$T/out"
cp "$T/badlib/libxml2.so.2" "$T/badlib/$(sed -n 's/^lib:libgit2 *ok *\([^ ]*\) loads$/\1/p' "$T/out")"
expect_exit 1 env LD_LIBRARY_PATH="$T/badlib" "$TERRAGON" health --repo-path "$T/ok"
expect_grep '^lib:libgit2 +fail +needed for reading the repository: cannot load libgit2' "$T/out"
CASE

# Not a git repository: exit 1, and it says so.
test_case 'not a git repository: exit 1, and it says so' <<'CASE'
mkdir -p "$T/plain"
expect_exit 1 "$TERRAGON" health --repo-path "$T/plain"
expect_grep '^repository +fail +.*plain is not in a git repository' "$T/out"
expect_grep '^unhealthy: 1 check failed' "$T/out"
expect_exit 1 "$TERRAGON" health --repo-path "$T/plain" --format json
json_check "$T/out" 'd["healthy"] is False and c["repository"]["status"] == "fail"
  and "not in a git repository" in c["repository"]["detail"]'
expect_exit 1 "$TERRAGON" health --repo-path "$T/no-such-dir"
expect_grep '^repository +fail +.*no-such-dir' "$T/out"
CASE

# A shallow clone: a warning suggesting fetch-depth: 0, still healthy.
test_case 'a shallow clone: a warning suggesting fetch-depth: 0, still healthy' <<'CASE'
git clone -q --depth 1 "file://$T/ok" "$T/shallow"
expect_exit 0 "$TERRAGON" health --repo-path "$T/shallow"
expect_grep '^history +warn +shallow clone.*fetch-depth: 0' "$T/out"
expect_grep '^healthy, with 1 warning$' "$T/out"
expect_exit 0 "$TERRAGON" health --repo-path "$T/shallow" --format json
json_check "$T/out" 'd["healthy"] is True and c["history"]["status"] == "warn"
  and "fetch-depth: 0" in c["history"]["detail"]'
CASE

# A corrupted store: exit 1, named, a recovery hint, the file unchanged byte for byte.
test_case 'a corrupted store: exit 1, named, with a recovery hint, not one byte changed' <<'CASE'
cp -r "$T/ok" "$T/corrupt"
mkdir -p "$T/corrupt/.terragon"
head -c 8192 /dev/urandom >"$T/corrupt/.terragon/terragon.db"
before=$(sha "$T/corrupt/.terragon/terragon.db")
expect_exit 1 "$TERRAGON" health --repo-path "$T/corrupt"
expect_grep '^store +fail +store .*/corrupt/.terragon/terragon.db is corrupted' "$T/out"
expect_grep 'Move it aside and run again' "$T/out"
[ "$(sha "$T/corrupt/.terragon/terragon.db")" = "$before" ] || fail "corrupted store was modified"
[ ! -e "$T/corrupt/.terragon/terragon.db-wal" ] || fail "health left a -wal file"
expect_exit 1 "$TERRAGON" health --repo-path "$T/corrupt" --format json
json_check "$T/out" 'd["healthy"] is False and c["store"]["status"] == "fail"
  and "corrupted" in c["store"]["detail"] and c["repository"]["status"] == "ok"'
[ "$(sha "$T/corrupt/.terragon/terragon.db")" = "$before" ] || fail "corrupted store was modified"
CASE

# A damaged page in a real database: integrity_check fails, the file is unchanged.
test_case 'a damaged page in a real database fails integrity_check, the file unchanged' <<'CASE'
cp -r "$T/ok" "$T/damaged"
mkdir -p "$T/damaged/.terragon"
ddb="$T/damaged/.terragon/terragon.db"
sqlite3 "$ddb" "CREATE TABLE t(x); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1
  FROM n WHERE i < 2000) INSERT INTO t SELECT printf('%0200d', i) FROM n;"
page=$(sqlite3 "$ddb" 'PRAGMA page_size')
head -c 512 /dev/zero | tr '\0' '\245' | dd of="$ddb" bs=1 seek=$((page * 2)) conv=notrunc status=none
before=$(sha "$ddb")
expect_exit 1 "$TERRAGON" health --repo-path "$T/damaged"
expect_grep '^store +fail +store .*/damaged/.terragon/terragon.db is corrupted' "$T/out"
[ "$(sha "$ddb")" = "$before" ] || fail "damaged store was modified"
CASE

# A sound store of an older schema: ok, migrated by the next run; a newer one: fail.
test_case 'an older schema is ok and left alone; a newer one fails' <<'CASE'
cp -r "$T/ok" "$T/old"
mkdir -p "$T/old/.terragon"
sqlite3 "$T/old/.terragon/terragon.db" 'CREATE TABLE keep(x); INSERT INTO keep VALUES (1);'
before=$(sha "$T/old/.terragon/terragon.db")
expect_exit 0 "$TERRAGON" health --repo-path "$T/old"
expect_grep '^store +ok +.*passes integrity_check; schema 0 of [0-9]+ \(the next run migrates it\)' "$T/out"
[ "$(sha "$T/old/.terragon/terragon.db")" = "$before" ] || fail "health wrote to the store"
sqlite3 "$T/old/.terragon/terragon.db" 'PRAGMA user_version = 9999;'
expect_exit 1 "$TERRAGON" health --repo-path "$T/old"
expect_grep '^store +fail +.*schema version 9999, newer than this terragon knows' "$T/out"
CASE

# A configuration that does not parse: exit 1, the file named.
test_case 'a configuration that does not parse: exit 1, the file named' <<'CASE'
cp -r "$T/ok" "$T/badcfg"
mkdir -p "$T/badcfg/.terragon"
printf 'thresholds:\n  ccn: [unclosed\n' >"$T/badcfg/.terragon/config.yaml"
expect_exit 1 "$TERRAGON" health --repo-path "$T/badcfg"
expect_grep '^configuration +fail +.*config.yaml' "$T/out"
CASE

# Bad usage: exit 2.
test_case 'bad usage exits 2' <<'CASE'
expect_exit 2 "$TERRAGON" health --format xml
expect_grep 'table or json' "$T/err"
expect_exit 2 "$TERRAGON" health "$T/ok" "$T/plain"
expect_exit 2 "$TERRAGON" health --no-such-option
expect_exit 0 "$TERRAGON" health --help
expect_grep 'usage: terragon health' "$T/out"
CASE

# The GitHub check: skipped without a token or a repository; with both, the
# API (tests/e2e/github_stub.py on loopback) says whether the token may push.
unset GH_TOKEN GITHUB_TOKEN
TOKEN=s3cret-health-token
no_token_shown() { ! grep -q "$TOKEN" "$T/out" "$T/err" || fail "the token was printed"; ok; }
test_case 'the GitHub check is skipped without a token or a repository' <<'CASE'
expect_exit 0 "$TERRAGON" health --repo-path "$T/ok"
expect_grep '^github +info +skipped: no token in TERRAGON_GITHUB_TOKEN, GH_TOKEN or GITHUB_TOKEN' "$T/out"
expect_exit 0 env GH_TOKEN=$TOKEN "$TERRAGON" health --repo-path "$T/ok"
expect_grep '^github +info +skipped: execution.github.repository is not set and remote origin is not on github.com' "$T/out"
CASE
# configured: the token may push
test_case 'the token may push: from the configuration and from a github.com remote' <<'CASE'
cp -r "$T/ok" "$T/gh"
mkdir -p "$T/gh/.terragon"
printf 'execution:\n  github:\n    repository: acme/widgets\n' >"$T/gh/.terragon/config.yaml"
start_stub
expect_exit 0 env TERRAGON_GITHUB_TOKEN=$TOKEN "$TERRAGON" health --repo-path "$T/gh"
expect_grep '^github +ok +acme/widgets: the token may push and open pull requests' "$T/out"
no_token_shown
python3 -c 'import json, sys; r = [json.loads(l) for l in open(sys.argv[1])]
assert [(x["method"], x["path"], x["auth"]) for x in r] == [("GET", "/repos/acme/widgets", "Bearer " + sys.argv[2])], r' \
  "$T/requests" "$TOKEN" || fail "the API request"
# derived from a github.com remote (GITHUB_TOKEN, the last of the three)
cp -r "$T/ok" "$T/ghremote"
git -C "$T/ghremote" remote add origin https://github.com/acme/gadgets.git
expect_exit 0 env GITHUB_TOKEN=$TOKEN "$TERRAGON" health --repo-path "$T/ghremote" --format json
json_check "$T/out" 'c["github"]["status"] == "ok" and c["github"]["detail"].startswith("acme/gadgets:")'
grep -q '"path": "/repos/acme/gadgets"' "$T/requests" || fail "not asked about acme/gadgets"
CASE
# a read-only token: unhealthy, with the reason
test_case 'a read-only token, or permissions not given: unhealthy, with the reason' <<'CASE'
start_stub --push false
expect_exit 1 env GH_TOKEN=$TOKEN "$TERRAGON" health --repo-path "$T/gh"
expect_grep '^github +fail +acme/widgets: the token may not push \(permissions.push is false\)' "$T/out"
expect_grep '^unhealthy: 1 check failed' "$T/out"
no_token_shown
start_stub --no-permissions
expect_exit 1 env GH_TOKEN=$TOKEN "$TERRAGON" health --repo-path "$T/gh"
expect_grep '^github +fail +acme/widgets: the API does not say what the token may do' "$T/out"
CASE
# a bad token, an unknown repository
test_case 'a bad token or an unknown repository: unhealthy' <<'CASE'
start_stub --fault 401
expect_exit 1 env GH_TOKEN=$TOKEN "$TERRAGON" health --repo-path "$T/gh" --format json
json_check "$T/out" 'c["github"]["status"] == "fail" and "bad credentials" in c["github"]["detail"]'
no_token_shown
start_stub --fault 404
expect_exit 1 env GH_TOKEN=$TOKEN "$TERRAGON" health --repo-path "$T/gh"
expect_grep '^github +fail +.*answered 404: not found' "$T/out"
CASE
# discover --health-check does not ask (discover needs no push)
test_case 'discover --health-check does not ask the API' <<'CASE'
start_stub --push false
expect_exit 0 env GH_TOKEN=$TOKEN "$TERRAGON" discover --health-check --repo-path "$T/gh"
[ ! -s "$T/requests" ] || fail "discover --health-check asked the API"
CASE
done_testing
