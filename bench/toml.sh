#!/usr/bin/env bash
# The TOML reader (util/toml.h) on generated lockfiles of SIZE_MB (default 5)
# megabytes: a uv.lock-like one (inline tables, arrays of them) and a
# Cargo.lock-like one (one [metadata] table with a key per package). Goal: a
# 5 MB lockfile parsed in well under 100 ms. The peer is python3-tomli on the
# same files (best of 3 wall times, interpreter start included).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/bench/lib.sh"
size=${SIZE_MB:-5}
B=${TG_BENCH_BUILD:-$here/build/release}
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT

need_tool cc pkg-config /usr/bin/python3
release_build tg_util
# shellcheck disable=SC2046
cc -O2 -D_GNU_SOURCE -I"$here/src" -I"$B/gen" "$here/bench/toml_driver.c" \
  "$B/src/util/libtg_util.a" $(pkg-config --libs libxxhash yaml-0.1 jansson) -lm \
  -o "$W/toml_driver"

for kind in uv cargo; do
  "$W/toml_driver" "$kind" "$W/$kind.lock" "$size"
  "$W/toml_driver" parse "$W/$kind.lock"
  py=$(best_time "$W/py.out" /usr/bin/python3 -c \
    'import sys, tomli; tomli.load(open(sys.argv[1], "rb"))' "$W/$kind.lock")
  printf 'python3-tomli: %.0f ms\n' "$(echo "$py * 1000" | bc -l)"
done
