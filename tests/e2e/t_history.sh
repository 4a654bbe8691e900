#!/usr/bin/env bash
# terragon hotspots / coupling / owners on repositories built here with fixed
# dates, so every number is exact.
. "$(dirname "$0")/lib.sh"

# c NAME EMAIL DAY MSG: commit as NAME on 2024-01-DAY at noon UTC.
c() {
  GIT_AUTHOR_NAME="$1" GIT_AUTHOR_EMAIL="$2" GIT_AUTHOR_DATE="2024-01-$3T12:00:00Z" \
  GIT_COMMITTER_DATE="2024-01-$3T12:00:00Z" git commit -q --allow-empty -m "$4"
}
NOW=--now=2024-03-01T00:00:00Z
R=$T/r
mkdir -p "$R" && cd "$R" && git init -q -b main
printf 'Ana Lima <ana@x> <ana.old@x>\n' > .mailmap
printf 'int f(int x)\n{\n\tif (x)\n\t\treturn 1;\n\tif (x > 2)\n\t\treturn 2;\n\treturn 0;\n}\n' > core.c
printf 'int g(void);\n' > core.h
printf '\211PNG\0\1\2\3' > logo.png
git add . && c 'Ana Lima' ana@x 01 one
for d in 02 03 04 05 06; do
  echo "/* $d */" >> core.c; echo "/* $d */" >> core.h; git add . && c Bo bo@x $d "both $d"
done
echo '/* 07 */' >> core.c && git add . && c 'Ana' ana.old@x 07 mailmapped
echo '/* 08 */' >> core.c && git add . && c 'dependabot[bot]' 49699333+dependabot[bot]@users.noreply.github.com 08 bump
printf '\211PNG\0\4' > logo.png && git add . && c Bo bo@x 09 binary
git mv core.h api.h && echo '/* 10 */' >> api.h && git add . && c Bo bo@x 10 rename
printf 'Jos\xe9 <jose@x>' >/dev/null
GIT_AUTHOR_NAME=$(printf 'Jos\xe9') GIT_AUTHOR_EMAIL=jose@x GIT_AUTHOR_DATE=2024-01-11T12:00:00Z \
  GIT_COMMITTER_DATE=2024-01-11T12:00:00Z git -c i18n.commitEncoding=ISO-8859-1 commit -q --allow-empty -m latin1
echo 'x' > notes.txt && git add . && GIT_AUTHOR_NAME=$(printf 'Jos\xe9') GIT_AUTHOR_EMAIL=jose@x \
  GIT_AUTHOR_DATE=2024-01-12T12:00:00Z GIT_COMMITTER_DATE=2024-01-12T12:00:00Z git commit -q -m raw 2>/dev/null

# hotspots, JSON: exactly the documented keys; core.c has 2 decision points.
test_case 'hotspots --format json: the documented keys, revisions, authors, trend; binaries left out' <<'CASE'
expect_exit 0 "$TERRAGON" hotspots --format json $NOW
python3 - "$T/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert list(d) == ["hotspots"], d
h = d["hotspots"][0]
assert list(h) == ["path", "revisions", "added", "deleted", "authors", "main_author", "complexity", "score", "trend"], h
# The complexity at each of its 8 revisions, oldest first.
assert h["trend"] == [2] * 8, h
assert h["path"] == "core.c" and h["revisions"] == 8, h
# 8 revisions within days of the newest commit: activity just under 8, x sqrt(2)
assert h["complexity"] == 2 and 10.9 < h["score"] < 11.32, h
# Ana wrote 8 + 1 lines (the mailmap folds ana.old@x), Bo 5; the bot (1) is no author.
assert h["authors"] == 2 and h["main_author"] == "Ana Lima", h
assert h["added"] == 15 and h["deleted"] == 0, h
assert all(x["path"] != "logo.png" for x in d["hotspots"]), d
PY
CASE
test_case 'hotspots as a table and as CSV' <<'CASE'
expect_exit 0 "$TERRAGON" hotspots $NOW
expect_grep 'core\.c' "$T/out"
expect_grep 'TREND' "$T/out"
expect_exit 0 "$TERRAGON" hotspots --format csv $NOW
expect_grep '^path,revisions,added,deleted,authors,main_author,complexity,score' "$T/out"
expect_grep '^core\.c,8,15,0,2,Ana Lima,2,11,' "$T/out"
CASE

# The rename is followed: api.h carries core.h's 6 revisions, core.h is gone.
test_case 'coupling follows a rename: api.h carries core.h revisions' <<'CASE'
expect_exit 0 "$TERRAGON" coupling --format json --min-revs 1 --min-shared-revs 5 $NOW
python3 - "$T/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert list(d) == ["pairs"], d
p = d["pairs"]
assert len(p) == 1, p
assert list(p[0]) == ["a", "b", "shared_revisions", "degree"], p
# 6 shared (the first commit and five more) of (8 + 7) / 2 revisions: 80.
assert p[0]["a"] == "api.h" and p[0]["b"] == "core.c", p
assert p[0]["shared_revisions"] == 6 and p[0]["degree"] == 80, p
PY
expect_exit 0 "$TERRAGON" coupling --format csv --min-revs 1 --min-shared-revs 5 $NOW
expect_grep '^api\.h,core\.c,6,80$' "$T/out"
CASE

