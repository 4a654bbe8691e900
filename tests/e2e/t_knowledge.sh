#!/usr/bin/env bash
# discover's knowledge-risk items on a repository built here with fixed dates:
# one item per departed author, for the project's own source files only.
. "$(dirname "$0")/lib.sh"

# c NAME DATE MSG: commit everything as NAME at noon UTC on DATE.
c() {
  git add -A && GIT_AUTHOR_NAME="$1" GIT_AUTHOR_EMAIL="$1@x" GIT_AUTHOR_DATE="$2T12:00:00Z" \
    GIT_COMMITTER_DATE="$2T12:00:00Z" git commit -q -m "$3"
}
# lines N PREFIX FILE: N distinct lines of C.
lines() { i=0; while [ $i -lt "$1" ]; do i=$((i+1)); echo "int $2$i = $i;"; done > "$3"; }
R=$T/r
mkdir -p "$R/src" "$R/deps" "$R/tests" && cd "$R" && git init -q -b main
lines 150 a src/core.c; lines 150 v deps/lib.c; lines 150 t tests/t.c; lines 150 r README.md
c Ana 2020-01-01 one
lines 120 b src/bo.c && c Bo 2024-06-01 two

test_case 'discover: Ana left src/core.c; vendored code, tests and docs do not count' <<'CASE'
expect_exit 0 "$TERRAGON" discover -C "$R" -o "$T/vm.json" --backlog "$T/B.md" -q
python3 - "$T/vm.json" <<'PY'
import json, sys
items = [i for i in json.load(open(sys.argv[1]))["items"]
         if i["rule_id"].startswith("history/") and i["rule_id"] != "history/hotspot"]
assert len(items) == 1, items
it = items[0]
assert it["rule_id"] == "history/knowledge-risk" and it["category"] == "architecture", it
assert it["title"] == "Knowledge at risk: Ana left 1 file (150 lines) they mainly own: src/core.c", it
assert [o["path"] for o in it["occurrences"]] == ["src/core.c"], it
PY
CASE

test_case 'discover: history.knowledge_min_lines raises the size a file needs' <<'CASE'
TERRAGON_HISTORY__KNOWLEDGE_MIN_LINES=200 expect_exit 0 "$TERRAGON" discover -C "$R" -o "$T/vm2.json" --backlog "$T/B2.md" -q
python3 - "$T/vm2.json" <<'PY'
import json, sys
items = [i for i in json.load(open(sys.argv[1]))["items"] if i["rule_id"] == "history/knowledge-risk"]
assert items == [], items
PY
CASE

test_case 'report --html: ownership by directory names the departed owner of each directory' <<'CASE'
mkdir -p "$R/lib" && lines 130 l lib/old.c && lines 140 m src/more.c && (cd "$R" && c Ana 2020-02-01 three)
lines 110 z src/zed.c && (cd "$R" && c Bo 2024-07-01 four)
expect_exit 0 "$TERRAGON" discover -C "$R" -o "$T/vm3.json" --backlog "$T/B3.md" -q
expect_exit 0 "$TERRAGON" report -C "$R" --html "$T/r.html"
python3 - "$T/r.html" <<'PY'
import re, sys
svg = re.search(r'<svg class="chart" id="knowledge-bars".*?</svg>', open(sys.argv[1]).read(), re.S).group(0)
bars = re.findall(r'<text x="0" y="\d+" font-size="12">([^<]*)</text><rect[^>]*/><text[^>]*>([^<]*)</text>', svg)
assert bars == [("src", "2: Ana"), ("lib", "1: Ana")], bars
PY
CASE

done_testing
