#!/usr/bin/env bash
# bench/deps.sh: the dependency inventory against cdxgen (npm
# @cyclonedx/cdxgen, run with --no-install-deps and FETCH_LICENSE=false, so
# it reads the lockfiles as we do) on the same lockfiles. For each input it
# prints terragon's parse time (the reader alone, best of 5: bench/deps_driver.c;
# goal: under 100 ms for 5,000 packages), the whole `terragon deps` command
# (best of 3), cdxgen's time (one run: it takes seconds), the ratio, and
# whether the two list the same set of purls (compared without the case of
# npm names, which purl lowercases and cdxgen keeps).
#
# Inputs, under bench/data/deps (or $TG_BENCH_DATA/deps):
#  - axios's own package-lock.json (2,115 entries), a real lockfile;
#  - 5,000-package package-lock.json (v3) and pnpm-lock.yaml (v9) written by
#    bench/deps_gen.py from the real name@version pairs of axios's and vite's
#    lockfiles (2,794 of them; the rest real names at new patch versions).
#  - 5,000-package poetry.lock and uv.lock written by bench/deps_py_gen.py,
#    and flask's own uv.lock (82 packages), a real one.
# Clones come from $TG_BENCH_AXIOS / $TG_BENCH_VITE / $TG_BENCH_FLASK (a path
# or URL; default GitHub). cdxgen is installed once under build/npm-cdxgen.
#
# Sections: "npm" below; other ecosystems append a section of their own that
# calls `compare NAME DIR [FILE]`.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/bench/lib.sh"
need_tool node npm python3 bc
W=$data/deps
mkdir -p "$W"

B=${TG_BENCH_BUILD:-$here/build/release}
release_build terragon tg_deps
tg=$B/terragon
# shellcheck disable=SC2046
cc -O2 -D_GNU_SOURCE -I"$here/src" -I"$B/gen" "$here/bench/deps_driver.c" \
  "$B/src/deps/libtg_deps.a" "$B/src/walk/libtg_walk.a" "$B/src/version/libtg_version.a" \
  "$B/src/xml/libtg_xml.a" "$B/src/util/libtg_util.a" $(pkg-config --libs jansson yaml-0.1 libxxhash) \
  -lpthread -lm -ldl -o "$W/deps_driver"

cdx_dir=$here/build/npm-cdxgen
if [ ! -x "$cdx_dir/node_modules/.bin/cdxgen" ]; then
  echo "deps.sh: installing @cyclonedx/cdxgen under $cdx_dir" >&2
  npm install --prefix "$cdx_dir" --no-audit --no-fund @cyclonedx/cdxgen >/dev/null
fi
cdxgen=$cdx_dir/node_modules/.bin/cdxgen
echo "peer: cdxgen $("$cdxgen" --version 2>/dev/null | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -1)"

# clone NAME SOURCE: a shallow clone under $W, once.
clone() {
  [ -d "$W/$1" ] || git clone -q --depth 1 "$2" "$W/$1"
  echo "$W/$1"
}

# compare NAME DIR [FILE]: terragon's parse of DIR/FILE (when given), the whole
# command on DIR, cdxgen on DIR, the ratio, and the two sets of purls.
compare() {
  local name=$1 dir=$2 file=${3:-} parse="" tg_s cdx_s
  [ -n "$file" ] && parse=$("$W/deps_driver" "$dir/$file")
  tg_s=$(best_time "$W/$name.tg.json" "$tg" deps --format json "$dir")
  local t0 t1
  t0=$(date +%s.%N)
  PATH=${cdx_path:-$PATH} FETCH_LICENSE=false CDXGEN_NO_BANNER=1 "$cdxgen" -t "${cdx_type:-js}" \
    --no-install-deps --no-recurse \
    -o "$W/$name.cdx.json" "$dir" >"$W/$name.cdx.log" 2>&1
  t1=$(date +%s.%N)
  cdx_s=$(echo "$t1 - $t0" | bc -l)
  [ -n "$parse" ] && set -- $parse &&
    printf '%s: %s: parse %s entries in %s ms (cpu %s ms)\n' "$name" "$file" "$1" "$2" "$3"
  printf '%s: terragon deps %.3f s, cdxgen %.2f s, ratio %.0fx\n' "$name" "$tg_s" "$cdx_s" \
    "$(echo "$cdx_s / $tg_s" | bc -l)"
  python3 - "$W/$name.tg.json" "$W/$name.cdx.json" "$name" <<'PY'
import json, sys, urllib.parse
def norm(p):
    return urllib.parse.unquote(p.split("?")[0].split("#")[0]).lower()
tg = {norm(d["purl"]) for d in json.load(open(sys.argv[1]))["dependencies"] if d["version"]}
cdx = {norm(c["purl"]) for c in json.load(open(sys.argv[2])).get("components", []) if c.get("purl")}
same = "the same" if tg == cdx else "NOT the same"
print("%s: purls: terragon %d, cdxgen %d, %s set (%d only terragon, %d only cdxgen)"
      % (sys.argv[3], len(tg), len(cdx), same, len(tg - cdx), len(cdx - tg)))
for p in sorted(tg - cdx)[:5]:
    print("  only terragon:", p)
for p in sorted(cdx - tg)[:5]:
    print("  only cdxgen:", p)
PY
}

## npm ##########################################################################
axios=$(clone axios "${TG_BENCH_AXIOS:-https://github.com/axios/axios}")
vite=$(clone vite "${TG_BENCH_VITE:-https://github.com/vitejs/vite}")
if [ ! -f "$W/gen/pnpm/pnpm-lock.yaml" ]; then
  python3 "$here/bench/deps_gen.py" "$W/gen" 5000 "$axios/package-lock.json" \
    "$vite/pnpm-lock.yaml"
fi
mkdir -p "$W/axios-lock"
cp "$axios/package.json" "$axios/package-lock.json" "$W/axios-lock/"
compare npm-5000 "$W/gen/npm-lock" package-lock.json
compare pnpm-5000 "$W/gen/pnpm" pnpm-lock.yaml
compare axios "$W/axios-lock" package-lock.json

## PyPI #########################################################################
# 5,000-package poetry.lock and uv.lock (bench/deps_py_gen.py), each beside a
# pyproject.toml, and flask's uv.lock. cdxgen reads them as python projects,
# with a PATH that holds node and nothing else, so it can run neither pip nor
# python. On flask cdxgen also lists the project itself (flask@3.2.0.dev0),
# which terragon does not: it is no dependency.
if [ ! -f "$W/gen-py/uv/uv.lock" ]; then
  python3 "$here/bench/deps_py_gen.py" "$W/gen-py" 5000
fi
mkdir -p "$W/cdx-bin"
ln -sfn "$(command -v node)" "$W/cdx-bin/node"
cdx_type=python cdx_path=$W/cdx-bin compare poetry-5000 "$W/gen-py/poetry" poetry.lock
cdx_type=python cdx_path=$W/cdx-bin compare uv-5000 "$W/gen-py/uv" uv.lock
flask=$(clone flask "${TG_BENCH_FLASK:-https://github.com/pallets/flask}")
mkdir -p "$W/flask-lock"
cp "$flask/pyproject.toml" "$flask/uv.lock" "$W/flask-lock/"
cdx_type=python cdx_path=$W/cdx-bin compare flask "$W/flask-lock" uv.lock
