#!/usr/bin/env bash
# store export / store import carry the audit trail, verbatim, so it survives CI's
# fresh checkouts (the discovery workflow's cache): the chain, its head and its seals
# hold after the round trip, a run after the import continues it, the same export
# imported twice adds nothing, trails that diverged are refused whole, and an entry
# altered in the file stays visible to `audit verify`.
. "$(dirname "$0")/lib.sh"
command -v openssl >/dev/null || fail "openssl missing: run scripts/deps.sh --test"

cd "$T"
openssl ecparam -name prime256v1 -genkey -noout -out ec.pem 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in ec.pem -out key.pem
openssl ec -in ec.pem -pubout -out pub.pem 2>/dev/null

R="$T/repo"
mkdir -p "$R"
printf 'def f():\n    # TODO: one\n    return 1\n' >"$R/app.py"
make_repo "$R"
"$TERRAGON" discover -C "$R" --now=2026-11-20T10:00:00Z >/dev/null 2>&1
"$TERRAGON" audit seal -C "$R" --key key.pem >/dev/null

# fresh NAME: a clone of the repository without its store, as CI checks it out.
fresh() { rm -rf "$T/$1" && git clone -q "$R" "$T/$1"; }
trail() { sqlite3 "$1/.terragon/terragon.db" 'SELECT id, action, prev_hash, hash FROM audit ORDER BY id'; }

test_case 'the export holds the trail; imported into a fresh checkout it verifies, seal included' <<'CASE'
expect_exit 0 "$TERRAGON" store export -C "$R" "$T/one.ndjson"
n=$(sqlite3 "$R/.terragon/terragon.db" 'SELECT count(*) FROM audit')
[ "$(grep -c '"type": "audit"' "$T/one.ndjson")" = "$n" ] || fail "not every entry exported"
fresh a
expect_exit 0 "$TERRAGON" store import -C "$T/a" "$T/one.ndjson"
[ "$(trail "$T/a")" = "$(trail "$R")" ] || fail "the trail changed in the round trip"
expect_exit 0 "$TERRAGON" audit verify -C "$T/a" --key pub.pem
expect_grep '^audit trail intact' "$T/out"
expect_grep '^audit seal holds' "$T/out"
CASE

test_case 'imported twice adds nothing; a run after the import continues the chain' <<'CASE'
expect_exit 0 "$TERRAGON" store import -C "$T/a" "$T/one.ndjson"
[ "$(trail "$T/a")" = "$(trail "$R")" ] || fail "duplicated"
"$TERRAGON" discover -C "$T/a" --now=2026-11-21T10:00:00Z >/dev/null 2>&1
expect_exit 0 "$TERRAGON" store export -C "$T/a" "$T/two.ndjson"
fresh b
expect_exit 0 "$TERRAGON" store import -C "$T/b" "$T/two.ndjson"
expect_exit 0 "$TERRAGON" audit verify -C "$T/b"
expect_grep "^audit trail intact: $(($(sqlite3 "$R/.terragon/terragon.db" 'SELECT count(*) FROM audit') + 1)) entries" "$T/out"
CASE

test_case 'a trail that diverged is refused, and nothing of the export is imported' <<'CASE'
fresh c
"$TERRAGON" discover -C "$T/c" --now=2026-11-22T10:00:00Z >/dev/null 2>&1
before=$(trail "$T/c")
runs=$(sqlite3 "$T/c/.terragon/terragon.db" 'SELECT count(*) FROM runs')
expect_exit 2 "$TERRAGON" store import -C "$T/c" "$T/one.ndjson"
expect_grep 'does not follow this store.s trail .*the trails diverged; nothing imported' "$T/err"
[ "$(trail "$T/c")" = "$before" ] || fail "the trail changed"
[ "$(sqlite3 "$T/c/.terragon/terragon.db" 'SELECT count(*) FROM runs')" = "$runs" ] || fail "runs imported"
CASE

test_case 'an entry altered in the export file is imported as is and named by verify' <<'CASE'
python3 - "$T/one.ndjson" "$T/bad.ndjson" <<'PY'
import json, sys
out = open(sys.argv[2], "w")
for line in open(sys.argv[1]):
    o = json.loads(line)
    if o.get("type") == "audit" and o["action"] == "run":
        o["details"] = '{"forged": true}'
    out.write(json.dumps(o) + "\n")
PY
fresh d
expect_exit 0 "$TERRAGON" store import -C "$T/d" "$T/bad.ndjson"
expect_exit 1 "$TERRAGON" audit verify -C "$T/d"
expect_grep '^audit trail broken at entry [0-9]+: entry [0-9]+ \(run\) was altered' "$T/out"
CASE

done_testing
