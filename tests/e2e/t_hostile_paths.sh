#!/usr/bin/env bash
# Issue 13, items 1, 2, 3 and 11: paths that repository content names are
# resolved beneath the repository root with no symbolic link followed
# (util/beneath.h). A committed link never lets an imported fix write outside
# the tree, never brings outside bytes into the outputs, never redirects
# .terragon/ and its files; a FIFO in place of the configuration is refused,
# not waited on. Every victim lives in $T/victim*, outside each repository.
. "$(dirname "$0")/lib.sh"
NOW=--now=2026-11-20T10:00:00Z

# hostile_repo NAME: $T/NAME with a.txt, a bare origin and execute's settings
# (its .terragon/config.yaml is not committed); the caller adds and commits.
hostile_repo() {
  R="$T/$1"
  mkdir -p "$R"
  printf 'line one\n' > "$R/a.txt"
  printf 'value-metrics.json\nBACKLOG.md\n.terragon/config.yaml\n.terragon/*.db*\n' > "$R/.gitignore"
}
commit_repo() {
  make_repo "$R"
  git init -q --bare "$R.git"
  git -C "$R" remote add origin "$R.git"
  git -C "$R" push -q -u origin main
  mkdir -p "$R/.terragon"
  printf 'execution:\n  min_score: 0\n  github:\n    repository: acme/widgets\n' \
    > "$R/.terragon/config.yaml"
}
# sarif_fix FILE URI TEXT: a result on URI with one fix inserting TEXT at its start.
sarif_fix() {
  cat > "$1" <<EOF
{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "evil"}}, "results": [
 {"ruleId": "E1", "level": "error", "message": {"text": "fix me"},
  "locations": [{"physicalLocation": {"artifactLocation": {"uri": "$2"}, "region": {"startLine": 1}}}],
  "fixes": [{"artifactChanges": [{"artifactLocation": {"uri": "$2"}, "replacements": [
    {"deletedRegion": {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1},
     "insertedContent": {"text": "$3"}}]}]}]}]}]}
EOF
}
fp_of() { sqlite3 "$R/.terragon/terragon.db" "SELECT fingerprint FROM item_json WHERE json_extract(json, '$.rule_id') = '$1'"; }

# --- item 1: an imported fix on home/.bashrc, home a committed link out of the tree.
test_case 'a SARIF fix through a committed directory link is refused at import, the victim untouched' <<'CASE'
mkdir -p "$T/victim1" && printf 'alias ls=ls\n' > "$T/victim1/.bashrc"
hostile_repo link_at_import
ln -s "$T/victim1" "$R/home"
commit_repo
sarif_fix "$T/home.sarif" home/.bashrc 'touch PWNED\n'
expect_exit 0 "$TERRAGON" discover --repo-path "$R" --import "$T/home.sarif" $NOW
ID=$(fp_of E1)
[ -n "$ID" ] || fail "the imported result is not in the store"
"$TERRAGON" execute --repo-path "$R" --item "$ID" >"$T/out" 2>"$T/err" && fail "execute applied the fix"
expect_grep 'home/\.bashrc: refusing symbolic link home' "$T/err"
[ "$(cat "$T/victim1/.bashrc")" = 'alias ls=ls' ] || fail "the victim was written: $(cat "$T/victim1/.bashrc")"
CASE

test_case 'a SARIF fix applied in a worktree where its directory became a link writes nothing outside' <<'CASE'
mkdir -p "$T/victim1b" && printf 'alias ls=ls\n' > "$T/victim1b/.bashrc"
hostile_repo link_after_import
mkdir "$R/home" && printf 'alias ls=ls\n' > "$R/home/.bashrc"
commit_repo
sarif_fix "$T/home.sarif" home/.bashrc 'touch PWNED\n'
expect_exit 0 "$TERRAGON" discover --repo-path "$R" --import "$T/home.sarif" $NOW
ID=$(fp_of E1)
[ -n "$ID" ] || fail "the imported result is not in the store"
# The fix was taken on a directory; HEAD now has a link there (what execute's worktree gets).
git -C "$R" rm -rq home && ln -s "$T/victim1b" "$R/home"
git -C "$R" add home && git -C "$R" commit -qm 'home is a link now' && git -C "$R" push -q origin main
"$TERRAGON" execute --repo-path "$R" --item "$ID" >"$T/out" 2>"$T/err" && fail "execute applied the fix"
expect_grep 'SARIF fix: home/\.bashrc: refusing symbolic link home' "$T/err"
[ "$(cat "$T/victim1b/.bashrc")" = 'alias ls=ls' ] || fail "the victim was written: $(cat "$T/victim1b/.bashrc")"
CASE

