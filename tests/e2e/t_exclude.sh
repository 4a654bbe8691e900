#!/usr/bin/env bash
# The configuration's `exclude` (gitignore globs relative to the repository
# root): every command that walks the tree leaves those paths out, count,
# functions and rules scan alike, --no-ignore or not (exclude is no ignore
# file). The same tree without the configuration shows they are read otherwise.
. "$(dirname "$0")/lib.sh"

R=$T/repo
mkdir -p "$R/src" "$R/skip/deep"
for d in src skip/deep; do
  cat >"$R/$d/code.c" <<'C'
/* TERRAGON_MARKER_1 */
int pick(int a, int b)
{
	if (a && b)
		return 1;
	return 0;
}
C
done
make_repo "$R"
cat >"$T/marker.yaml" <<'YAML'
rules:
  - id: user.marker
    message: marker found
    severity: WARNING
    languages: [generic]
    pattern-regex: 'TERRAGON_MARKER_[0-9]+'
YAML

# walks R (as PATH and as the current directory) with each command; $1: whether
# skip/ is read
check_walks() {
  local want=$1 flag
  for flag in "" --no-ignore; do
    expect_exit 0 "$TERRAGON" count --by-file --format csv $flag "$R"
    expect_grep '^src/code\.c,C,' "$T/out"
    if [ "$want" = read ]; then expect_grep '^skip/deep/code\.c,C,' "$T/out"
    else expect_no_grep '^skip/' "$T/out"; fi

    expect_exit 0 "$TERRAGON" functions --format csv $flag "$R"
    expect_grep '^pick,src/code\.c,' "$T/out"
    if [ "$want" = read ]; then expect_grep '^pick,skip/deep/code\.c,' "$T/out"
    else expect_no_grep 'skip/' "$T/out"; fi

    expect_exit 0 "$TERRAGON" rules scan --pack "$T/marker.yaml" $flag "$R"
    expect_grep '^src/code\.c:1:[0-9]+: [a-z]+ user\.marker ' "$T/out"
    if [ "$want" = read ]; then expect_grep '^skip/deep/code\.c:1:' "$T/out"
    else expect_no_grep 'skip/' "$T/out"; fi
  done
  # the current directory as PATH: the same walk
  (cd "$R" && expect_exit 0 "$TERRAGON" functions --format csv)
  if [ "$want" = read ]; then expect_grep 'skip/deep/code\.c' "$T/out"
  else expect_no_grep 'skip/' "$T/out"; fi
}

test_case 'without exclude, count, functions and rules scan read skip/' <<'CASE'
check_walks read
CASE

test_case 'exclude "skip/" leaves the directory out of every walk' <<'CASE'
mkdir -p "$R/.terragon"
printf 'exclude:\n  - "skip/"\n' >"$R/.terragon/config.yaml"
check_walks excluded
CASE

test_case 'exclude "**/deep/*.c" leaves a file below the root out of every walk' <<'CASE'
mkdir -p "$R/.terragon"
printf 'exclude:\n  - "**/deep/*.c"\n' >"$R/.terragon/config.yaml"
check_walks excluded
CASE

done_testing
