#!/usr/bin/env bash
# bench/functions.sh [TREE]: `terragon functions` against pmccabe on the
# Linux kernel's .c files (Debian linux-source-6.1, unpacked once by
# bench/lib.sh's ensure_kernel), or on TREE's. Both read the same files: a
# tree of the .c files only, made once under bench/data. Warm page cache, one run each.
# Prints wall times, ratios (goals: -j 1 no slower than pmccabe; default
# threads at least 1.7x faster), peak RSS, the files pmccabe crashes on, and
# how many functions agree with pmccabe's traditional CCN, explaining the
# differences that follow from known rule differences.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bench/lib.sh"
sh "$here/scripts/deps.sh" --bench
need_tool pmccabe python3
# An argument names another tree to compare on (e.g. a clone of curl); its
# .c files are copied (not linked: it may be on another file system).
if [ $# -gt 0 ]; then
  src=$(cd "$1" && pwd)
  conly=$data/$(basename "$src")-c-only
  link=
else
  src=$(ensure_kernel)
  conly=$data/linux-6.1-c-only
  link=-l
fi
if [ ! -d "$conly" ]; then
  echo "functions.sh: copying the .c files of $src into $conly" >&2
  mkdir -p "$conly"
  (cd "$src" && find . -name '*.c' -type f -print0 | xargs -0 cp --parents $link -t "$conly")
fi

# TG_BENCH_TERRAGON: a binary already built (to compare two builds without rebuilding).
tg=${TG_BENCH_TERRAGON:-}
if [ -z "$tg" ]; then
  build=${TG_BENCH_BUILD:-$here/build/bench-functions}
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTG_TESTS=OFF >/dev/null
  cmake --build "$build" --target terragon >/dev/null
  tg=$build/terragon
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$conly"
find . -name '*.c' -type f | sed 's|^\./||' | sort >"$tmp/files"
nfiles=$(wc -l <"$tmp/files")
nbytes=$(xargs cat <"$tmp/files" | wc -c) # also warms the page cache
echo "input: $nfiles .c files, $nbytes bytes ($conly)"

# timed CMD...: wall seconds, peak RSS (KB) and CPU seconds of CMD into $tmp/t,
# stdout to $tmp/out. CPU time is the steadier figure on a shared machine.
timed() {
  /usr/bin/time -f '%e %M %U %S' -o "$tmp/t" "$@" >"$tmp/out" 2>/dev/null || true
}
cpu() { python3 -c "import sys; print('%.2f' % (float(sys.argv[1]) + float(sys.argv[2])))" "$1" "$2"; }

# pmccabe stops at the first file it crashes on: a batch that crashed prints
# nothing and is re-run file by file afterwards (not timed), so that every
# file pmccabe can read is compared.
cat >"$tmp/pm_batch.sh" <<'EOF2'
#!/bin/sh
out=$(mktemp)
pmccabe "$@" >"$out" 2>/dev/null
if [ $? -ge 128 ]; then printf '%s\n' "$@" >>"$PM_CRASHED"; else cat "$out"; fi
rm -f "$out"
EOF2
chmod +x "$tmp/pm_batch.sh"
export PM_CRASHED=$tmp/pm_crashed_batches
: >"$PM_CRASHED"
timed xargs -n 200 "$tmp/pm_batch.sh" <"$tmp/files"
read -r pm_s pm_kb pm_u pm_y <"$tmp/t"
cp "$tmp/out" "$tmp/pm.out"
: >"$tmp/pm_crashed"
while read -r f; do
  rc=0
  pmccabe "$f" >>"$tmp/pm.out" 2>/dev/null || rc=$?
  [ "$rc" -lt 128 ] || echo "$f" >>"$tmp/pm_crashed"
done <"$PM_CRASHED" 2>/dev/null # the shell's own word on each crash

timed "$tg" functions . --no-ignore -j 1 --format csv
read -r j1_s j1_kb j1_u j1_y <"$tmp/t"
cp "$tmp/out" "$tmp/tg1.csv"
timed "$tg" functions . --no-ignore --format csv
read -r jn_s jn_kb jn_u jn_y <"$tmp/t"
cmp -s "$tmp/out" "$tmp/tg1.csv" || echo "WARNING: -j 1 and default threads differ"
cores=$(nproc)

ratio() { python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print('%.2f' % (a/b if b else 0))" "$1" "$2"; }
printf '%-34s %8s %8s %10s\n' "" "wall s" "CPU s" "peak RSS"
printf '%-34s %8s %8s %7s MB\n' "pmccabe (xargs -n 200)" "$pm_s" "$(cpu "$pm_u" "$pm_y")" "$((pm_kb / 1024))"
printf '%-34s %8s %8s %7s MB\n' "terragon functions -j 1" "$j1_s" "$(cpu "$j1_u" "$j1_y")" "$((j1_kb / 1024))"
printf '%-34s %8s %8s %7s MB\n' "terragon functions (-j $cores)" "$jn_s" "$(cpu "$jn_u" "$jn_y")" "$((jn_kb / 1024))"
echo "speed-up over pmccabe: -j 1 $(ratio "$pm_s" "$j1_s")x (goal >= 1), -j $cores $(ratio "$pm_s" "$jn_s")x (goal >= 1.7)"
echo "pmccabe crashed on $(wc -l <"$tmp/pm_crashed") files; terragon read all $nfiles"

python3 - "$tmp/pm.out" "$tmp/tg1.csv" "$tmp/pm_crashed" <<'EOF'
# Matches functions by (file, name, k-th of that name in the file) and
# compares our CCN with pmccabe's traditional one (which counts each case).
import collections, csv, re, sys
pm_path, tg_path, crashed_path = sys.argv[1:4]
pm = collections.defaultdict(list)
for line in open(pm_path, errors="replace"):
    m = re.match(r"(\d+)\s+(\d+)\s+\d+\s+(\d+)\s+(\d+)\s+(.*)\((\d+)\): (.*)$", line.rstrip("\n"))
    if m:
        pm[(m.group(5), m.group(7))].append((int(m.group(2)), int(m.group(3)), int(m.group(4))))
tg = collections.defaultdict(list)
for row in csv.DictReader(open(tg_path, newline="", errors="replace")):
    tg[(row["path"], row["name"])].append(row)
pp = re.compile(rb"^[ \t]*#[ \t]*(if|ifdef|elif)\b")
lines_of = {}
def pp_conds(path, start, end):
    if path not in lines_of:
        lines_of[path] = open(path, "rb").read().split(b"\n")
    return sum(1 for l in lines_of[path][start - 1:end] if pp.match(l))
total = agree = by_pp = span = 0
other = []
for key, ours in tg.items():
    theirs = pm.get(key, [])
    for row, p in zip(ours, theirs):
        total += 1
        ccn = int(row["ccn"])
        # pmccabe's first line (that of the return type) plus its line count: the last line
        span += int(row["end_line"]) == p[1] + p[2] - 1
        if ccn == p[0]:
            agree += 1
        elif ccn - pp_conds(key[0], int(row["start_line"]), int(row["end_line"])) == p[0]:
            by_pp += 1
        else:
            other.append((key, ccn, p[0]))
pm_total = sum(len(v) for v in pm.values())
tg_total = sum(len(v) for v in tg.values())
print(f"functions: terragon {tg_total}, pmccabe {pm_total}, matched by file and name {total}")
print(f"  same CCN: {agree} ({100.0 * agree / max(total, 1):.1f}%)")
print(f"  same once #if/#ifdef/#elif are not counted (lizard counts them, pmccabe does not): {by_pp}")
print(f"  other differences: {len(other)} ({100.0 * len(other) / max(total, 1):.1f}%)")
print(f"  same last line (where the function ends): {span} ({100.0 * span / max(total, 1):.1f}%)")
for (path, name), ours, theirs in other[:8]:
    print(f"    {path}: {name}: terragon {ours}, pmccabe {theirs}")
print("  (the others are mostly macros pmccabe and we split into functions differently, and")
print("   code after #if 0 ... #else, which pmccabe drops with the #if 0 branch and we read)")
EOF
