#!/usr/bin/env bash
# bench/rules.sh [TREE [SUBSET]]: the default rule packs (`terragon rules scan`)
# against ripgrep running the same regexes (`rg -f patterns.txt`) over the same
# tree, warm page cache, both with 2 threads and no ignore files:
#  1. the secret family's regexes (those ripgrep's own engine accepts; the
#     others are named) against the whole default packs and the secret pack
#     alone, over TREE (issue 5: "22 secret regexes take ripgrep about 2.6 s");
#  2. all the default packs' regexes, over SUBSET (ripgrep's lazy DFA thrashes
#     on this many patterns at once: the whole kernel would take it an hour);
#  3. secretlint with @secretlint/secretlint-rule-preset-recommend (npm, under
#     build/npm-secretlint) against terragon over SUBSET (goal: 20x faster);
#  4. a pack of 200 synthetic secret rules (gitleaks' size) added to the
#     default packs (goal: at most 1.5x), and terragon's peak resident memory.
# Each line gives wall seconds (best of 3 when quick) and CPU seconds (user+sys):
# on a shared machine the wall time follows the load, CPU time much less.
# Default TREE: the Linux kernel (linux-source-6.1) under bench/data/; SUBSET:
# TREE/fs. TG_BENCH_SKIP_SECRETLINT=1 leaves out part 3.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bench/lib.sh"
tree=${1:-$(ensure_kernel)}
subset=${2:-$tree/fs}
need_tool rg bc python3 /usr/bin/time

build=${TG_BENCH_BUILD:-$here/build/bench-rules}
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTG_TESTS=OFF >/dev/null
cmake --build "$build" --target terragon >/dev/null
tg=$build/terragon
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The same regexes, one a line, from the packs themselves: all of them, and the
# secret family's (id TAB regex, to name the ones ripgrep cannot take).
"$tg" rules list --format json | python3 -c '
import json, sys
with open(sys.argv[1], "w") as allf, open(sys.argv[2], "w") as sec:
    for r in json.load(sys.stdin):
        for p in r["patterns"]:
            print(p, file=allf)
            if r["category"] == "secret":
                print(r["id"] + "\t" + p, file=sec)' "$work/patterns.txt" "$work/secret-rules.tsv"
: >"$work/secrets.txt"
dropped=""
while IFS=$'\t' read -r id pat; do
  # exit 2: ripgrep's engine rejects the pattern (lookaround, backreferences...)
  if echo | rg -q -e "$pat" >/dev/null 2>&1 || [ $? = 1 ]; then
    printf '%s\n' "$pat" >>"$work/secrets.txt"
  else
    dropped="$dropped $id"
  fi
