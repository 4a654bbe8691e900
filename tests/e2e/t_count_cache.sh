#!/usr/bin/env bash
# terragon count's per-file cache: a second run over an unchanged tree reads
# and analyzes no file and prints the same bytes; a changed file is analyzed
# again, alone; the cache lives under $XDG_CACHE_HOME, never in a tree
# without .terragon/ (then under .terragon/cache/); --no-cache bypasses it.
source "$(dirname "$0")/lib.sh"

R="$T/repo"
mkdir -p "$R/src/sub"
printf 'int main(void) {\n\tif (a && b) return 1;\n\treturn 0;\n}\n' >"$R/src/main.c"
printf '#ifndef X\n#define X\nint f(void);\n#endif\n' >"$R/src/sub/x.h"
printf 'def f(x):\n    """Doc"""\n    return x if x else 0\n' >"$R/src/tool.py"
printf 'just text\n' >"$R/notes.txt"
make_repo "$R"
printf 'print("untracked")\n' >"$R/src/new.py"
before=$(cd "$R" && find . -path ./.git -prune -o -print | sort; git -C "$R" status --porcelain)

test_case '--no-cache writes no cache' <<'CASE'
for fmt in json csv table; do
  expect_exit 0 "$TERRAGON" count --by-file --format "$fmt" --no-cache "$R"
  cp "$T/out" "$T/nocache.$fmt"
done
[ ! -e "$T/cache/terragon" ] || fail "--no-cache wrote a cache"
CASE

test_case 'a first run analyzes every file and writes the cache under XDG_CACHE_HOME' <<'CASE'
expect_exit 0 "$TERRAGON" count --by-file --format json --debug "$R"
cp "$T/out" "$T/first.json"
expect_grep 'count: 0 files cached, 5 analyzed' "$T/err"
ls "$T/cache/terragon"/count-*.bin >/dev/null || fail "no cache file under XDG_CACHE_HOME"
CASE

test_case 'a second run reads the cache and prints the same bytes in every format' <<'CASE'
expect_exit 0 "$TERRAGON" count --by-file --format json --debug "$R"
cmp "$T/first.json" "$T/out" || fail "second run differs from the first"
cmp "$T/nocache.json" "$T/out" || fail "cached output differs from --no-cache"
expect_grep 'count: 5 files cached, 0 analyzed' "$T/err"
for fmt in csv table; do
  expect_exit 0 "$TERRAGON" count --by-file --format "$fmt" "$R"
  cmp "$T/nocache.$fmt" "$T/out" || fail "cached $fmt output differs from --no-cache"
done
# the per-language totals alone, from the cache
expect_exit 0 "$TERRAGON" count --format json "$R"
cp "$T/out" "$T/langs.cached"
expect_exit 0 "$TERRAGON" count --format json --no-cache "$R"
cmp "$T/langs.cached" "$T/out" || fail "cached totals differ"
CASE

test_case 'count writes nothing into the tree' <<'CASE'
after=$(cd "$R" && find . -path ./.git -prune -o -print | sort; git -C "$R" status --porcelain)
[ "$before" = "$after" ] || fail "count wrote into the tree"
CASE

# one file changed (tracked): only it is analyzed again, and the output follows
test_case 'a changed tracked file is analyzed again, alone' <<'CASE'
printf 'int main(void) {\n\tif (a || b || c) return 1;\n\treturn 0;\n}\n\n' >"$R/src/main.c"
expect_exit 0 "$TERRAGON" count --by-file --format json --debug "$R"
expect_grep 'count: 4 files cached, 1 analyzed' "$T/err"
cp "$T/out" "$T/changed.json"
expect_exit 0 "$TERRAGON" count --by-file --format json --no-cache "$R"
cmp "$T/changed.json" "$T/out" || fail "output after a change differs from --no-cache"
python3 - "$T/out" <<'PY'
import json, sys
f = {x["path"]: x for x in json.load(open(sys.argv[1]))["files"]}
assert f["src/main.c"]["complexity"] == 3 and f["src/main.c"]["blank"] == 1, f["src/main.c"]
PY
CASE
# an untracked file changed the same way
test_case 'a changed untracked file is analyzed again, alone' <<'CASE'
printf 'print("untracked")\nprint(2)\n' >"$R/src/new.py"
expect_exit 0 "$TERRAGON" count --debug "$R"
expect_grep 'count: 4 files cached, 1 analyzed' "$T/err"
expect_exit 0 "$TERRAGON" count --by-file --format json --no-cache "$R"
cp "$T/out" "$T/changed.json"
CASE

# a corrupt cache file is ignored, and replaced
test_case 'a corrupt cache file is ignored and replaced' <<'CASE'
for f in "$T/cache/terragon"/count-*.bin; do printf 'garbage' >"$f"; done
expect_exit 0 "$TERRAGON" count --by-file --format json --debug "$R"
expect_grep 'ignored \(not a count cache\)' "$T/err"
expect_grep 'count: 0 files cached, 5 analyzed' "$T/err"
cmp "$T/changed.json" "$T/out" || fail "output with a corrupt cache differs"
expect_exit 0 "$TERRAGON" count --debug "$R"
expect_grep 'count: 5 files cached, 0 analyzed' "$T/err"
CASE

# a tree with .terragon/ keeps its cache there
test_case 'a tree with .terragon/ keeps its cache there and never reads .terragon/' <<'CASE'
rm -rf "$T/cache"
mkdir "$R/.terragon"
expect_exit 0 "$TERRAGON" count --debug "$R"
ls "$R/.terragon/cache"/count-*.bin >/dev/null || fail "no cache under .terragon/cache"
[ ! -e "$T/cache/terragon" ] || fail "cache written to XDG_CACHE_HOME despite .terragon/"
expect_exit 0 "$TERRAGON" count --debug "$R"
expect_grep 'count: 5 files cached, 0 analyzed' "$T/err"
# .terragon/ (the store, the cache itself) is not read: the cache stays as it is
expect_grep 'count cache: .*: unchanged' "$T/err"
if grep -q 'skipped \.terragon/' "$T/err"; then fail ".terragon/ was read"; fi
expect_grep 'walk: excluded \.terragon/' "$T/err"
CASE

done_testing
