#!/usr/bin/env bash
# The store through the commands that write it (store import, discover when
# built): created with its directory, WAL, migrated; a second writer waits and
# exits 3; corrupted, newer and unwritable stores are refused and left as found.
. "$(dirname "$0")/lib.sh"

sha() { sha256sum "$1" | cut -d' ' -f1; }
has_command() { "$TERRAGON" help | awk '/^Commands:/ {on=1; next} on {print $1}' | grep -qx "$1"; }
has_command store || fail "the store command is not built"

make_repo "$T/r"
db="$T/r/.terragon/terragon.db"
cat >"$T/export.ndjson" <<'NDJSON'
{"type": "terragon-store-export", "version": 1}
{"type": "run", "id": 1, "command": "discover", "started_at": 1700000000, "finished_at": 1700000060, "status": "ok", "summary": null}
{"type": "run", "id": 2, "command": "discover", "started_at": 1700086400, "finished_at": 1700086460, "status": "ok", "summary": null}
NDJSON

# The first write creates .terragon/ and the store: WAL mode, every migration applied.
test_case 'the first write creates the store: WAL mode, every migration; reopening migrates nothing' <<'CASE'
[ ! -e "$T/r/.terragon" ] || fail ".terragon exists before the first write"
expect_exit 0 "$TERRAGON" store import "$T/export.ndjson" --repo-path "$T/r"
[ -f "$db" ] || fail "no store at $db"
[ "$(sqlite3 "$db" 'PRAGMA journal_mode')" = wal ] || fail "store not in WAL mode"
version=$(sqlite3 "$db" 'PRAGMA user_version')
[ "$version" -ge 2 ] || fail "user_version $version: migrations not applied"
[ "$(sqlite3 "$db" 'SELECT count(*) FROM runs')" = 2 ] || fail "runs not stored"
# Re-opening migrates nothing: the version stays and the data is kept.
expect_exit 0 "$TERRAGON" store import "$T/export.ndjson" --repo-path "$T/r"
[ "$(sqlite3 "$db" 'PRAGMA user_version')" = "$version" ] || fail "user_version changed"
[ "$(sqlite3 "$db" 'SELECT count(*) FROM runs')" = 2 ] || fail "runs lost or doubled"
expect_exit 0 "$TERRAGON" health --repo-path "$T/r"
expect_grep "^store +ok +.*passes integrity_check; schema $version of $version, last run #2 discover" "$T/out"
CASE

# A second writer: waits the bounded time, then exits 3 with a clear message.
test_case 'a second writer waits the bounded time, then exits 3; readers are not blocked' <<'CASE'
python3 - "$db" "$T/locked" "$T/release" <<'PY' &
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
c.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
deadline = time.time() + 120
while not os.path.exists(sys.argv[3]) and time.time() < deadline:
    time.sleep(0.05)
c.execute("ROLLBACK")
PY
holder=$!
while [ ! -e "$T/locked" ]; do
  kill -0 "$holder" 2>/dev/null || fail "the lock holder died"
  sleep 0.05
done
expect_exit 3 env TERRAGON_STORE_BUSY_MS=300 "$TERRAGON" store import "$T/export.ndjson" --repo-path "$T/r"
expect_grep "store .*/r/.terragon/terragon.db is locked by another terragon run; waited 0.3 s" "$T/err"
# readers are not blocked by a writer (WAL)
expect_exit 0 env TERRAGON_STORE_BUSY_MS=300 "$TERRAGON" health --repo-path "$T/r"
touch "$T/release"
wait "$holder"
expect_exit 0 env TERRAGON_STORE_BUSY_MS=300 "$TERRAGON" store import "$T/export.ndjson" --repo-path "$T/r"
CASE
touch "$T/release" # the holder ends even when the case did not get that far

