#!/usr/bin/env bash
# What is read, seen through `terragon count --by-file`: ignore files at every
# level (and above a subdirectory given as PATH), .git/info/exclude,
# .terragonignore, symbolic links never followed, binaries and files over the
# size limit skipped and named under --debug.
. "$(dirname "$0")/lib.sh"

R=$T/repo
mkdir -p "$R/src/sub" "$R/build" "$R/docs" "$R/locked"
c() { echo "int $(basename "$1" | tr -c 'a-z0-9\n' _) = 1;" >"$R/$1"; }
for f in src/main.c src/y.gen.c src/keep.gen.c src/sub/x.gen.c src/sub/only_root.c \
  only_root.c build/out.c docs/d.c secret.c locked/l.c; do
  c "$f"
done
printf 'build/\n*.gen.c\n!keep.gen.c\n/only_root.c\n' >"$R/.gitignore"
printf '!*.gen.c\n' >"$R/src/sub/.gitignore"
printf 'docs/\n' >"$R/.terragonignore"
printf 'int bin;\0\n' >"$R/bin.c"
head -c 3000000 /dev/zero | tr '\0' 'x' >"$R/huge.c"
ln -s src/main.c "$R/link.c"
ln -s src "$R/linkdir"
ln -s loop2 "$R/loop1"
ln -s loop1 "$R/loop2"
make_repo "$R"
echo 'secret.c' >>"$R/.git/info/exclude"

paths() {
  "$TERRAGON" count --by-file --format json "$@" >"$T/json"
  python3 -c 'import json,sys
print(" ".join(sorted(f["path"] for f in json.load(open(sys.argv[1]))["files"])))' "$T/json"
}

test_case 'ignore files at every level, info/exclude and .terragonignore decide what is read' <<'CASE'
got=$(paths "$R")
want="locked/l.c src/keep.gen.c src/main.c src/sub/only_root.c src/sub/x.gen.c"
[ "$got" = "$want" ] || fail "read: got '$got', want '$want'"
CASE

# a subdirectory as PATH: paths relative to it, the root's .gitignore still applies
test_case 'a subdirectory as the path: paths relative to it, the root .gitignore still applies' <<'CASE'
got=$(paths "$R/src")
want="keep.gen.c main.c sub/only_root.c sub/x.gen.c"
[ "$got" = "$want" ] || fail "read under src: got '$got', want '$want'"
CASE

# --no-ignore reads what ignore files skip, but never .git, links, binaries or huge files
test_case '--no-ignore reads what ignore files skip, never .git, links, binaries or huge files' <<'CASE'
got=$(paths --no-ignore "$R")
want="build/out.c docs/d.c locked/l.c only_root.c secret.c src/keep.gen.c src/main.c"
want="$want src/sub/only_root.c src/sub/x.gen.c src/y.gen.c"
[ "$got" = "$want" ] || fail "--no-ignore: got '$got', want '$want'"
CASE

# each skip is named once under --debug, with its reason
test_case 'each skip is named once under --debug, with its reason' <<'CASE'
expect_exit 0 "$TERRAGON" count --debug "$R"
for pair in "bin.c (binary" "huge.c (too-large" "link.c (symlink" "linkdir (symlink" \
  "loop1 (symlink-loop" "loop2 (symlink-loop"; do
  [ "$(grep -cF "walk: skipped $pair" "$T/err")" = 1 ] || {
    cat "$T/err" >&2
    fail "not skipped once: $pair"
  }
done
CASE

# a directory we may not read is reported once, the rest is read; as root
# (which reads through permissions) the walk runs as nobody if it can
test_case 'a directory that may not be read is reported once, the rest is read' <<'CASE'
chmod 000 "$R/locked"
as=()
if [ -r "$R/locked" ] && command -v runuser >/dev/null && [ "$(id -u)" = 0 ]; then
  chmod o+rx "$T"
  as=(runuser -u nobody -- env XDG_CACHE_HOME="$T/nobody-cache")
fi
if [ -r "$R/locked" ] && [ ${#as[@]} = 0 ]; then
  echo "skip: permissions are not enforced for this user"
else
  expect_exit 0 "${as[@]}" "$TERRAGON" count --debug --by-file --format json "$R"
  [ "$(grep -c 'walk: skipped locked/ (unreadable' "$T/err")" = 1 ] || fail "locked/ not reported once"
  expect_grep '"path":"src/main.c"' "$T/out"
  expect_no_grep '"path":"locked/l.c"' "$T/out"
fi
CASE
chmod 755 "$R/locked"

done_testing
