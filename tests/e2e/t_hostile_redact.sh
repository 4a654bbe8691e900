#!/usr/bin/env bash
# Hostile repositories, issue 13 items 6 and 7: a secret is never printed or
# stored in full, whichever text carries it (a TODO's title, an imported
# report's message, a configuration value an error quotes), and repository
# text (authors, file names) cannot drive the terminal.
. "$(dirname "$0")/lib.sh"

NOW=--now=2026-11-20T10:00:00Z
# A valid GitHub token (its checksum holds), made here so no file holds one.
TOK=$(python3 - <<'PY'
import random, zlib
a = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
rnd = random.Random(13)
body = "".join(rnd.choice(a) for _ in range(30))
c, s = zlib.crc32(body.encode()), ""
for _ in range(6):
    s, c = a[c % 62] + s, c // 62
print("gh" + "p_" + body + s)
PY
)
SHOWN='ghp_…\[redacted, 40 chars\]'
ESC=$(printf '\033')

# leaks DIR...: every file under DIR that holds the whole token (binary files too).
leaks() { grep -rlaF -- "$TOK" "$@" 2>/dev/null || true; }
# raw_escape FILE: does FILE hold an ESC byte?
raw_escape() { grep -q "$ESC" "$1"; }

R=$T/todo
mkdir -p "$R" "$T/outputs"
printf 'x = 1  # TODO rotate %s before release\n' "$TOK" > "$R/app.py"
make_repo "$R"

test_case 'a token in a TODO is redacted in every output, the store and its export' <<'CASE'
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW --sarif "$T/outputs/out.sarif"
cp "$T/out" "$T/outputs/discover.txt"; cp "$T/err" "$T/outputs/discover.err"
expect_grep "TODO: rotate $SHOWN before release" "$R/BACKLOG.md"
expect_grep "rotate $SHOWN before release" "$R/value-metrics.json"
expect_grep "rotate $SHOWN before release" "$T/outputs/out.sarif"
id=$(python3 -c 'import json,sys; print([i["id"] for i in json.load(open(sys.argv[1]))["items"] if i["category"] == "debt"][0])' "$R/value-metrics.json" 2>/dev/null ||
     python3 -c 'import json,sys; print([i["fingerprint"] for i in json.load(open(sys.argv[1]))["items"] if i["category"] == "debt"][0])' "$R/value-metrics.json")
for f in table json csv; do
  expect_exit 0 "$TERRAGON" backlog --repo-path "$R" --format $f
  cp "$T/out" "$T/outputs/backlog.$f"
done
expect_grep "rotate $SHOWN before release" "$T/outputs/backlog.table"
for f in table json; do
  expect_exit 0 "$TERRAGON" explain "$id" --repo-path "$R" --format $f
  cp "$T/out" "$T/outputs/explain.$f"
done
expect_grep "rotate $SHOWN before release" "$T/outputs/explain.table"
expect_exit 0 "$TERRAGON" store export "$T/outputs/export.ndjson" --repo-path "$R"
expect_grep "rotate $SHOWN before release" "$T/outputs/export.ndjson"
sqlite3 "$R/.terragon/terragon.db" .dump > "$T/outputs/store.sql"
expect_grep "rotate $SHOWN before release" "$T/outputs/store.sql"
[ -z "$(leaks "$R/.terragon" "$R/BACKLOG.md" "$R/value-metrics.json" "$T/outputs")" ] ||
  fail "the whole token in: $(leaks "$R/.terragon" "$R/BACKLOG.md" "$R/value-metrics.json" "$T/outputs")"
CASE

S=$T/sarif
mkdir -p "$S/src"
echo 'print("hi")' > "$S/src/app.py"
make_repo "$S"
cat > "$T/tool.sarif" <<JSON
{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "fakelint", "rules": [{"id": "FL001"}]}},
 "results": [{"ruleId": "FL001", "level": "error",
   "message": {"text": "credential $TOK found in the deploy script"},
   "locations": [{"physicalLocation": {"artifactLocation": {"uri": "src/app.py"}, "region": {"startLine": 1}}}]}]}]}
