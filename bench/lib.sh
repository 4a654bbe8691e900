# Shared by the bench/*.sh scripts (sourced). Everything here only reads or
# creates files under bench/data/ (or $TG_BENCH_DATA) and the build dir.
here=${here:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
data=${TG_BENCH_DATA:-$here/bench/data}

# ensure_kernel: prints the path of the Linux 6.1 source tree, unpacking the
# Debian package's tarball (linux-source-6.1, scripts/deps.sh --bench) once.
ensure_kernel() {
  local tree=$data/linux-source-6.1 tarball=/usr/src/linux-source-6.1.tar.xz
  if [ ! -d "$tree" ]; then
    [ -f "$tarball" ] || { echo "bench: no $tarball: scripts/deps.sh --bench" >&2; return 2; }
    mkdir -p "$data"
    echo "bench: unpacking $tarball into $data" >&2
    tar -C "$data" -xJf "$tarball"
  fi
  echo "$tree"
}

# need_tool NAME...: fails with a hint when a peer tool is missing.
need_tool() {
  local t
  for t in "$@"; do
    command -v "$t" >/dev/null || { echo "bench: no $t: scripts/deps.sh --bench" >&2; return 2; }
  done
}

# best_time OUT CMD...: the best wall time of 3 runs, in seconds; the last run's
# stdout is left in the file OUT (the function runs in a $(...) subshell).
best_time() {
  local t0 t1 t b=999999 o=$1
  shift
  for _ in 1 2 3; do
    t0=$(date +%s.%N)
    "$@" >"$o"
    t1=$(date +%s.%N)
    t=$(echo "$t1 - $t0" | bc -l)
    b=$(echo "if ($t < $b) $t else $b" | bc -l)
  done
  echo "$b"
}

# peak_kb CMD...: the peak resident memory of one run, in KB (time writes to
# its own file, so the command's stderr cannot hide it).
peak_kb() {
  local f
  f=$(mktemp)
  /usr/bin/time -o "$f" -f '%M' "$@" >/dev/null 2>&1 || true
  tail -1 "$f"
  rm -f "$f"
}

# release_build TARGET...: builds the targets in the Release tree $B
# (TG_BENCH_BUILD, default build/release), configuring it first if needed.
release_build() {
  [ -f "$B/build.ninja" ] ||
    cmake -S "$here" -B "$B" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTG_TESTS=OFF >/dev/null
  cmake --build "$B" --target "$@" >/dev/null
}

# unpack_osv DIR: the real OSV data ($OSV_DIR, default ../shared/osv, else the
# same archives in tests/data/osv) unpacked into DIR.
unpack_osv() {
  local src=${OSV_DIR:-$here/../shared/osv} f
  [ -d "$src" ] || src=$here/tests/data/osv
  mkdir -p "$1"
  for f in "$src"/*.tar.xz; do tar -xJf "$f" -C "$1"; done
  OSV_DIR=$src
}