# owners: shares, the non-UTF-8 author as UTF-8, inactive authors.
test_case 'owners: shares, a non-UTF-8 author as UTF-8, inactive authors; a path never changed is an error' <<'CASE'
expect_exit 0 "$TERRAGON" owners api.h --format json $NOW
python3 - "$T/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["path"] == "api.h" and d["revisions"] == 7, d
assert d["main_author"] == "Bo" and d["bus_factor"] == 1, d
assert [a["author"] for a in d["authors"]] == ["Bo", "Ana Lima"], d
PY
expect_exit 0 "$TERRAGON" owners notes.txt --format json $NOW
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['main_author']=='Jos\u00e9', d" "$T/out"
# A year after the newest commit nobody is inactive: inactivity counts back from the newest commit.
expect_exit 0 "$TERRAGON" owners core.c --now=2025-01-01T00:00:00Z
expect_grep 'knowledge at risk 0%' "$T/out"
expect_no_grep '\(inactive\)' "$T/out"
# With no grace at all, Ana and Bo (not José, the newest) are inactive; blame counts core.c's lines.
TERRAGON_HISTORY__INACTIVE_MONTHS=0 expect_exit 0 "$TERRAGON" owners core.c $NOW
expect_grep 'knowledge at risk 100%' "$T/out"
expect_grep '\(inactive\)' "$T/out"
expect_grep '^14 lines at HEAD \(git blame\): main author Ana Lima' "$T/out"
expect_exit 0 "$TERRAGON" owners core.c --format json $NOW
python3 - "$T/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
b = d["blame"]
# 8 lines and one more of Ana's (one under her old address), 5 of Bo's; the bot's is left out.
assert b["lines"] == 14 and b["bot_lines"] == 1 and b["main_author"] == "Ana Lima", b
assert [(a["author"], a["lines"]) for a in b["authors"]] == [("Ana Lima", 9), ("Bo", 5)], b
assert [a["lines"] for a in d["authors"]] == [9, 5], d
PY
expect_exit 0 "$TERRAGON" owners core.c --no-blame --format json $NOW
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['blame'] is None, d" "$T/out"
expect_exit 2 "$TERRAGON" owners core.h
expect_grep 'no commit changed this path' "$T/err"
expect_exit 2 "$TERRAGON" owners
CASE

# Bad usage and places that are not repositories.
test_case 'bad usage and places that are not repositories' <<'CASE'
expect_exit 2 "$TERRAGON" hotspots --format xml
expect_exit 2 "$TERRAGON" coupling --repo-path /
expect_grep 'not inside a git working tree' "$T/err"
CASE

# Read-only: nothing written into a tree without .terragon/.
test_case 'nothing written into a tree without .terragon/' <<'CASE'
expect_exit 0 git status --porcelain --ignored
[ ! -s "$T/out" ] || fail "the tree changed: $(cat "$T/out")"; ok
CASE

# Incremental: a rerun after new commits (one a rename) equals a full read.
test_case 'incremental: a rerun after new commits, one a rename, equals a full read' <<'CASE'
"$TERRAGON" hotspots --format csv -n 0 $NOW >/dev/null
git mv api.h iface.h && echo '/* 13 */' >> iface.h && git add . &&
  printf 'int h(int y)\n{\n\tif (y)\n\t\treturn 1;\n\treturn 0;\n}\n' >> core.c && git add . &&
  c Bo bo@x 13 again
expect_exit 0 "$TERRAGON" hotspots --format csv -n 0 $NOW -v
cp "$T/out" "$T/inc"
expect_exit 0 "$TERRAGON" hotspots --format csv -n 0 $NOW --no-cache
cmp "$T/out" "$T/inc" || fail "incremental differs from a full read"; ok
# The trend: the 8 stored revisions' complexity (kept from the first run) and the new one.
expect_exit 0 "$TERRAGON" hotspots --format json $NOW --debug
expect_grep 'git cat-file not needed' "$T/err"
python3 -c "import json,sys; h=json.load(open(sys.argv[1]))['hotspots'][0]; \
assert h['path']=='core.c' and h['trend']==[2]*8+[3], h" "$T/out"
expect_exit 0 "$TERRAGON" owners iface.h --format json $NOW
expect_grep '"revisions":8' "$T/out"
CASE
# Rewritten history (an amended commit): detected and reread.
test_case 'rewritten history is detected and reread' <<'CASE'
echo '/* amended */' >> core.c && git add . && \
  GIT_COMMITTER_DATE=2024-01-13T13:00:00Z git commit -q --amend --no-edit
