#!/usr/bin/env bash
# Hostile input against the store and the outputs (issue 13): paths that are
# not UTF-8, files the scanner could not read, a read-only or damaged store,
# a full disk, and "new" within one second. Every output must be UTF-8, every
# path must come back byte for byte, and nothing may make a critical item
# vanish from backlog or gate.
source "$(dirname "$0")/lib.sh"

NOW=--now=2026-11-20T10:00:00Z

# token FILE NAME: writes `TOKEN = '<a valid-looking ghp_ token>'` into FILE
# (NAME may hold any byte: it is given to Python as bytes).
token() {
  python3 - "$1" <<'PY'
import os, random, string, sys, zlib
rnd = random.Random(13)
alnum = string.digits + string.ascii_uppercase + string.ascii_lowercase
body = "".join(rnd.choice(alnum) for _ in range(30))
n, tail = zlib.crc32(body.encode()), ""
for _ in range(6):
    tail, n = alnum[n % 62] + tail, n // 62
with open(os.fsencode(sys.argv[1]), "w") as f:
    f.write("TOKEN = %r\n" % ("ghp" + "_" + body + tail))
PY
}

# utf8 FILE...: each file is valid UTF-8.
utf8() {
  python3 - "$@" <<'PY' || fail "not UTF-8: $*"
import sys
for p in sys.argv[1:]:
    open(p, "rb").read().decode("utf-8")
PY
}

# in_namespace CMD: runs CMD (a bash script) in a private mount namespace, so
# mounts end with it; 77 when this machine cannot make one (not root, no
# unshare), which a case reports as skipped.
in_namespace() {
  if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null ||
    ! unshare -m true 2>/dev/null; then
    echo "skipped: needs root and unshare -m for a private mount" >&2
    return 77
  fi
  unshare -m bash -c "$1"
}

R1="$T/bytes"
mkdir -p "$R1"
token "$R1/cfg"$'\xff'".py"
printf '# TODO r\xe9parer \xff ici\nx = 1\n' >"$R1/latin.py"
make_repo "$R1"

test_case 'a critical token in a file named cfg\xff.py reaches gate, backlog and explain' <<'CASE'
expect_exit 0 "$TERRAGON" discover -C "$R1" $NOW --sarif "$T/bytes.sarif"
expect_exit 1 "$TERRAGON" gate -C "$R1"
expect_grep '^critical-vulns .* 1 +fail' "$T/out"
expect_exit 0 "$TERRAGON" backlog -C "$R1" --severity critical --format csv
expect_grep 'secret,secrets\.github-pat,.*cfg\\xff\.py,1' "$T/out"
id=$(sed -n 2p "$T/out" | cut -d, -f1)
expect_exit 0 "$TERRAGON" explain -C "$R1" "$id"
expect_grep 'at cfg\\xff\.py:1' "$T/out"
CASE

test_case 'every output is UTF-8 and JSON keeps the byte as \udcff' <<'CASE'
expect_exit 0 "$TERRAGON" backlog -C "$R1" --format json
cp "$T/out" "$T/backlog.json"
expect_grep '"path": "cfg\\udcff\.py"' "$T/backlog.json"
expect_exit 0 "$TERRAGON" backlog -C "$R1"
cp "$T/out" "$T/backlog.txt"
id=$("$TERRAGON" backlog -C "$R1" --severity critical --format csv | sed -n 2p | cut -d, -f1)
expect_exit 0 "$TERRAGON" explain -C "$R1" "$id" --format json
cp "$T/out" "$T/explain.json"
expect_exit 0 "$TERRAGON" store -C "$R1" export "$T/bytes.ndjson"
expect_grep '"path": "cfg\\udcff\.py"' "$R1/value-metrics.json"
expect_grep 'TODO: r\\udce9parer \\udcff ici' "$T/bytes.sarif"
expect_grep 'TODO: r\\xe9parer \\xff ici' "$R1/BACKLOG.md"
utf8 "$R1/value-metrics.json" "$R1/BACKLOG.md" "$T/bytes.sarif" "$T/bytes.ndjson" \
  "$T/backlog.json" "$T/backlog.txt" "$T/explain.json"
python3 - "$R1/.terragon/terragon.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])  # reading TEXT that is not UTF-8 raises here
for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
    db.execute('SELECT * FROM "%s"' % t).fetchall()
# the path that is not UTF-8 is kept as its bytes
paths = [p for (p,) in db.execute("SELECT path FROM items WHERE typeof(path) = 'blob'")]
assert paths == [b"cfg\xff.py"], paths
PY
CASE

test_case 'SARIF with a path and a title that are not UTF-8 still passes the validator' <<'CASE'
tool="$TG_SOURCE_DIR/build/npm/node_modules/.bin/sarif-multitool"
if [ ! -x "$tool" ]; then
  echo "skipped: sarif-multitool missing (scripts/deps.sh --test)" >&2
