#!/usr/bin/env bash
# terragon count: per-language and per-file counts as JSON, CSV and table,
# ignore files honoured unless --no-ignore, and nothing written to the tree.
source "$(dirname "$0")/lib.sh"

R="$T/repo"
mkdir -p "$R/src/sub" "$R/build" "$R/scripts"
printf '/* header\n\n*/\nint main(void) { // c\n\tif (a && b) return 1;\n\treturn 0;\n}\n' >"$R/src/main.c"
printf '#ifndef X\n#define X\n/* TODO: doc */\nint f(void);\n#endif\n' >"$R/src/sub/x.h"
printf 'def f(x):\n    """Doc\n    """\n    return x if x else 0  # c\n' >"$R/src/tool.py"
printf '#!/bin/sh\n# c\necho "# not" && exit 0\n' >"$R/scripts/run"
printf 'int ignored;\n' >"$R/build/gen.c"
printf 'build/\n' >"$R/.gitignore"
printf 'just text\n' >"$R/notes.txt"
make_repo "$R"
before=$(cd "$R" && find . -path ./.git -prune -o -print | sort; git -C "$R" status --porcelain)

test_case 'count --format json: lines and complexity a language, sorted by code' <<'CASE'
expect_exit 0 "$TERRAGON" count --format json "$R"
python3 - "$T/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert set(d) == {"languages"}, d.keys()
L = {x["language"]: x for x in d["languages"]}
assert set(L) == {"C", "C/C++ Header", "Python", "Bourne Shell"}, L
assert L["C"] == {"language": "C", "files": 1, "blank": 1, "comment": 2, "code": 4,
                  "complexity": 2}, L["C"]
assert L["C/C++ Header"]["code"] == 4 and L["C/C++ Header"]["comment"] == 1
assert L["Python"] == {"language": "Python", "files": 1, "blank": 0, "comment": 2,
                       "code": 2, "complexity": 1}, L["Python"]
assert L["Bourne Shell"]["comment"] == 1 and L["Bourne Shell"]["code"] == 2  # the #! line is code
assert L["Bourne Shell"]["complexity"] == 1
# sorted by code, descending, then name
keys = [(-x["code"], x["language"]) for x in d["languages"]]
assert keys == sorted(keys), keys
PY
CASE

test_case 'count --by-file --no-ignore: every file, the ignored one too' <<'CASE'
expect_exit 0 "$TERRAGON" count --by-file --format json --no-ignore "$R"
python3 - "$T/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
paths = [f["path"] for f in d["files"]]
assert paths == ["build/gen.c", "scripts/run", "src/main.c", "src/sub/x.h", "src/tool.py"], paths
f = {x["path"]: x for x in d["files"]}
assert f["src/sub/x.h"] == {"path": "src/sub/x.h", "language": "C/C++ Header", "blank": 0,
                            "comment": 1, "code": 4, "complexity": 0}, f["src/sub/x.h"]
assert {x["language"]: x["files"] for x in d["languages"]}["C"] == 2
PY
CASE

test_case 'count --format csv from a subdirectory counts that directory' <<'CASE'
(cd "$R/src" && expect_exit 0 "$TERRAGON" count --format csv)
expect_grep '^language,files,blank,comment,code,complexity$' "$T/out"
expect_grep '^C,1,1,2,4,2$' "$T/out"
expect_grep '^Python,1,0,2,2,1$' "$T/out"
CASE

test_case 'count --by-file --format csv: paths relative to the directory counted' <<'CASE'
expect_exit 0 "$TERRAGON" count --by-file --format csv -j 1 "$R/src"
expect_grep '^sub/x.h,C/C\+\+ Header,0,1,4,0$' "$T/out"
CASE

test_case 'count as a table, with a SUM line' <<'CASE'
expect_exit 0 "$TERRAGON" count "$R"
expect_grep '^C/C\+\+ Header +1 +0 +1 +4 +0$' "$T/out"
expect_grep '^SUM +4 ' "$T/out"
CASE

test_case 'a bad format, a missing path or two paths are bad usage' <<'CASE'
expect_exit 2 "$TERRAGON" count --format xml "$R"
expect_exit 2 "$TERRAGON" count "$R/does-not-exist"
expect_exit 2 "$TERRAGON" count "$R" "$R"
CASE

# read-only: nothing created or changed in the tree
test_case 'count writes nothing into the tree' <<'CASE'
after=$(cd "$R" && find . -path ./.git -prune -o -print | sort; git -C "$R" status --porcelain)
[ "$before" = "$after" ] || fail "count wrote into the tree"
CASE

# the configuration: exclude (relative to the repository root) and the file size limit
test_case 'the configuration: exclude and the file size limit; a bad one is an error' <<'CASE'
C="$T/conf"
cp -r "$R" "$C"
mkdir -p "$C/.terragon"
printf 'exclude:\n  - "scripts/"\n' >"$C/.terragon/config.yaml"
expect_exit 0 "$TERRAGON" count --format csv "$C"
expect_no_grep '^Bourne Shell' "$T/out"
expect_grep '^C,1,' "$T/out"
TERRAGON_THRESHOLDS__MAX_FILE_BYTES=60 expect_exit 0 "$TERRAGON" count --format csv "$C"
expect_no_grep '^C,' "$T/out"
expect_grep '^Python,1,' "$T/out"
printf 'thresholds: [\n' >"$C/.terragon/config.yaml"
expect_exit 2 "$TERRAGON" count "$C"
CASE

# bad input: CR-only, no final newline, non-UTF-8, unterminated comment
test_case 'bad input: CR-only lines, no final newline, non-UTF-8, an unterminated comment' <<'CASE'
mkdir -p "$T/bad"
printf 'int a;\r\r/* c\r' >"$T/bad/cr.c"
printf 'int \377\376;\n/* never closed\n\n' >"$T/bad/u.c"
expect_exit 0 "$TERRAGON" count --format json "$T/bad"
python3 - "$T/out" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["languages"][0]
assert (c["files"], c["blank"], c["comment"], c["code"]) == (2, 2, 2, 2), c
PY
CASE
done_testing
