#!/usr/bin/env bash
# The offline OSV database (src/vulndb/), two parts.
#
# 1. Import: the real OSV data of ../shared/osv (PyPI YAML, Go and crates.io
#    JSON; OSV_DIR to change; tests/data/osv holds the same archives) into a
#    new database. Goal: at least 20,000 records/s. The peer is Python doing
#    the same work on the same files: json / yaml (libyaml's C loader) to read
#    each record, json.dumps to compact it, sqlite3 to store it with the same
#    (ecosystem, name) index, one transaction. Prints both and the ratio.
# 2. Lookups: the real records replicated under new package names up to
#    RECORDS (200,000) records, imported as one all.zip, then LOOKUPS (10,000)
#    lookups, half of names that exist, each record handed back parsed with
#    jansson as the matcher does. Goal: well under 1 s in all.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/bench/lib.sh"
B=${TG_BENCH_BUILD:-$here/build/release}
RECORDS=${RECORDS:-200000}
LOOKUPS=${LOOKUPS:-10000}
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT

need_tool python3 cc pkg-config bc
release_build terragon tg_vulndb
unpack_osv "$W/osv"
n=$(find "$W/osv" -name '*.json' -o -name '*.yaml' | wc -l)
echo "input: $n OSV records ($(du -sm "$W/osv" | cut -f1) MB) from $OSV_DIR"

# --- 1. import
import_once() { rm -rf "$W/cache"; XDG_CACHE_HOME="$W/cache" "$B/terragon" vulndb import "$W/osv"; }
import_once >/dev/null 2>&1 # warm the page cache
tg=$(best_time "$W/tg.out" import_once)
cat "$W/tg.out"
cat > "$W/peer.py" <<'PY'
import json, os, re, sqlite3, sys, yaml
root, out = sys.argv[1:3]
if os.path.exists(out):
    os.remove(out)
db = sqlite3.connect(out)
db.executescript("""
CREATE TABLE record(rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, modified TEXT NOT NULL,
                    json TEXT NOT NULL);
CREATE TABLE affected(eco TEXT, name TEXT, rid INTEGER, PRIMARY KEY(eco, name, rid)) WITHOUT ROWID;
CREATE INDEX affected_rid ON affected(rid);
BEGIN;""")
def norm(eco, name):
    return re.sub(r"[-_.]+", "-", name).lower() if eco == "PyPI" else name
n = 0
for d, _, files in os.walk(root):
    for f in files:
        p = os.path.join(d, f)
        if f.endswith(".json"):
            r = json.load(open(p, "rb"))
        elif f.endswith(".yaml"):
            r = yaml.load(open(p, "rb"), Loader=yaml.CSafeLoader)
        else:
            continue
        if r.get("withdrawn"):
            continue
        cur = db.execute("INSERT OR REPLACE INTO record(id, modified, json) VALUES(?, ?, ?)",
                         (r["id"], str(r["modified"]), json.dumps(r, separators=(",", ":"), default=str)))
        for a in r.get("affected", []):
            pk = a.get("package", {})
            db.execute("INSERT OR IGNORE INTO affected VALUES(?, ?, ?)",
                       (pk.get("ecosystem"), norm(pk.get("ecosystem"), pk.get("name", "")), cur.lastrowid))
        n += 1
db.commit()
print("python3: %d records stored" % n)
PY
py=$(best_time "$W/py.out" python3 "$W/peer.py" "$W/osv" "$W/peer.db")
cat "$W/py.out"
printf 'terragon vulndb import: %.3f s, %.0f records/s\n' "$tg" "$(echo "$n / $tg" | bc -l)"
printf 'python3 json+yaml+sqlite3: %.3f s, %.0f records/s\n' "$py" "$(echo "$n / $py" | bc -l)"
printf 'ratio (python / terragon): %.1fx\n' "$(echo "$py / $tg" | bc -l)"

# --- 2. lookups against RECORDS records
python3 "$here/bench/osv_replicate.py" "$W/osv" "$W/all.zip" "$W/names" "$RECORDS" "$LOOKUPS"
rm -rf "$W/cache"
t0=$(date +%s.%N)
XDG_CACHE_HOME="$W/cache" "$B/terragon" vulndb import "$W/all.zip"
t1=$(date +%s.%N)
printf 'import of %d records from one all.zip: %.2f s, %.0f records/s, database %d MB\n' "$RECORDS" \
  "$(echo "$t1 - $t0" | bc -l)" "$(echo "$RECORDS / ($t1 - $t0)" | bc -l)" \
  $(($(stat -c %s "$W/cache/terragon/osv.db") / 1048576))
# shellcheck disable=SC2046
cc -O2 -D_GNU_SOURCE -I"$here/src" -I"$B/gen" "$here/bench/vulndb_driver.c" \
  "$B/src/vulndb/libtg_vulndb.a" "$B/src/version/libtg_version.a" "$B/src/http/libtg_http.a" \
  "$B/src/util/libtg_util.a" \
  $(pkg-config --libs sqlite3 libzip yajl yaml-0.1 libcrypto jansson libxxhash) -ldl -lpthread -lm \
  -o "$W/driver"
"$W/driver" "$W/cache/terragon/osv.db" "$W/names" >/dev/null # warm
for _ in 1 2 3; do "$W/driver" "$W/cache/terragon/osv.db" "$W/names"; done
echo "the same, the records not parsed (the database's own share):"
for _ in 1 2 3; do NOPARSE=1 "$W/driver" "$W/cache/terragon/osv.db" "$W/names"; done
echo "peak memory of the lookups: $(($(peak_kb "$W/driver" "$W/cache/terragon/osv.db" "$W/names") / 1024)) MB"