JSON
test_case 'a token in an imported SARIF message is stored and re-emitted redacted' <<'CASE'
rm -rf "$T/outputs"; mkdir -p "$T/outputs"
expect_exit 0 "$TERRAGON" discover --repo-path "$S" $NOW --import "$T/tool.sarif" --sarif "$T/outputs/out.sarif" --format json
cp "$T/out" "$T/outputs/discover.json"
expect_grep "credential $SHOWN found" "$S/value-metrics.json"
expect_exit 0 "$TERRAGON" backlog --repo-path "$S" --format json
cp "$T/out" "$T/outputs/backlog.json"
expect_grep "credential $SHOWN found" "$T/outputs/backlog.json"
expect_exit 0 "$TERRAGON" store export - --repo-path "$S"
cp "$T/out" "$T/outputs/export.ndjson"
sqlite3 "$S/.terragon/terragon.db" .dump > "$T/outputs/store.sql"
[ -z "$(leaks "$S/.terragon" "$S/BACKLOG.md" "$S/value-metrics.json" "$T/outputs")" ] ||
  fail "the whole token in: $(leaks "$S/.terragon" "$S/BACKLOG.md" "$S/value-metrics.json" "$T/outputs")"
CASE

C=$T/config
mkdir -p "$C/.terragon"
echo 'x = 1' > "$C/a.py"
printf 'execution:\n  max_prs: "%s"\n' "$TOK" > "$C/.terragon/config.yaml"
make_repo "$C"
test_case 'a configuration value of the wrong type is quoted redacted' <<'CASE'
expect_exit 2 "$TERRAGON" config show --repo-path "$C"
expect_grep "max_prs: expected an integer, got \"$SHOWN\"" "$T/err"
[ -z "$(leaks "$T/out" "$T/err")" ] || fail "config show printed the token"
for cmd in "discover $NOW" "config validate" "backlog"; do
  "$TERRAGON" $cmd --repo-path "$C" > "$T/o" 2> "$T/e" || true
  expect_grep "$SHOWN" "$T/e"
  [ -z "$(leaks "$T/o" "$T/e")" ] || fail "$cmd printed the token"
done
CASE

H=$T/hist
mkdir -p "$H"
test_case 'owners and hotspots print an author name with escapes escaped' <<'CASE'
git -C "$H" init -q -b main
printf 'def f(x):\n    if x:\n        return 1\n    return 2\n' > "$H/a.py"
git -C "$H" add a.py
GIT_AUTHOR_NAME="$(printf 'Eve\033]0;pwned\007\033[2J')" git -C "$H" commit -qm one
echo '# two' >> "$H/a.py"
GIT_AUTHOR_NAME="$(printf 'Eve\033]0;pwned\007\033[2J')" git -C "$H" commit -qam two
expect_exit 0 "$TERRAGON" owners a.py --repo-path "$H"
! raw_escape "$T/out" || fail "owners printed an ESC byte: $(od -c "$T/out" | head)"
expect_grep 'Eve\\x1b\]0;pwned\\x07\\x1b\[2J' "$T/out"
expect_exit 0 "$TERRAGON" hotspots --repo-path "$H" --limit 5
! raw_escape "$T/out" || fail "hotspots printed an ESC byte"
expect_grep 'Eve\\x1b\]0;pwn' "$T/out"
expect_exit 0 "$TERRAGON" owners a.py --repo-path "$H" --format json
expect_grep 'Eve\\u001b\]0;pwned\\u0007\\u001b\[2J' "$T/out"
CASE

D=$T/names
mkdir -p "$D"
printf '# TODO escape me\n' > "$D/$(printf 'red\033[31m.py')"
printf '# TODO split me\n' > "$D/$(printf 'two\nlines.py')"
head -c 4096 /dev/urandom | base64 > "$D/$(printf 'big\033[5m.txt')"
mkdir -p "$D/.terragon"
printf 'thresholds:\n  max_file_bytes: 1024\n' > "$D/.terragon/config.yaml"
make_repo "$D"
test_case 'discover prints file names with ESC or newline escaped, in its table and notes' <<'CASE'
expect_exit 0 "$TERRAGON" discover --repo-path "$D" $NOW -v
! raw_escape "$T/out" || fail "the table printed an ESC byte: $(od -c "$T/out" | grep -m3 033)"
! raw_escape "$T/err" || fail "a note printed an ESC byte: $(od -c "$T/err" | grep -m3 033)"
expect_grep 'red\\x1b\[31m\.py' "$T/out"
expect_grep 'two\\nlines\.py' "$T/out"
expect_grep 'skipped .*big\\x1b\[5m\.txt' "$T/err"
! grep -qx 'lines.py.*' "$T/out" || fail "a newline in a file name split a row"
expect_exit 0 "$TERRAGON" backlog --repo-path "$D"
! raw_escape "$T/out" || fail "backlog printed an ESC byte"
expect_grep 'red\\x1b\[31m\.py' "$T/out"
CASE

done_testing