# --- item 2: the fix's "deleted" text read through a committed link to outside files.
test_case 'an imported fix through a committed link brings no outside bytes into the outputs' <<'CASE'
mkdir -p "$T/victim2" && printf 'root:OUTSIDE-SECRET-BYTES:0:0\n' > "$T/victim2/passwd"
hostile_repo sysetc
ln -s "$T/victim2" "$R/sysetc"
commit_repo
cat > "$T/passwd.sarif" <<'EOF'
{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "evil"}}, "results": [
 {"ruleId": "E2", "level": "error", "message": {"text": "look"},
  "locations": [{"physicalLocation": {"artifactLocation": {"uri": "sysetc/passwd"}, "region": {"startLine": 1}}}],
  "fixes": [{"artifactChanges": [{"artifactLocation": {"uri": "sysetc/passwd"}, "replacements": [
    {"deletedRegion": {"byteOffset": 0, "byteLength": 29}, "insertedContent": {"text": "x"}}]}]}]}]}]}
EOF
expect_exit 0 "$TERRAGON" discover --repo-path "$R" --import "$T/passwd.sarif" $NOW
[ -n "$(fp_of E2)" ] || fail "the imported result is not in the store"
expect_no_grep 'OUTSIDE-SECRET' "$R/value-metrics.json"
expect_no_grep 'OUTSIDE-SECRET' "$R/BACKLOG.md"
expect_exit 0 "$TERRAGON" backlog --repo-path "$R" --format json
expect_no_grep 'OUTSIDE-SECRET' "$T/out"
expect_grep 'sysetc/passwd: refusing symbolic link sysetc' "$T/out"
sqlite3 "$R/.terragon/terragon.db" .dump > "$T/dump.sql"
expect_no_grep 'OUTSIDE-SECRET' "$T/dump.sql"
CASE

# --- item 3: links committed at .terragon/ and its files.
test_case 'a committed .terragon link is refused: no store created where it points' <<'CASE'
mkdir -p "$T/victim3/dir"
hostile_repo dotdir
ln -s "$T/victim3/dir" "$R/.terragon"
make_repo "$R"
"$TERRAGON" discover --repo-path "$R" $NOW >"$T/out" 2>"$T/err" && fail "discover followed .terragon"
expect_grep '\.terragon/config\.yaml: refusing symbolic link \.terragon' "$T/err"
# With the configuration given on the command line, the store is refused the same way.
printf 'execution:\n  min_score: 0\n' > "$T/given.yaml"
"$TERRAGON" discover --repo-path "$R" -c "$T/given.yaml" $NOW >"$T/out" 2>"$T/err" && fail "discover followed .terragon"
expect_grep 'store: \.terragon/terragon\.db: refusing symbolic link \.terragon' "$T/err"
[ -z "$(ls -A "$T/victim3/dir")" ] || fail "written through the link: $(ls -A "$T/victim3/dir")"
CASE

test_case 'a dangling link committed at .terragon/terragon.db creates nothing' <<'CASE'
mkdir -p "$T/victim4"
hostile_repo dangling_db
mkdir "$R/.terragon" && ln -s "$T/victim4/created.db" "$R/.terragon/terragon.db"
printf '.terragon/config.yaml\n' > "$R/.gitignore" # the link itself is committed
make_repo "$R"
"$TERRAGON" discover --repo-path "$R" $NOW >"$T/out" 2>"$T/err" && fail "discover opened the store"
expect_grep 'store: \.terragon/terragon\.db: refusing symbolic link' "$T/err"
[ ! -e "$T/victim4/created.db" ] || fail "created through the link"
CASE

test_case 'a committed .terragon/audit.log link is refused: never migrated, nothing written there' <<'CASE'
mkdir -p "$T/victim5" && printf 'untouched\n' > "$T/victim5/x"
hostile_repo audit
mkdir "$R/.terragon" && ln -s "$T/victim5/x" "$R/.terragon/audit.log"
commit_repo
sarif_fix "$T/a.sarif" a.txt 'new first line\n'
expect_exit 0 "$TERRAGON" discover --repo-path "$R" --import "$T/a.sarif" $NOW
ID=$(fp_of E1)
[ -n "$ID" ] || fail "the imported result is not in the store"
"$TERRAGON" execute --repo-path "$R" --item "$ID" >"$T/out" 2>"$T/err" || true
expect_grep 'the old audit log was not migrated: \.terragon/audit\.log: refusing symbolic link' "$T/err"
[ "$(cat "$T/victim5/x")" = untouched ] || fail "appended through the link: $(cat "$T/victim5/x")"
CASE

test_case 'a committed .terragon/config.yaml link is refused and its target never echoed' <<'CASE'
mkdir -p "$T/victim6" && printf 'SHADOWLINE1: secret\nSHADOWLINE2: secret\n' > "$T/victim6/shadow"
hostile_repo config_link
mkdir "$R/.terragon" && ln -s "$T/victim6/shadow" "$R/.terragon/config.yaml"
printf '' > "$R/.gitignore"
make_repo "$R"
for cmd in discover "config validate" "config show" health backlog; do
  "$TERRAGON" $cmd --repo-path "$R" >"$T/out" 2>"$T/err" && fail "$cmd read the link"
  cat "$T/out" "$T/err" > "$T/both"
  expect_grep 'config\.yaml: refusing symbolic link' "$T/both"
  expect_no_grep 'SHADOWLINE' "$T/both"
