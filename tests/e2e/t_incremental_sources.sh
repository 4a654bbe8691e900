#!/usr/bin/env bash
# Incremental discover (issue 16), the sources besides the scanner and the
# history's commits: the recent-change blames (discover/recent.c), the
# dependency inventory, the architecture's imports and the compliance audit
# keep each input's results between runs. Checked through --debug counters,
# not timings: an unchanged rerun reads and blames nothing; a changed input
# is read again alone; what invalidates a cache (.mailmap, a rewritten
# history, a damaged cache file) does; and what is served equals a cold run.
source "$(dirname "$0")/lib.sh"

R="$T/repo"
mkdir -p "$R/src" "$R/web" "$R/api" "$R/.github/workflows"
# Complex at CCN 1: every function with a branch is a complex-function item,
# whose recent changes discover/recent.c blames.
export TERRAGON_THRESHOLDS__CCN=1
for i in 1 2 3; do
  printf '#include "f%s.h"\nint f%s(int a, int b) {\n\tif (a) return 1;\n\tif (b) return 2;\n\treturn 0;\n}\n' \
    "$i" "$i" >"$R/src/f$i.c"
done
# An include cycle: an architecture item made from the cached imports. The
# architecture reads 7 files: these six and web/package.json (how bare
# JavaScript specifiers resolve).
printf '#include "f2.h"\n' >"$R/src/f1.h"
printf '#include "f1.h"\n' >"$R/src/f2.h"
printf '\n' >"$R/src/f3.h"
# Two manifests in two directories, and a lockfile that disagrees with its
# manifest (a warning, which comes from the kept entries too).
printf '{"name":"web","version":"1.0.0","dependencies":{"left-pad":"^1.3.0"}}\n' >"$R/web/package.json"
cat >"$R/web/package-lock.json" <<'JSON'
{"name":"web","version":"1.0.0","lockfileVersion":3,"packages":{
 "":{"name":"web","version":"1.0.0","dependencies":{"left-pad":"^1.3.0"}},
 "node_modules/left-pad":{"version":"1.1.0"}}}
JSON
printf 'flask==2.0.0\n' >"$R/api/requirements.txt"
for w in a b; do
  printf 'on: pull_request_target\njobs:\n  %s:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n' \
    "$w" >"$R/.github/workflows/$w.yml"
done
make_repo "$R"
for i in 1 2 3; do
  sed -i "s/return 1;/return 1 + $i;/" "$R/src/f$i.c"
  git -C "$R" commit -qam "fix f$i"
done

counter() { sed -n "s/.*$1 \([0-9][0-9]*\).*/\1/p" "$T/err" | tail -1; }
expect_counter() {
  local got
  got=$(counter "$1")
  [ "$got" = "$2" ] || { cat "$T/err" >&2; fail "'$1' $got, want $2"; }
  ok
}
# BACKLOG.md without its date and the store's item ids, to compare runs.
backlog() {
  grep -v -e 'Updated' -e 'terragon explain' "$R/BACKLOG.md" |
    sed -e 's/`[0-9a-f]\{8\}` |$//' -e 's/ (`[0-9a-f]\{8\}`)$//'
}

test_case 'a first run blames, reads and audits every input' <<'CASE'
expect_exit 0 "$TERRAGON" discover -C "$R" --debug
expect_counter 'recent: blames ran' 3
expect_counter 'dependencies: files read' 3
expect_counter 'architecture: files read' 7
expect_counter 'compliance: files read' 2
expect_grep 'lockfile disagrees with manifest' "$T/err"
expect_grep 'architecture/import-cycle' "$R/value-metrics.json"
expect_grep 'changes_24m=' "$R/value-metrics.json"
CASE

test_case 'an unchanged rerun blames nothing and reads no input, with the same results' <<'CASE'
backlog >"$T/first.md"
expect_exit 0 "$TERRAGON" discover -C "$R" --debug
expect_counter 'recent: blames ran' 0
expect_counter 'recent: blames ran 0, reused' 3
expect_counter 'dependencies: files read 0, served from cache' 3
expect_counter 'architecture: files read 0, served from cache' 7
expect_counter 'compliance: files read 0, served from cache' 2
expect_grep "architecture: the graph's items served from cache" "$T/err"
expect_grep 'lockfile disagrees with manifest' "$T/err"
backlog | diff "$T/first.md" - || fail "BACKLOG.md differs from the first run's"
CASE

test_case 'a changed include resolves the graph again, and its items follow' <<'CASE'
printf '#include "f1.h"\n' >"$R/src/f3.h"
printf '#include "f3.h"\n' >"$R/src/f2.h"
expect_exit 0 "$TERRAGON" discover -C "$R" --debug
expect_counter 'architecture: files read 2, served from cache' 5
expect_no_grep "the graph's items served from cache" "$T/err"
grep -q 'src/f3.h' "$R/value-metrics.json" || fail "the new cycle through f3.h is not there"
git -C "$R" checkout -q -- src/f2.h src/f3.h
expect_exit 0 "$TERRAGON" discover -C "$R" --debug
expect_no_grep "the graph's items served from cache" "$T/err"
backlog | diff "$T/first.md" - || fail "BACKLOG.md differs from the first run's"
CASE