else
  DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$tool" validate --rule-kind '"Gh;Sarif"' \
    "$T/bytes.sarif" >"$T/validate.log" 2>&1 || { cat "$T/validate.log" >&2; fail "validator exit"; }
  expect_grep 'completed successfully' "$T/validate.log"
  expect_no_grep ': error ' "$T/validate.log"
fi
CASE

test_case 'store export then import round-trips a path with 0xff, ESC and a newline' <<'CASE'
R="$T/export"
mkdir -p "$R"
token "$R/a"$'\xff\x1b[2J\n'"b.py"
make_repo "$R"
expect_exit 0 "$TERRAGON" discover -C "$R" $NOW
expect_exit 0 "$TERRAGON" store -C "$R" export "$T/e.ndjson"
utf8 "$T/e.ndjson"
mv "$R/.terragon" "$T/old-store"
expect_exit 0 "$TERRAGON" store -C "$R" import "$T/e.ndjson"
expect_exit 0 "$TERRAGON" store -C "$R" export "$T/e2.ndjson"
python3 - "$T/e.ndjson" "$T/e2.ndjson" "$R/.terragon/terragon.db" <<'PY'
import json, sqlite3, sys
want = b"a\xff\x1b[2J\nb.py"
def paths(f):
    out = set()
    for line in open(f, encoding="utf-8"):
        o = json.loads(line)
        if o["type"] == "item" and o["path"]:
            out.add(o["path"].encode("utf-8", "surrogateescape"))
            assert o["item"]["path"] == o["path"]
    return out
assert paths(sys.argv[1]) == {want}, paths(sys.argv[1])
assert paths(sys.argv[2]) == {want}, paths(sys.argv[2])
db = sqlite3.connect(sys.argv[3])
db.text_factory = bytes
assert [r[0] for r in db.execute("SELECT path FROM items WHERE path IS NOT NULL")] == [want]
PY
expect_exit 1 "$TERRAGON" gate -C "$R"
CASE

test_case 'a store row that cannot be read is an error naming it, and gate does not pass' <<'CASE'
R="$T/damaged"
mkdir -p "$R"
token "$R/cfg.py"
make_repo "$R"
expect_exit 0 "$TERRAGON" discover -C "$R" $NOW
fp=$(python3 - "$R/.terragon/terragon.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
(fp,) = db.execute("SELECT fingerprint FROM items WHERE severity = 'critical'").fetchone()
db.execute("UPDATE item_json SET json = '{\"fingerprint\": \"' || fingerprint || '\", ' "
           "WHERE fingerprint = ?", (fp,))
db.commit()
print(fp)
PY
)
expect_exit 3 "$TERRAGON" backlog -C "$R"
expect_grep "item_json row $fp cannot be read" "$T/err"
expect_exit 1 "$TERRAGON" gate -C "$R"
expect_grep "critical-vulns .*could not be evaluated: .*item_json row $fp" "$T/out"
CASE

R5="$T/skipped"
mkdir -p "$R5"
token "$R5/cfg.py"
echo 'x = 1' >"$R5/ok.py"
make_repo "$R5"

test_case 'a token file grown past the size limit keeps its item open, not rescanned' <<'CASE'
expect_exit 0 "$TERRAGON" discover -C "$R5" $NOW
cp "$R5/cfg.py" "$T/cfg.py"
head -c 3000000 /dev/zero | tr '\0' 'a' >>"$R5/cfg.py"
git -C "$R5" commit -qam 'grow past the limit'
expect_exit 0 "$TERRAGON" discover -C "$R5" --now=2026-11-20T11:00:00Z
expect_no_grep 'resolved' "$T/out"
expect_grep 'files not rescanned' "$T/out"
expect_grep '^  cfg\.py: too-large' "$T/out"
expect_grep '"not_rescanned": "too-large' "$R5/value-metrics.json"
expect_grep 'Not rescanned' "$R5/BACKLOG.md"
expect_exit 1 "$TERRAGON" gate -C "$R5"
expect_exit 0 "$TERRAGON" backlog -C "$R5" --severity critical
expect_grep 'cfg\.py:1\)  \[not rescanned\]' "$T/out"
expect_exit 3 "$TERRAGON" discover -C "$R5" --strict --now=2026-11-20T12:00:00Z
expect_exit 1 "$TERRAGON" discover -C "$R5" --fail-on critical --now=2026-11-20T13:00:00Z
python3 - "$R5/.terragon/terragon.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("SELECT count(*) FROM item_events WHERE event = 'not-rescanned'").fetchone() == (1,)
assert db.execute("SELECT count(*) FROM items WHERE severity = 'critical' AND status = 'open'").fetchone() == (1,)
PY
cp "$T/cfg.py" "$R5/cfg.py"
git -C "$R5" commit -qam 'back under the limit'
expect_exit 0 "$TERRAGON" discover -C "$R5" --now=2026-11-20T14:00:00Z
expect_no_grep 'not rescanned' "$T/out"
expect_no_grep 'not_rescanned' "$R5/value-metrics.json"
CASE

