#!/usr/bin/env bash
# bench/walk.sh [TREE]: terragon's walk (list in parallel, apply the skips, read
# every file whole, count its lines) against ripgrep reading every file
# (`rg -c --no-ignore --hidden ''`), on the same tree, warm page cache, best
# of 3 runs each. Prints the files and bytes each side read and the ratio of
# wall times (goal: the walk no slower than ripgrep; `count` within 2x).
# When `terragon count` exists it is timed too, with --no-ignore.
# Default tree: the Linux kernel from the Debian package linux-source-6.1,
# unpacked once under bench/data/ (or $TG_BENCH_DATA) by bench/lib.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bench/lib.sh"
tree=${1:-$(ensure_kernel)}
need_tool rg bc /usr/bin/time

build=${TG_BENCH_BUILD:-$here/build/bench}
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTG_TESTS=OFF >/dev/null
cmake --build "$build" --target tg_walk >/dev/null
cat >"$build/walk_bench.c" <<'EOF'
#include "walk/walk.h"
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static atomic_size_t lines;
static int count_lines(const struct tg_walk_file *f, void *arg)
{
	const unsigned char *p = f->data, *end = f->data + f->len;
	size_t n = 0;
	while ((p = memchr(p, '\n', (size_t)(end - p)))) {
		n++;
		p++;
	}
	atomic_fetch_add(&lines, n);
	return 0;
}
int main(int argc, char **argv)
{
	struct tg_walk_opts o = TG_WALK_OPTS_INIT;
	struct tg_walk_stats s;
	o.root = argv[1];
	o.no_ignore = 1;
	o.workers = argc > 2 ? atoi(argv[2]) : 0;
	if (tg_walk_run(&o, count_lines, NULL, &s))
		return 3;
	printf("%zu files, %zu bytes, %zu dirs, %zu skipped, %zu lines\n", s.files, s.bytes, s.dirs,
	       s.skipped_nr, (size_t)lines);
	tg_walk_stats_release(&s);
	return 0;
}
EOF
cc -O2 -D_GNU_SOURCE -I"$here/src" "$build/walk_bench.c" "$build/src/walk/libtg_walk.a" \
  "$build/src/util/libtg_util.a" $(pkg-config --libs libgit2 libxxhash) -lpthread \
  -o "$build/walk_bench"

# best of 3 runs of "$@": "wall cpu" in seconds (cpu = user + sys, steadier on a
# shared machine); the last run's stdout in $build/out
best() {
  local w c bw=999999 bc_=999999
  for _ in 1 2 3; do
    /usr/bin/time -o "$build/time" -f '%e %U %S' "$@" >"$build/out" 2>/dev/null
    read -r w c < <(awk '{print $1, $2 + $3}' "$build/time")
    bw=$(echo "if ($w < $bw) $w else $bw" | bc -l)
    bc_=$(echo "if ($c < $bc_) $c else $bc_" | bc -l)
  done
  echo "$bw $bc_"
}
ratio() { printf "%.2f" "$(echo "$1 / $2" | bc -l)"; }

"$build/walk_bench" "$tree" >/dev/null # warm the page cache
# ripgrep's output goes to a file: to /dev/null it stops at a file's first match
read -r rg_w rg_c < <(best rg -c --no-ignore --hidden '' "$tree")
rg_files=$(wc -l <"$build/out")
rg_bytes=$(find "$tree" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
read -r walk_w walk_c < <(best "$build/walk_bench" "$tree")
walk_out=$(cat "$build/out")
/usr/bin/time -o "$build/time" -f '%M' "$build/walk_bench" "$tree" >/dev/null
peak=$(cat "$build/time")

printf 'tree: %s\n' "$tree"
printf 'ripgrep: %6.2f s wall %6.2f s cpu  %s files with a line, %s bytes in regular files\n' \
  "$rg_w" "$rg_c" "$rg_files" "$rg_bytes"
printf 'walk:    %6.2f s wall %6.2f s cpu  %s (peak %s KB)\n' "$walk_w" "$walk_c" "$walk_out" "$peak"
printf 'walk / ripgrep: %s wall, %s cpu\n' "$(ratio "$walk_w" "$rg_w")" "$(ratio "$walk_c" "$rg_c")"
echo "(the walk skips files over 2 MiB, binaries and symbolic links; ripgrep reads them)"

if cmake --build "$build" --target terragon >/dev/null 2>&1 &&
  "$build/terragon" count --help >/dev/null 2>&1; then
  read -r count_w count_c < <(best "$build/terragon" count --no-ignore "$tree")
  printf 'count:   %6.2f s wall %6.2f s cpu\n' "$count_w" "$count_c"
  printf 'count / ripgrep: %s wall, %s cpu (goal <= 2)\n' "$(ratio "$count_w" "$rg_w")" \
    "$(ratio "$count_c" "$rg_c")"
fi