done <"$work/secret-rules.tsv"
# the rule ids outside the secret family, to scan the secret pack alone
nonsecret=$("$tg" rules list --format json | python3 -c '
import json, sys
print(" ".join("--disable " + r["id"] for r in json.load(sys.stdin) if r["category"] != "secret"))')

# 200 synthetic secret rules, in the pack format.
python3 - "$work/synthetic.yaml" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("rules:\n")
    for i in range(200):
        f.write(f"""  - id: synthetic.token-{i:03d}
    message: synthetic token {i}
    severity: ERROR
    languages: [generic]
    pattern-regex: '\\b(tk{i:03d}_[0-9A-Za-z]{{32}})\\b'
    metadata: {{category: secret}}
""")
PY

# timed NAME CMD...: wall (best of 3, or one run when it takes over a minute)
# and CPU seconds of that run, into $work/NAME.t as "wall cpu"; stdout in $work/NAME.out.
timed() {
  local name=$1 best=
  shift
  for i in 1 2 3; do
    /usr/bin/time -f '%e %U %S' -o "$work/$name.one" "$@" >"$work/$name.out" 2>/dev/null || true
    read -r w u s < <(tail -1 "$work/$name.one")
    if [ -z "$best" ] || [ "$(echo "$w < ${best%% *}" | bc -l)" = 1 ]; then
      best="$w $(echo "$u + $s" | bc -l)"
    fi
    [ "$(echo "$w > 60" | bc -l)" = 1 ] && break
  done
  echo "$best" >"$work/$name.t"
}
show() { # show LABEL NAME EXTRA
  local w c
  read -r w c <"$work/$2.t"
  printf '%-36s %7.2f s wall %7.2f s CPU  %s\n' "$1" "$w" "$c" "$3"
}
ratio() { # ratio A B: wall and CPU of A over B
  local aw ac bw bc
  read -r aw ac <"$work/$1.t"
  read -r bw bc <"$work/$2.t"
  printf 'wall %.2f, CPU %.2f' "$(echo "$aw / $bw" | bc -l)" "$(echo "$ac / $bc" | bc -l)"
}
rg_count() { awk -F: '{s += $NF} END {print s + 0}' "$work/$1.out"; }
tg_count() { grep -c '^[^ ]' "$work/$1.out" || true; }

"$tg" rules scan -j 2 --no-ignore "$tree" >/dev/null 2>&1 || true # warm the cache and the database cache
rg -c -j 2 --no-ignore --hidden --no-messages -f "$work/secrets.txt" "$tree" >/dev/null || true

# 1. secret regexes over the whole tree
timed rg_sec rg -c -j 2 --no-ignore --hidden --no-messages -f "$work/secrets.txt" "$tree"
timed tg_all "$tg" rules scan -j 2 --no-ignore "$tree"
# shellcheck disable=SC2086
timed tg_sec "$tg" rules scan -j 2 --no-ignore $nonsecret "$tree"
echo "tree: $tree"
printf 'secret regexes: %s of %s (ripgrep rejects:%s)\n' "$(wc -l <"$work/secrets.txt")" \
  "$(wc -l <"$work/secret-rules.tsv")" "${dropped:- none}"
show "ripgrep -f secrets.txt" rg_sec "($(rg_count rg_sec) matching lines)"
show "terragon rules scan (default packs)" tg_all "($(tg_count tg_all) findings, after PCRE2 and filters)"
show "terragon rules scan (secret pack)" tg_sec "($(tg_count tg_sec) findings)"
echo "terragon default packs / ripgrep secrets: $(ratio tg_all rg_sec) (goal <= 1)"
echo "terragon secret pack / ripgrep secrets:   $(ratio tg_sec rg_sec)"

# 2. all the default packs' regexes over the subset, ripgrep bounded
limit=${TG_BENCH_RG_TIMEOUT:-900}
rc=0
/usr/bin/time -f '%e %U %S' -o "$work/rg_all.one" timeout "$limit" \
  rg -c -j 2 --no-ignore --hidden --no-messages -f "$work/patterns.txt" "$subset" \
  >"$work/rg_all.out" 2>/dev/null || rc=$?
read -r w u s < <(tail -1 "$work/rg_all.one")
echo "$w $(echo "$u + $s" | bc -l)" >"$work/rg_all.t"
timed tg_sub "$tg" rules scan -j 2 --no-ignore "$subset"
echo
echo "subset: $subset ($(find "$subset" -type f | wc -l) files, $(du -sb "$subset" | cut -f1) bytes)"
show "ripgrep -f patterns.txt (all $(wc -l <"$work/patterns.txt"))" rg_all "($(rg_count rg_all) matching lines)"
[ "$rc" = 124 ] && echo "ripgrep: stopped at the $limit s limit; its time is a lower bound"
show "terragon rules scan" tg_sub "($(tg_count tg_sub) findings)"
echo "terragon / ripgrep, all regexes: $(ratio tg_sub rg_all) (goal <= 1)"

# 3. secretlint over the same subset: every file, as terragon --no-ignore reads
# them (secretlint's glob leaves out dot files; the kernel's subset has a few
# .gitignore files and nothing else hidden).
if [ -z "${TG_BENCH_SKIP_SECRETLINT:-}" ]; then
  sl=$here/build/npm-secretlint
  if [ ! -x "$sl/node_modules/.bin/secretlint" ]; then
    need_tool npm
    mkdir -p "$sl"
    npm install --no-save --prefix "$sl" secretlint @secretlint/secretlint-rule-preset-recommend \
      >/dev/null 2>&1
  fi
  echo '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}' >"$work/secretlintrc.json"
  # secretlint exits 1 when it finds something; timed keeps its time either way
  (cd "$subset" && timed secretlint "$sl/node_modules/.bin/secretlint" --secretlintrc \
    "$work/secretlintrc.json" --format json "**/*")
  show "secretlint (preset-recommend)" secretlint "($(find "$subset" -type f -not -name '.*' | wc -l) files)"
  show "terragon rules scan" tg_sub ""
  echo "secretlint / terragon: $(ratio secretlint tg_sub) (goal >= 20)"
fi

# 4. 200 synthetic rules, memory
"$tg" rules scan -j 2 --no-ignore --pack "$work/synthetic.yaml" "$tree" >/dev/null 2>&1 || true
timed tg_syn "$tg" rules scan -j 2 --no-ignore --pack "$work/synthetic.yaml" "$tree"
peak=$(peak_kb "$tg" rules scan -j 2 --no-ignore "$tree")
echo
show "terragon + 200 rules" tg_syn ""
echo "+200 rules / default: $(ratio tg_syn tg_all) (goal <= 1.5)"
printf 'peak resident memory (rules scan, default packs): %s KB\n' "$peak"
