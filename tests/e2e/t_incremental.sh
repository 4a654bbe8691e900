#!/usr/bin/env bash
# Incremental discover (issue 16): an absolute store.path is used as given;
# a rerun over an unchanged tree reads no commit, blames no file and
# analyses no file (checked through --debug counters, not timings); a new
# commit reads only itself; rewritten history is read again; a changed file
# is analysed again alone; a changed rule pack or threshold invalidates.
source "$(dirname "$0")/lib.sh"

R="$T/repo"
mkdir -p "$R/src"
for i in 1 2 3 4; do
  printf 'int f%s(int a) {\n\tif (a) return 1;\n\treturn 0; /* TODO: f%s */\n}\n' "$i" "$i" >"$R/src/f$i.c"
done
make_repo "$R"
# An author gone for years, whose lines survive: knowledge risk blames old.c.
printf 'int old(int a) {\n\treturn a + 1;\n}\n' >"$R/src/old.c"
git -C "$R" add src/old.c
GIT_AUTHOR_NAME=Old GIT_AUTHOR_EMAIL=old@example.com GIT_AUTHOR_DATE='2015-01-01T00:00:00Z' \
  git -C "$R" commit -qm 'old code'
export TERRAGON_HISTORY__KNOWLEDGE_MIN_LINES=1
for i in 1 2; do
  echo "// change $i" >>"$R/src/f$i.c"
  git -C "$R" commit -qam "change $i"
done

# The number after "$1 " in the last --debug line holding it.
counter() { sed -n "s/.*$1 \([0-9][0-9]*\).*/\1/p" "$T/err" | tail -1; }
expect_counter() {
  local got
  got=$(counter "$1")
  [ "$got" = "$2" ] || { cat "$T/err" >&2; fail "$1 $got, want $2"; }
  ok
}

test_case 'an absolute TERRAGON_STORE__PATH is used as it is' <<'CASE'
TERRAGON_STORE__PATH="$T/elsewhere/terragon.db" expect_exit 0 "$TERRAGON" discover -C "$R"
[ -f "$T/elsewhere/terragon.db" ] || fail "no store at the absolute path"
[ ! -e "$R/.terragon/terragon.db" ] || fail "a store in the repository"
[ ! -e "$R/$T/elsewhere/terragon.db" ] || fail "the absolute path was taken as relative"
TERRAGON_STORE__PATH="$T/elsewhere/terragon.db" expect_exit 0 "$TERRAGON" runs -C "$R"
expect_grep 'discover' "$T/out"
CASE

test_case 'a first run reads every commit and analyses every file' <<'CASE'
expect_exit 0 "$TERRAGON" discover -C "$R" --debug
expect_counter 'commits read' 4
expect_counter 'files analysed' 5
expect_counter 'blame: ran' 2
cp "$R/value-metrics.json" "$T/first.json"
CASE

test_case 'an unchanged rerun reads 0 commits, blames nothing, analyses 0 files' <<'CASE'
expect_exit 0 "$TERRAGON" discover -C "$R" --debug
expect_counter 'commits read' 0
expect_counter 'commits read 0, served from the store' 4
expect_counter 'files analysed' 0
expect_counter 'served from cache' 5
expect_counter 'blame: ran 0, reused' 2
expect_counter 'blame: ran' 0
CASE

test_case 'a new commit reads only that commit and re-analyses only its file' <<'CASE'
echo '// change 3' >>"$R/src/f3.c"
git -C "$R" commit -qam 'change 3'
expect_exit 0 "$TERRAGON" discover -C "$R" --debug
expect_counter 'commits read' 1
expect_counter 'files analysed' 1
expect_counter 'served from cache' 4
CASE

test_case 'a file edited in the work tree re-analyses only it, and its items follow' <<'CASE'
printf 'int g(void) { return 0; } /* FIXME: g */\n' >>"$R/src/f4.c"
expect_exit 0 "$TERRAGON" discover -C "$R" --debug
expect_counter 'files analysed' 1
expect_grep 'FIXME: g' "$R/BACKLOG.md"
git -C "$R" checkout -q -- src/f4.c
expect_exit 0 "$TERRAGON" discover -C "$R" --debug
expect_counter 'files analysed' 1
expect_no_grep 'FIXME: g' "$R/BACKLOG.md"
CASE

test_case 'rewritten history (an amended commit) is read again from the start' <<'CASE'
git -C "$R" commit -q --amend -m 'change 3, amended'
expect_exit 0 "$TERRAGON" discover -C "$R" --debug
expect_grep 'no longer an ancestor of HEAD' "$T/err"
expect_counter 'commits read' 5
CASE

test_case 'a changed threshold invalidates the per-file results' <<'CASE'
expect_exit 0 "$TERRAGON" discover -C "$R" --debug
expect_counter 'files analysed' 0
TERRAGON_THRESHOLDS__CCN=1 expect_exit 0 "$TERRAGON" discover -C "$R" --debug
expect_counter 'files analysed' 5
CASE

test_case 'a changed rule pack invalidates the per-file results' <<'CASE'
mkdir -p "$R/.terragon/rules"
cat >"$R/.terragon/rules/own.yaml" <<'YAML'
rules:
  - id: own-return-one
    pattern-regex: 'return 1;'
    message: returns one
    severity: INFO
    languages: [c]
YAML
cat >"$R/.terragon/config.yaml" <<'YAML'
rules:
  packs: [.terragon/rules/own.yaml]
YAML
expect_exit 0 "$TERRAGON" discover -C "$R" --debug
expect_counter 'files analysed' 5
expect_exit 0 "$TERRAGON" discover -C "$R" --debug
expect_counter 'files analysed' 0
sed -i 's/return 1;/return 0;/' "$R/.terragon/rules/own.yaml"
expect_exit 0 "$TERRAGON" discover -C "$R" --debug
expect_counter 'files analysed' 5
CASE

test_case 'a corrupted per-file cache is rebuilt with a warning and the same results' <<'CASE'
rm -rf "$R/.terragon"
expect_exit 0 "$TERRAGON" discover -C "$R" --debug
grep -v 'Updated' "$R/BACKLOG.md" >"$T/before.md"
for f in "$R"/.terragon/cache/scan-*; do printf 'garbage' | dd of="$f" bs=1 seek=100 conv=notrunc 2>/dev/null; done
expect_exit 0 "$TERRAGON" discover -C "$R" --debug
expect_grep 'cache is damaged' "$T/err"
expect_counter 'files analysed' 5
grep -v 'Updated' "$R/BACKLOG.md" | diff "$T/before.md" - || fail "results differ after rebuilding the cache"
CASE

test_case 'results served from the cache are those of a run without it' <<'CASE'
expect_exit 0 "$TERRAGON" discover -C "$R" --debug
expect_counter 'files analysed' 0
grep -v 'Updated' "$R/BACKLOG.md" >"$T/cached.md"
TERRAGON_STORE__PATH="$T/cold/terragon.db" expect_exit 0 "$TERRAGON" discover -C "$R" --debug
expect_counter 'files analysed' 5
grep -v 'Updated' "$R/BACKLOG.md" | diff "$T/cached.md" - || fail "BACKLOG.md differs from a cold run's"
CASE

done_testing
