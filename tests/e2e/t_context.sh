#!/usr/bin/env bash
# Where a finding lives (value_discovery.contexts): the same secret in src/,
# tests/, docs/, deps/ (vendored, as redis keeps it) and a git submodule's
# directory. Code, test and
# docs items carry their context; vendored code (deps/ and the submodule)
# is left out and counted, unless include_vendored; `count` lists it apart.
# Other tools' suppression comments (nosec, gitleaks:allow) suppress, naming
# the tool.
. "$(dirname "$0")/lib.sh"

R="$T/repo"
# secret FILE [SUFFIX]: a valid-looking GitHub token assigned in FILE, then SUFFIX on its line.
secret() {
  mkdir -p "$(dirname "$R/$1")"
  python3 - "$R/$1" "${2:-}" <<'PY'
import random, string, sys, zlib
rnd = random.Random(sys.argv[1])
alnum = string.digits + string.ascii_uppercase + string.ascii_lowercase
body = "".join(rnd.choice(alnum) for _ in range(30))
n, tail = zlib.crc32(body.encode()), ""
for _ in range(6):
    tail, n = alnum[n % 62] + tail, n // 62
with open(sys.argv[1], "w") as f:
    f.write("def f():\n    return 1\n\nTOKEN = %r%s\n" % ("ghp" + "_" + body + tail, sys.argv[2]))
PY
}
secret src/app.py
secret tests/test_app.py
secret docs/conf.py
secret deps/lib/keys.py
secret ext/libfoo/keys.py
secret src/allowed.py '  # gitleaks:allow'
secret src/reviewed.py '  # nosec B105'
printf '[submodule "libfoo"]\n\tpath = ext/libfoo\n\turl = https://example.com/libfoo.git\n' \
  > "$R/.gitmodules"
make_repo "$R"

items() { # "path|context|status" of the secret items in value-metrics.json
  python3 - "$R/value-metrics.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
for i in sorted(m["items"], key=lambda i: i["path"] or ""):
    if i["category"] == "secret":
        print("%s|%s|%s" % (i["path"], i.get("context", "code"), i["status"]))
PY
}
metric() { python3 -c 'import json,sys; print(eval("json.load(open(sys.argv[1]))" + sys.argv[2]))' "$R/value-metrics.json" "$1"; }

test_case 'each secret carries its context; vendored code is left out and counted' <<'CASE'
expect_exit 0 "$TERRAGON" discover -C "$R"
items > "$T/items"
cat > "$T/want" <<'EOF'
docs/conf.py|docs|open
src/allowed.py|code|suppressed
src/app.py|code|open
src/reviewed.py|code|suppressed
tests/test_app.py|test|open
EOF
diff "$T/want" "$T/items" || fail "contexts differ"
[ "$(metric '["totals"]["vendored_left_out"]')" = 2 ] || fail "vendored_left_out is not 2"
expect_grep '^2 items in vendored code left out \(value_discovery.include_vendored\)' "$T/out"
expect_grep '\[test\]' "$T/out"
expect_grep 'tests/test_app.py:4` \(test\)' "$R/BACKLOG.md"
CASE

test_case 'other tools comments suppress, and the item names the tool' <<'CASE'
python3 - "$R/value-metrics.json" > "$T/msgs" <<'PY'
import json, sys
for i in json.load(open(sys.argv[1]))["items"]:
    if i["category"] == "secret" and i["status"] == "suppressed":
        print(i["path"], i["message"])
PY
expect_grep '^src/allowed.py .*\[suppressed by gitleaks:allow \(gitleaks\)\]$' "$T/msgs"
expect_grep '^src/reviewed.py .*\[suppressed by nosec \(bandit, gosec\)\]$' "$T/msgs"
CASE

test_case 'include_vendored brings vendored code back, in context vendored' <<'CASE'
TERRAGON_VALUE_DISCOVERY__INCLUDE_VENDORED=true expect_exit 0 "$TERRAGON" discover -C "$R"
items > "$T/items"
expect_grep '^deps/lib/keys.py\|vendored\|open$' "$T/items"
expect_grep '^ext/libfoo/keys.py\|vendored\|open$' "$T/items"
[ "$(metric '["totals"]["vendored_left_out"]')" = 0 ] || fail "vendored_left_out is not 0"
expect_no_grep 'vendored code left out' "$T/out"
CASE

test_case 'vendored items the store held are closed as left out, not as fixed' <<'CASE'
expect_exit 0 "$TERRAGON" discover -C "$R"
[ "$(metric '["resolved_this_run"]')" = 0 ] || fail "vendored items counted as resolved"
n=$(sqlite3 "$R/.terragon/terragon.db" \
  "SELECT count(*) FROM item_events e JOIN items i USING (fingerprint)
   WHERE e.event = 'left-out' AND i.status = 'resolved'")
[ "$n" = 2 ] || fail "$n items left out in the store, not 2"
CASE

test_case 'count lists vendored code apart' <<'CASE'
expect_exit 0 "$TERRAGON" count -C "$R" --no-cache
expect_grep '^of which vendored +2 ' "$T/out"
expect_exit 0 "$TERRAGON" count -C "$R" --no-cache --format json
python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))["vendored"]; assert v["files"] == 2 and v["code"] == 6, v' "$T/out"
expect_exit 0 "$TERRAGON" count "$R/deps" --no-cache --format json
python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))["vendored"]; assert v["files"] == 1, v' "$T/out"
CASE

done_testing
