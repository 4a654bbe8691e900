#!/usr/bin/env bash
# terragon vulndb: import, status, and update from a loopback stand-in of
# osv.dev's bucket (osv_stub.py): the first download, a 304, and downloads
# that fail (truncated, server error, not a zip) leaving the database as it was.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
DATA="$HERE/../data/osv"
DB="$XDG_CACHE_HOME/terragon/osv.db"
mkdir -p "$T/osv" "$T/site/Go" "$T/site2/Go" "$T/repo"
for f in "$DATA"/*.tar.xz; do tar -xJf "$f" -C "$T/osv"; done
# all.zip as osv.dev lays it out: one <id>.json per record at the top
python3 - "$T" <<'PY'
import glob, os, sys, zipfile
t = sys.argv[1]
files = sorted(glob.glob(t + "/osv/data/osv/*.json"))
for site, n in (("site", len(files) - 1), ("site2", len(files))):
    with zipfile.ZipFile(t + "/" + site + "/Go/all.zip", "w", zipfile.ZIP_DEFLATED) as z:
        for f in files[:n]:
            z.write(f, os.path.basename(f))
PY
cd "$T/repo"

# stub MODE [DIR]: the bucket on loopback; sets TERRAGON_VULNDB__URL.
stub() {
  rm -f "$T/port"
  python3 "$HERE/osv_stub.py" "$T/port" "$T/requests" "${2:-$T/site}" "$1" &
  echo $! >> "$T/stub.pids"
  for _ in $(seq 400); do [ -s "$T/port" ] && break; sleep 0.05; done
  [ -s "$T/port" ] || fail "the stub did not start"
  export TERRAGON_VULNDB__URL="http://127.0.0.1:$(cat "$T/port")"
}
sum() { sha256sum "$DB" | cut -d' ' -f1; }

test_case 'status without a database says how to make one' <<'CASE'
expect_exit 1 "$TERRAGON" vulndb status
expect_grep 'osv.db: no OSV database; run .terragon vulndb update' "$T/err"
CASE

test_case 'import reads YAML, JSON and directories, and counts what it skips' <<'CASE'
expect_exit 0 "$TERRAGON" vulndb import "$T/osv/vulns" "$T/osv/crates"
expect_grep '^imported: 3844 added, 0 replaced, 0 unchanged; skipped 23 withdrawn' "$T/out"
[ -f "$DB" ] || fail "no $DB"
CASE

test_case 'status lists each ecosystem, in a table and as JSON' <<'CASE'
expect_exit 0 "$TERRAGON" vulndb status
expect_grep "^database: $DB" "$T/out"
expect_grep '^PyPI +2651 +2024-10-10T17:22:00.587279Z +0d +[0-9a-f]{12}$' "$T/out"
expect_grep '^crates.io +1193 +2026-08-21T06:28:40Z +0d +[0-9a-f]{12}$' "$T/out"
expect_exit 0 "$TERRAGON" vulndb status --format json
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
e = {x["ecosystem"]: x for x in d["ecosystems"]}
assert e["PyPI"]["records"] == 2651 and len(e["PyPI"]["snapshot"]) == 64, e
assert e["crates.io"]["age_days"] == 0
' "$T/out"
CASE

test_case 'the first update downloads all.zip and swaps it in' <<'CASE'
stub ok
expect_exit 0 "$TERRAGON" vulndb update --ecosystem Go
expect_grep '^Go: updated: 4273 added' "$T/out"
expect_exit 0 "$TERRAGON" vulndb status
expect_grep '^Go +4273 ' "$T/out"
expect_grep '^PyPI +2651 ' "$T/out"
ls "$XDG_CACHE_HOME/terragon" > "$T/ls"
[ "$(cat "$T/ls")" = osv.db ] || fail "left behind: $(cat "$T/ls")"
CASE

test_case 'a second update sends the validators and a 304 changes nothing' <<'CASE'
before=$(sum)
stub ok
expect_exit 0 "$TERRAGON" vulndb update --ecosystem Go
expect_grep '^Go: not modified' "$T/out"
tail -1 "$T/requests" > "$T/last"
expect_grep '"if_none_match": "\\"[0-9a-f]{16}\\""' "$T/last"
expect_grep '"if_modified_since": "Mon, 01 Jan 2024 00:00:00 GMT"' "$T/last"
[ "$(sum)" = "$before" ] || fail "the database changed"
CASE

test_case 'a truncated download leaves the database as it was' <<'CASE'
before=$(sum)
stub truncate "$T/site2"
expect_exit 3 "$TERRAGON" vulndb update --ecosystem Go
expect_grep 'Go/all.zip: download failed' "$T/err"
[ "$(sum)" = "$before" ] || fail "the database changed"
ls "$XDG_CACHE_HOME/terragon" > "$T/ls"
[ "$(cat "$T/ls")" = osv.db ] || fail "left behind: $(cat "$T/ls")"
CASE

test_case 'a server error or a body that is no zip leaves the database as it was' <<'CASE'
before=$(sum)
stub 500
expect_exit 3 "$TERRAGON" vulndb update
expect_grep 'HTTP status 500' "$T/err"
[ "$(sum)" = "$before" ] || fail "the database changed"
stub garbage "$T/site2"
expect_exit 3 "$TERRAGON" vulndb update --ecosystem go
expect_grep 'not a readable zip archive' "$T/err"
[ "$(sum)" = "$before" ] || fail "the database changed"
CASE

test_case 'a newer all.zip replaces the ecosystem, and the snapshot id moves' <<'CASE'
"$TERRAGON" vulndb status --format json > "$T/s1"
stub ok "$T/site2"
expect_exit 0 "$TERRAGON" vulndb update --ecosystem Go
expect_grep '^Go: updated: 4274 added' "$T/out"
"$TERRAGON" vulndb status --format json > "$T/s2"
python3 -c '
import json, sys
a, b = ({x["ecosystem"]: x for x in json.load(open(f))["ecosystems"]} for f in sys.argv[1:])
assert b["Go"]["records"] == 4274 and a["Go"]["snapshot"] != b["Go"]["snapshot"]
assert a["PyPI"]["snapshot"] == b["PyPI"]["snapshot"]
' "$T/s1" "$T/s2"
CASE

test_case 'a file that is not a database is refused and left untouched' <<'CASE'
mkdir -p "$T/other"
echo 'not a database' > "$T/other/osv.db"
before=$(sha256sum "$T/other/osv.db")
TERRAGON_VULNDB__PATH="$T/other/osv.db" expect_exit 3 "$TERRAGON" vulndb import "$T/osv/crates"
expect_grep "other/osv.db: not a terragon OSV database" "$T/err"
[ "$(sha256sum "$T/other/osv.db")" = "$before" ] || fail "changed"
CASE

test_case 'bad usage is told' <<'CASE'
expect_exit 2 "$TERRAGON" vulndb update --ecosystem Hex
expect_grep 'unknown ecosystem "Hex"' "$T/err"
expect_exit 2 "$TERRAGON" vulndb import
expect_exit 2 "$TERRAGON" vulndb frobnicate
CASE

done_testing