done
CASE

# --- item 11: a FIFO at .terragon/config.yaml; `timeout` turns a regression into a failure.
test_case 'a FIFO at .terragon/config.yaml is refused at once by discover, health, config and backlog' <<'CASE'
hostile_repo fifo
make_repo "$R"
mkdir -p "$R/.terragon" && mkfifo "$R/.terragon/config.yaml"
for cmd in discover "config validate" health backlog; do
  rc=0
  timeout 20 "$TERRAGON" $cmd --repo-path "$R" >"$T/out" 2>"$T/err" || rc=$?
  [ "$rc" != 124 ] || fail "$cmd blocked on the FIFO"
  [ "$rc" != 0 ] || fail "$cmd read the FIFO"
  cat "$T/out" "$T/err" > "$T/both"
  expect_grep 'config\.yaml: not a regular file' "$T/both"
done
CASE

# --- the other writers of .terragon/ and readers of configured files, same rule.
test_case 'init refuses a committed .terragon link and writes nothing where it points' <<'CASE'
mkdir -p "$T/victim7"
hostile_repo init_link
ln -s "$T/victim7" "$R/.terragon"
make_repo "$R"
"$TERRAGON" init --repo-path "$R" >"$T/out" 2>"$T/err" && fail "init wrote through the link"
expect_grep '\.terragon: refusing symbolic link' "$T/err"
[ -z "$(ls -A "$T/victim7")" ] || fail "written through the link: $(ls -A "$T/victim7")"
CASE

test_case 'a committed gate log link is refused: the command log goes nowhere outside' <<'CASE'
mkdir -p "$T/victim8" && printf 'untouched\n' > "$T/victim8/x"
hostile_repo gate_log
mkdir "$R/.terragon" && ln -s "$T/victim8/x" "$R/.terragon/gate-lint.log"
make_repo "$R"
printf 'quality_gates:\n  coverage_min: 0\n  commands:\n    - {name: lint, run: "echo lint-ran", timeout_s: 30}\n' \
  > "$R/.terragon/config.yaml"
"$TERRAGON" gate --repo-path "$R" >"$T/out" 2>"$T/err" && fail "gate passed with its log refused"
expect_grep '^command:lint .*fail .*gate-lint\.log: refusing symbolic link' "$T/out"
[ "$(cat "$T/victim8/x")" = untouched ] || fail "written through the link: $(cat "$T/victim8/x")"
CASE

test_case 'a report the configuration imports through a link or from a FIFO is left out' <<'CASE'
mkdir -p "$T/victim9" && printf 'SF:OUTSIDE-LCOV-LINE\n' > "$T/victim9/x.info"
hostile_repo import_glob
mkdir "$R/reports" && ln -s "$T/victim9" "$R/reports/linked" && mkfifo "$R/reports/pipe.info"
make_repo "$R"
mkdir -p "$R/.terragon"
printf 'value_discovery:\n  imports: ["reports/*/*.info", "reports/*.info"]\n' > "$R/.terragon/config.yaml"
rc=0
timeout 20 "$TERRAGON" discover --repo-path "$R" $NOW >"$T/out" 2>"$T/err" || rc=$?
[ "$rc" != 124 ] || fail "discover blocked on the FIFO"
expect_grep 'reports/linked/x\.info: refusing symbolic link reports/linked; not imported' "$T/err"
expect_grep 'reports/pipe\.info: not a regular file; not imported' "$T/err"
cat "$T/out" "$T/err" "$R/value-metrics.json" > "$T/both"
expect_no_grep 'OUTSIDE-LCOV' "$T/both"
CASE

# A committed link in place of the coverage file the gate reads.
test_case 'the coverage gate refuses a coverage file that is a committed link out of the tree' <<'CASE'
mkdir -p "$T/victim_cov"
printf 'TN:\nSF:a.txt\nDA:1,1\nend_of_record\n' > "$T/victim_cov/cov.info"
hostile_repo cov_link
ln -s "$T/victim_cov/cov.info" "$R/cov.info"
commit_repo
printf 'quality_gates:\n  coverage_min: 50\n  coverage_file: cov.info\n' > "$R/.terragon/config.yaml"
expect_exit 1 "$TERRAGON" gate --repo-path "$R"
expect_grep '^coverage .*fail .*cov\.info: refusing symbolic link' "$T/out"
# The same report as a regular file in the tree passes: the link was the reason.
rm "$R/cov.info" && cp "$T/victim_cov/cov.info" "$R/cov.info"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW
expect_exit 0 "$TERRAGON" gate --repo-path "$R"
expect_grep '^coverage .*100\.0% .*pass' "$T/out"
CASE

done_testing
