#!/usr/bin/env bash
# The pre-commit hook's cost on a typical commit: `terragon hooks run pre-commit`
# (the staged blobs of 3 changed files of a real repository, read from the index,
# scanned with every rule, secrets kept) against secretlint with
# @secretlint/secretlint-rule-preset-recommend on the same 3 files, as lint-staged
# runs it. Goal: under 100 ms for terragon (issue 20). Prints each best-of-3 wall
# time and the ratio; the machine's load is printed beside them.
#
#   bench/hooks.sh [REPO]   (default: /work/corpus/flask; cloned to a temporary directory)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib.sh
. "$here/bench/lib.sh"
B=${TG_BENCH_BUILD:-$here/build/release}
src=${1:-/work/corpus/flask}
release_build terragon
tg=$B/terragon
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q "$src" "$work/repo"
cd "$work/repo"
files=$(git ls-files '*.py' '*.c' '*.js' | head -3)
for f in $files; do printf '\n# changed\n' >>"$f"; done
# shellcheck disable=SC2086
git add $files
"$tg" hooks run pre-commit >/dev/null 2>&1 || true # the rules' compiled database, cached
t_tg=$(best_time "$work/tg.out" sh -c "'$tg' hooks run pre-commit 2>&1 || true")
echo "terragon hooks run pre-commit: ${t_tg} s ($(echo "$files" | wc -w) staged files)"
sl=$here/build/npm-secretlint
if [ ! -x "$sl/node_modules/.bin/secretlint" ]; then
  need_tool npm
  mkdir -p "$sl"
  npm install --no-save --prefix "$sl" secretlint @secretlint/secretlint-rule-preset-recommend \
    >/dev/null 2>&1
fi
echo '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}' >"$work/secretlintrc.json"
t_sl=$(best_time "$work/sl.out" sh -c "'$sl/node_modules/.bin/secretlint' --secretlintrc '$work/secretlintrc.json' $(echo "$files" | tr '\n' ' ')|| true")
echo "secretlint (preset-recommend) on the same files: ${t_sl} s"
echo "secretlint / terragon: $(echo "scale=2; $t_sl / $t_tg" | bc -l)"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
