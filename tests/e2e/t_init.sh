#!/usr/bin/env bash
# terragon init: writes the commented example, ignores the store once, never overwrites
# without --force.
. "$(dirname "$0")/lib.sh"

R="$T/repo"
make_repo "$R"
mkdir -p "$R/sub/dir"

# From a subdirectory: the file lands at the repository root.
test_case 'from a subdirectory init writes the example at the root and ignores the store' <<'CASE'
(cd "$R/sub/dir" && expect_exit 0 "$TERRAGON" init)
[ -f "$R/.terragon/config.yaml" ] || fail "no .terragon/config.yaml at the root"; ok
[ ! -e "$R/sub/dir/.terragon" ] || fail ".terragon written in the subdirectory"; ok
cmp -s "$R/.terragon/config.yaml" "$TG_SOURCE_DIR/docs/config.yaml.example" ||
  fail "the written file differs from docs/config.yaml.example"; ok
expect_grep '^\.terragon/\*\.db\*$' "$R/.gitignore"
CASE

# The written file is valid, and every value comes from it.
test_case 'the written file is valid' <<'CASE'
expect_exit 0 "$TERRAGON" config validate --repo-path "$R"
expect_grep 'valid' "$T/out"
CASE

# Never overwritten without --force; the user's edit survives.
test_case 'an existing file is never overwritten without --force' <<'CASE'
echo "thresholds: {ccn: 42}" >"$R/.terragon/config.yaml"
expect_exit 2 "$TERRAGON" init --repo-path "$R"
expect_grep 'already exists.*--force' "$T/err"
expect_grep 'ccn: 42' "$R/.terragon/config.yaml"
CASE

# --force replaces it; .gitignore still has the line once.
test_case '--force replaces it; .gitignore still has the line once' <<'CASE'
expect_exit 0 "$TERRAGON" init --repo-path "$R" --force
expect_no_grep 'ccn: 42' "$R/.terragon/config.yaml"
[ "$(grep -c '^\.terragon/\*\.db\*$' "$R/.gitignore")" = 1 ] || fail ".gitignore line not once"; ok
CASE

# An existing .gitignore without a final newline keeps its lines.
test_case 'an existing .gitignore without a final newline keeps its lines' <<'CASE'
R2="$T/repo2"
make_repo "$R2"
printf 'node_modules/' >"$R2/.gitignore"
expect_exit 0 "$TERRAGON" init --repo-path "$R2"
expect_grep '^node_modules/$' "$R2/.gitignore"
expect_grep '^\.terragon/\*\.db\*$' "$R2/.gitignore"
CASE

# A directory that is not a git repository is its own root.
test_case 'a directory that is not a git repository is its own root' <<'CASE'
mkdir -p "$T/plain"
expect_exit 0 "$TERRAGON" init --repo-path "$T/plain"
[ -f "$T/plain/.terragon/config.yaml" ] || fail "no config in a plain directory"; ok
CASE

# A directory where the file should be: refused even with --force.
test_case 'a directory where the file should be is refused even with --force' <<'CASE'
R3="$T/repo3"
make_repo "$R3"
mkdir -p "$R3/.terragon/config.yaml"
expect_exit 2 "$TERRAGON" init --repo-path "$R3" --force
expect_grep 'is a directory' "$T/err"
CASE

test_case 'a path that does not exist is bad usage' <<'CASE'
expect_exit 2 "$TERRAGON" init --repo-path "$T/does-not-exist"
CASE
done_testing