test_case 'a new commit blames only its file again' <<'CASE'
sed -i 's/return 2;/return 2 + 10;/' "$R/src/f2.c"
git -C "$R" commit -qam 'fix f2 again'
expect_exit 0 "$TERRAGON" discover -C "$R" --debug
expect_counter 'recent: blames ran' 1
expect_counter 'recent: blames ran 1, reused' 2
expect_counter 'architecture: files read 1, served from cache' 6
CASE

test_case 'a changed manifest is read again with its neighbours only' <<'CASE'
printf 'flask==2.0.1\n' >"$R/api/requirements.txt"
expect_exit 0 "$TERRAGON" discover -C "$R" --debug
expect_counter 'dependencies: files read 1, served from cache' 2
printf '{"name":"web","version":"1.0.0","dependencies":{"left-pad":"^1.1.0"}}\n' >"$R/web/package.json"
expect_exit 0 "$TERRAGON" discover -C "$R" --debug
# the lockfile beside it is read again too: its reader reads the manifest
expect_counter 'dependencies: files read 2, served from cache' 1
expect_no_grep 'lockfile disagrees with manifest' "$T/err"
CASE

test_case 'a changed workflow is audited again alone' <<'CASE'
printf 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n' >"$R/.github/workflows/a.yml"
expect_exit 0 "$TERRAGON" discover -C "$R" --debug
expect_counter 'compliance: files read 1, served from cache' 1
CASE

test_case 'results served from every cache are those of a cold run' <<'CASE'
expect_exit 0 "$TERRAGON" discover -C "$R" --debug
expect_counter 'recent: blames ran' 0
backlog >"$T/cached.md"
cp "$R/value-metrics.json" "$T/cached.json"
# The imports cache is the repository's (.terragon/cache, shared with deps-graph and
# review), not the store's: served here too, while the graph is resolved again.
TERRAGON_STORE__PATH="$T/cold/terragon.db" expect_exit 0 "$TERRAGON" discover -C "$R" --debug
expect_counter 'recent: blames ran' 3
expect_counter 'dependencies: files read' 3
expect_no_grep "the graph's items served from cache" "$T/err"
backlog | diff "$T/cached.md" - || fail "BACKLOG.md differs from a cold run's"
# the recent changes weighed from kept blames are those a fresh blame gives
grep -o 'changes_24m=[0-9]* fixes_24m=[0-9]* lines_24m=[0-9]*' "$T/cached.json" | sort >"$T/cached.w"
grep -o 'changes_24m=[0-9]* fixes_24m=[0-9]* lines_24m=[0-9]*' "$R/value-metrics.json" | sort |
  diff "$T/cached.w" - || fail "recent changes differ from a cold run's"
[ -s "$T/cached.w" ] || fail "no recent changes weighed"
CASE

test_case 'a changed threshold re-analyses the scanner files only' <<'CASE'
TERRAGON_THRESHOLDS__CCN=2 expect_exit 0 "$TERRAGON" discover -C "$R" --debug
expect_counter 'scanner: files analysed 10, served from cache' 0
expect_counter 'architecture: files read 0, served from cache' 7
expect_counter 'dependencies: files read 0, served from cache' 3
expect_counter 'compliance: files read 0, served from cache' 2
CASE

test_case 'a new .mailmap blames every file again' <<'CASE'
printf 'Tester <test@example.com> Test <test@example.com>\n' >"$R/.mailmap"
expect_exit 0 "$TERRAGON" discover -C "$R" --debug
expect_counter 'recent: blames ran' 3
expect_exit 0 "$TERRAGON" discover -C "$R" --debug
expect_counter 'recent: blames ran' 0
CASE

test_case 'rewritten history (a force push) is read again, and changed files blamed again' <<'CASE'
git -C "$R" reset -q --hard HEAD~2
sed -i 's/if (b) return 2;/if (b) return 22;/' "$R/src/f3.c"
git -C "$R" commit -qam 'f3, rewritten'
expect_exit 0 "$TERRAGON" discover -C "$R" --debug
expect_grep 'no longer an ancestor of HEAD' "$T/err"
expect_counter 'commits read' "$(git -C "$R" rev-list --count HEAD)"
expect_counter 'recent: blames ran' 2
CASE

test_case 'a damaged cache file is rebuilt with a warning and the same results' <<'CASE'
expect_exit 0 "$TERRAGON" discover -C "$R" --debug
backlog >"$T/before.md"
for f in "$R"/.terragon/cache/arch-* "$R"/.terragon/cache/deps-* "$R"/.terragon/cache/compliance-*; do
  printf 'garbage' | dd of="$f" bs=1 seek=$(($(stat -c %s "$f") - 7)) conv=notrunc 2>/dev/null
done
expect_exit 0 "$TERRAGON" discover -C "$R" --debug
expect_grep 'cache is damaged' "$T/err"
expect_counter 'architecture: files read' 7
expect_counter 'dependencies: files read' 3
expect_counter 'compliance: files read' 2
backlog | diff "$T/before.md" - || fail "results differ after rebuilding the caches"
CASE

done_testing