expect_exit 0 "$TERRAGON" hotspots --format csv -n 0 $NOW -v
cp "$T/out" "$T/inc"
expect_grep 'no longer an ancestor' "$T/err"
expect_exit 0 "$TERRAGON" hotspots --format csv -n 0 $NOW --no-cache
cmp "$T/out" "$T/inc" || fail "after a rewrite the rerun differs from a full read"; ok
CASE

# --since and --first-parent.
test_case '--since and --first-parent' <<'CASE'
expect_exit 0 "$TERRAGON" hotspots --format csv --since 2024-01-07T00:00:00Z $NOW
expect_grep '^core\.c,3,' "$T/out"
git checkout -q -b side && echo '/* side */' >> core.c && git add . && c Bo bo@x 14 side
git checkout -q main && GIT_AUTHOR_DATE=2024-01-15T12:00:00Z GIT_COMMITTER_DATE=2024-01-15T12:00:00Z \
  git merge -q --no-ff -m merge side
expect_exit 0 "$TERRAGON" hotspots --format csv $NOW
expect_grep '^core\.c,10,' "$T/out"
expect_exit 0 "$TERRAGON" hotspots --format csv --first-parent $NOW
expect_grep '^core\.c,10,' "$T/out"
CASE

# Detached HEAD: the history up to that commit.
test_case 'a detached HEAD: the history up to that commit' <<'CASE'
git checkout -q --detach HEAD~3
expect_exit 0 "$TERRAGON" hotspots --format csv $NOW
expect_grep '^core\.c,8,' "$T/out"
git checkout -q main
CASE

# Shallow clone: partial, with a warning that says how to get everything.
test_case 'a shallow clone: partial, with a warning that says how to get everything' <<'CASE'
git clone -q --depth 3 "file://$R" "$T/shallow"
expect_exit 0 "$TERRAGON" hotspots --format json --repo-path "$T/shallow" $NOW
expect_grep '"partial":true' "$T/out"
expect_grep 'git fetch --unshallow' "$T/err"
expect_grep 'fetch-depth: 0' "$T/err"
CASE

# Empty repository: no commits, an empty list, success.
test_case 'an empty repository: empty lists, success' <<'CASE'
git init -q -b main "$T/empty"
expect_exit 0 "$TERRAGON" hotspots --format json --repo-path "$T/empty"
expect_grep '^\{"hotspots":\[\]\}$' "$T/out"
expect_exit 0 "$TERRAGON" coupling --format json --repo-path "$T/empty"
expect_grep '^\{"pairs":\[\]\}$' "$T/out"
CASE

# A submodule is a path without a file: no hotspot, no failure.
test_case 'a submodule is a path without a file: no hotspot, no failure' <<'CASE'
git -C "$T/empty" commit -q --allow-empty -m root
git -c protocol.file.allow=always submodule -q add "file://$T/empty" sub 2>/dev/null
c Bo bo@x 16 submodule
expect_exit 0 "$TERRAGON" hotspots --format csv -n 0 $NOW
expect_no_grep '^sub,' "$T/out"
expect_exit 0 "$TERRAGON" owners sub --format json $NOW
expect_grep '"revisions":1' "$T/out"
CASE

# A commit touching 3000 files counts for each, but not for coupling.
test_case 'a commit touching 3000 files counts for each file but not for coupling' <<'CASE'
mkdir -p many && for i in $(seq 1 3000); do echo "$i" > many/f$i.c; done
git add many && c Bo bo@x 17 many
echo more >> many/f1.c && echo more >> many/f2.c && git add many && c Bo bo@x 18 pair
expect_exit 0 "$TERRAGON" owners many/f3000.c --format json $NOW
expect_grep '"revisions":1' "$T/out"
expect_exit 0 "$TERRAGON" coupling --format csv --min-revs 1 --min-shared-revs 1 --min-coupling 1 -n 0 $NOW
# (as in code-maat, the large commit counts for neither file's revisions here)
expect_grep '^many/f1\.c,many/f2\.c,1,100$' "$T/out"
expect_no_grep 'f3000' "$T/out"
CASE

# A path on the command line is relative to the current directory.
test_case 'a path on the command line is relative to the current directory' <<'CASE'
cd many
expect_exit 0 "$TERRAGON" owners f1.c --format json $NOW
expect_grep '"path":"many/f1\.c"' "$T/out"
expect_grep '"revisions":2' "$T/out"
cd ..
CASE

# A corrupt object: an error naming it; the commits read before it are kept.
test_case 'a corrupt object: an error naming it; the commits read before it are kept' <<'CASE'
git init -q -b main "$T/corrupt" && cd "$T/corrupt"
for i in 1 2 3 4; do echo "int f$i(int x) { if (x) return 1; return 0; }" > f$i.c; git add . && c Bo bo@x 0$i c$i; done
blob=$(git rev-parse HEAD~2:f2.c) && rm -f ".git/objects/${blob:0:2}/${blob:2}"
expect_exit 0 "$TERRAGON" hotspots --format json $NOW
expect_grep "unable to read $blob" "$T/err"
expect_grep '"partial":true' "$T/out"
expect_grep '"path":"f4\.c"' "$T/out"
CASE

done_testing