# A corrupted store: exit 3, named, with the hint; not one byte changed.
test_case 'a corrupted store: exit 3, named, with the hint; not one byte changed' <<'CASE'
cp -r "$T/r" "$T/c"
head -c 16384 /dev/urandom >"$T/c/.terragon/terragon.db"
before=$(sha "$T/c/.terragon/terragon.db")
expect_exit 3 "$TERRAGON" store import "$T/export.ndjson" --repo-path "$T/c"
expect_grep "store .*/c/.terragon/terragon.db is corrupted" "$T/err"
expect_grep "Move it aside and run again: history will start afresh" "$T/err"
[ "$(sha "$T/c/.terragon/terragon.db")" = "$before" ] || fail "corrupted store was modified"
[ ! -e "$T/c/.terragon/terragon.db-wal" ] && [ ! -e "$T/c/.terragon/terragon.db-shm" ] ||
  fail "-wal or -shm left beside a refused store"
CASE

# A damaged page in a real store: refused the same way, untouched.
test_case 'a damaged page in a real store: refused the same way, untouched' <<'CASE'
cp -r "$T/r" "$T/d"
ddb="$T/d/.terragon/terragon.db"
sqlite3 "$ddb" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
  INSERT INTO runs(command, started_at, status, summary)
  SELECT 'discover', 1700000000 + i, 'ok', printf('%0200d', i) FROM n;"
page=$(sqlite3 "$ddb" 'PRAGMA page_size')
head -c 512 /dev/zero | tr '\0' '\245' | dd of="$ddb" bs=1 seek=$((page * 2)) conv=notrunc status=none
before=$(sha "$ddb")
expect_exit 3 "$TERRAGON" store import "$T/export.ndjson" --repo-path "$T/d"
expect_grep "store .*/d/.terragon/terragon.db is corrupted" "$T/err"
[ "$(sha "$ddb")" = "$before" ] || fail "damaged store was modified"
CASE

# A store newer than this terragon: exit 3, untouched.
test_case 'a store newer than this terragon: exit 3, untouched' <<'CASE'
cp -r "$T/r" "$T/n"
sqlite3 "$T/n/.terragon/terragon.db" 'PRAGMA user_version = 9999'
before=$(sha "$T/n/.terragon/terragon.db")
expect_exit 3 "$TERRAGON" store import "$T/export.ndjson" --repo-path "$T/n"
expect_grep "schema version 9999, newer than this terragon knows" "$T/err"
[ "$(sha "$T/n/.terragon/terragon.db")" = "$before" ] || fail "newer store was modified"
CASE

# Unwritable store paths: a directory, and a path under a regular file.
test_case 'unwritable store paths: a directory, a path under a file, a read-only directory' <<'CASE'
make_repo "$T/u"
mkdir -p "$T/u/.terragon/terragon.db"
expect_exit 3 "$TERRAGON" store import "$T/export.ndjson" --repo-path "$T/u"
expect_grep "store .*/u/.terragon/terragon.db is a directory" "$T/err"
rmdir "$T/u/.terragon/terragon.db"
echo x >"$T/u/afile"
printf 'store:\n  path: afile/terragon.db\n' >"$T/u/.terragon/config.yaml"
expect_exit 3 "$TERRAGON" store import "$T/export.ndjson" --repo-path "$T/u"
expect_grep "store .*/u/afile/terragon.db: cannot create it: a parent is not a directory" "$T/err"
if [ "$(id -u)" != 0 ]; then # permissions do not bind root
  printf 'store:\n  path: ro/terragon.db\n' >"$T/u/.terragon/config.yaml"
  mkdir -p "$T/u/ro" && chmod 0555 "$T/u/ro"
  expect_exit 3 "$TERRAGON" store import "$T/export.ndjson" --repo-path "$T/u"
  expect_grep "store .*/u/ro/terragon.db: directory .*/u/ro is not writable" "$T/err"
  chmod 0755 "$T/u/ro"
fi
CASE

# discover, once it is built, records each run in the same store.
test_case 'discover records each run in the same store' <<'CASE'
if has_command discover; then
  make_repo "$T/disc"
  expect_exit 0 "$TERRAGON" discover --repo-path "$T/disc"
  expect_exit 0 "$TERRAGON" discover --repo-path "$T/disc"
  [ "$(sqlite3 "$T/disc/.terragon/terragon.db" "SELECT count(*) FROM runs WHERE command = 'discover' AND status = 'ok'")" = 2 ] ||
    fail "discover did not record its runs"
fi
CASE
done_testing
