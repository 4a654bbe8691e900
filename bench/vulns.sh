#!/usr/bin/env bash
# Matching dependencies against the OSV database, as discover's deps source does.
#
# The real OSV data of ../shared/osv (PyPI, Go, crates.io; OSV_DIR to change;
# tests/data/osv holds the same archives) replicated under new package names
# up to RECORDS (200,000) records (bench/osv_replicate.py), imported into a
# terragon database; then DEPS (10,000) dependencies, each at a version one of
# its records names (so most are affected: the worst case), matched through
# the database by bench/osv_match.c --db: SQLite lookups, the stored JSON
# parsed, every range evaluated, aliases grouped, on JOBS (nproc) threads as
# discover runs it. Goal: under 1 s, peak
# memory under 300 MB. The peer is Python doing the same matching on the same
# database and dependency list (bench/osv_peer.py: sqlite3, json,
# python3-packaging). Prints both and the ratio.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/bench/lib.sh"
B=${TG_BENCH_BUILD:-$here/build/release}
RECORDS=${RECORDS:-200000}
DEPS=${DEPS:-10000}
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT

need_tool python3 cc pkg-config bc
# The peer needs python3-packaging: Debian's python3 has it, a pyenv one first on PATH may not.
PY=python3
python3 -c "import packaging" 2>/dev/null || PY=/usr/bin/python3
release_build terragon
unpack_osv "$W/osv"
python3 "$here/bench/osv_replicate.py" "$W/osv" "$W/all.zip" "$W/names" "$RECORDS" 1 "$W/json"
XDG_CACHE_HOME="$W/cache" "$B/terragon" vulndb import "$W/all.zip" >/dev/null
db=$W/cache/terragon/osv.db
echo "database: $RECORDS records ($(($(stat -c %s "$db") / 1048576)) MB)"
# shellcheck disable=SC2046
cc -O2 -D_GNU_SOURCE -I"$here/src" -I"$B/gen" "$here/bench/osv_match.c" \
  "$B/src/osv/libtg_osv.a" "$B/src/vulndb/libtg_vulndb.a" "$B/src/deps/libtg_deps.a" \
  "$B/src/xml/libtg_xml.a" "$B/src/walk/libtg_walk.a" "$B/src/version/libtg_version.a" \
  "$B/src/http/libtg_http.a" "$B/src/util/libtg_util.a" \
  $(pkg-config --libs jansson yaml-0.1 yajl sqlite3 libxxhash) -lpthread -lm -ldl \
  -o "$W/osv_match"
JOBS=${JOBS:-$(nproc)}
run() { "$W/osv_match" "$W/json" --records "$RECORDS" --deps "$DEPS" --db "$db" --jobs "$JOBS" "$@"; }
run --dump "$W/deps.tsv" >/dev/null # warms the page cache, writes the list for the peer
best=
for _ in 1 2 3; do
  out=$(run)
  echo "$out"
  t=$(echo "$out" | sed -n 's/^match: \([0-9.]*\) s wall.*/\1/p')
  if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
done
peer=$($PY "$here/bench/osv_peer.py" "$db" "$W/deps.tsv")
echo "$peer"
pt=$(echo "$peer" | sed -n 's/^python3[^:]*: \([0-9.]*\) s.*/\1/p')
printf 'terragon match (best of 3): %.3f s; python3: %.3f s; ratio (python / terragon): %.1fx\n' \
  "$best" "$pt" "$(echo "$pt / $best" | bc -l)"

# --- 2. discover on an unchanged repository with DISCOVER_DEPS (5,000) dependencies
# The first PyPI and Go dependencies of the same list, as a requirements.txt of pins and
# a go.mod, in a git repository; discover runs with the dependency sources only, once to
# fill the store, then three times unchanged. The figure is the deps source's own
# seconds (value-metrics.json's "sources"); goal: under 0.2 s. The peer is Python
# matching the same dependencies (as above).
N=${DISCOVER_DEPS:-5000}
R=$W/repo
mkdir -p "$R"
awk -F'\t' -v n="$N" '($1 == "PyPI" || $1 == "Go") && c < n { print; c++ }' "$W/deps.tsv" > "$W/deps5k.tsv"
awk -F'\t' '$1 == "PyPI" { print $2 "==" $3 }' "$W/deps5k.tsv" > "$R/requirements.txt"
{ echo "module example.com/bench"; echo; echo "go 1.21"; echo; echo "require ("
  awk -F'\t' '$1 == "Go" && $2 != "stdlib" { print "\t" $2 " " $3 }' "$W/deps5k.tsv"; echo ")"; } > "$R/go.mod"
mkdir -p "$R/.terragon" # the store and the match cache live here from the first run
git -C "$R" init -q && git -C "$R" add -A && git -C "$R" -c user.name=b -c user.email=b@b commit -qm bench
disc() {
  TERRAGON_VULNDB__PATH="$db" TERRAGON_VALUE_DISCOVERY__DISCOVERY_SOURCES=security_vulnerability_scans \
    "$B/terragon" discover -C "$R" --format json >/dev/null 2>&1
  python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print([s["seconds"] for s in m["sources"] if s["name"] == "deps"][0], sum(1 for i in m["items"] if i["category"] == "vulnerability"))' "$R/value-metrics.json"
}
disc >/dev/null
best=
for _ in 1 2 3; do
  read -r t items < <(disc)
  echo "discover, unchanged: the deps source $t s ($items vulnerability items, $(wc -l < "$W/deps5k.tsv") dependencies)"
  if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
done
peer=$($PY "$here/bench/osv_peer.py" "$db" "$W/deps5k.tsv")
echo "$peer"
pt=$(echo "$peer" | sed -n 's/^python3[^:]*: \([0-9.]*\) s.*/\1/p')
printf 'deps source on an unchanged repository (best of 3): %.3f s; python3 matching alone: %.3f s; ratio %.1fx\n' \
  "$best" "$pt" "$(echo "$pt / $best" | bc -l)"