test_case 'a token file made binary keeps its item open, and removing it resolves it' <<'CASE'
printf 'x\0y' >>"$R5/cfg.py"
expect_exit 0 "$TERRAGON" discover -C "$R5" --now=2026-11-20T15:00:00Z
expect_grep '^  cfg\.py: binary' "$T/out"
expect_exit 1 "$TERRAGON" gate -C "$R5"
git -C "$R5" rm -q -f cfg.py
expect_exit 0 "$TERRAGON" discover -C "$R5" --now=2026-11-20T16:00:00Z
expect_grep '1 resolved' "$T/out"
expect_exit 0 "$TERRAGON" gate -C "$R5"
CASE

test_case 'an unchanged rerun within the same second has no new item' <<'CASE'
R="$T/rerun"
mkdir -p "$R"
token "$R/cfg.py"
make_repo "$R"
expect_exit 1 "$TERRAGON" discover -C "$R" $NOW --fail-on-new
expect_grep '\([1-9][0-9]* new\)' "$T/out"
expect_exit 0 "$TERRAGON" discover -C "$R" $NOW --fail-on-new
expect_grep '\(0 new\)' "$T/out"
CASE

R18="$T/readonly"
mkdir -p "$R18"
token "$R18/cfg.py"
make_repo "$R18"

test_case 'gate reads a read-only store, and names a store it cannot open' <<'CASE'
expect_exit 0 "$TERRAGON" discover -C "$R18" $NOW
rc=0
in_namespace "mount --bind '$R18/.terragon' '$R18/.terragon' &&
  mount -o remount,bind,ro '$R18/.terragon' &&
  { '$TERRAGON' gate -C '$R18' >'$T/out' 2>'$T/err'; echo \$? >'$T/rc'; }" || rc=$?
if [ "$rc" = 77 ]; then
  echo "skipped: the read-only mount" >&2
else
  [ "$rc" = 0 ] || fail "the read-only mount failed ($rc)"
  [ "$(cat "$T/rc")" = 1 ] || { cat "$T/out" "$T/err" >&2; fail "gate exit $(cat "$T/rc"), want 1"; }
  expect_grep '^critical-vulns .* 1 +fail' "$T/out"
  expect_no_grep 'no store' "$T/out"
fi
# A store that is there but is not a database is named, not taken for none.
printf 'not a database, but long enough to have a header of a hundred bytes or so: %0100d' 0 \
  >"$R18/.terragon/terragon.db"
expect_exit 3 "$TERRAGON" gate -C "$R18"
expect_grep "store $R18/\.terragon/terragon\.db is corrupted" "$T/err"
expect_no_grep 'no store' "$T/out"
CASE

test_case 'on a full disk every store error names the database file and the cause' <<'CASE'
R="$T/full"
mkdir -p "$R/.terragon"
for i in $(seq 1 300); do printf '# TODO item %d\nx%d = 1\n' "$i" "$i" >"$R/f$i.py"; done
make_repo "$R"
cat >"$T/full.sh" <<EOF
set -e
mount -t tmpfs -o size=2m tmpfs '$R/.terragon'
'$TERRAGON' discover -C '$R' $NOW --output '$T/vm.json' --backlog '$T/B.md' >/dev/null
for i in \$(seq 1 600); do printf '# TODO more %d\ny%d = 2\n' \$i \$i >'$R/g'\$i.py; done
n=0
for left in 4 16 64; do
  rm -f '$R/.terragon/fill'
  avail=\$(df -k --output=avail '$R/.terragon' | tail -1)
  dd if=/dev/zero of='$R/.terragon/fill' bs=1k count=\$((avail - left)) 2>/dev/null || true
  rc=0
  '$TERRAGON' discover -C '$R' --now=2026-11-20T11:00:00Z --output '$T/vm.json' \
    --backlog '$T/B.md' >/dev/null 2>'$T/err.'\$left || rc=\$?
  echo \$rc >'$T/rc.'\$left
done
EOF
rc=0
in_namespace "bash '$T/full.sh'" || rc=$?
if [ "$rc" = 77 ]; then
  echo "skipped: the small tmpfs" >&2
else
  [ "$rc" = 0 ] || fail "the full-disk script failed ($rc)"
  for left in 4 16 64; do
    [ "$(cat "$T/rc.$left")" = 3 ] || { cat "$T/err.$left" >&2; fail "exit $(cat "$T/rc.$left") with ${left}k left"; }
    expect_grep "error: .*$R/\.terragon/terragon\.db" "$T/err.$left"
    # SQLite's "disk I/O error" says neither which file nor what failed: both are added
    expect_no_grep 'disk I/O error$' "$T/err.$left"
    if grep -q 'disk I/O error' "$T/err.$left"; then
      expect_grep 'disk I/O error \(No space left on device\)' "$T/err.$left"
    fi
  done
fi
CASE

done_testing
