#!/usr/bin/env bash
# execute's own overhead (goal: at most 2 s), beyond the executor and the gates'
# commands, on a generated git repository of 10,000 files (built once in
# bench/data/execute-10k). The executor edits one file (a few ms: sed), no gate
# commands, dry-run: so the wall time of `terragon execute` is its overhead —
# worktree, tree-state snapshots, commit, diff, cleanup, store.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bench/lib.sh"
TG=${TERRAGON:-$here/build/release/terragon}
[ -x "$TG" ] || { echo "build first: make build" >&2; exit 2; }
R=$data/execute-10k
export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
unset TERRAGON_GITHUB_TOKEN GH_TOKEN GITHUB_TOKEN

if [ ! -d "$R/.git" ]; then
  echo "bench: generating $R (10,000 files)" >&2
  rm -rf "$R"
  mkdir -p "$R"
  python3 - "$R" <<'PY'
import os, sys
root = sys.argv[1]
for d in range(100):
    os.makedirs(f"{root}/pkg{d:02d}", exist_ok=True)
    for f in range(100):
        with open(f"{root}/pkg{d:02d}/m{f:02d}.py", "w") as o:
            o.write(f'"""Module {d}.{f}."""\n\n')
            for i in range(20):
                o.write(f"def fn_{i}(x):\n    return x + {i}\n\n")
with open(f"{root}/pkg00/m00.py", "a") as o:
    o.write("def broken():\n    pass  # TODO: fix this\n")
PY
  printf 'value-metrics.json\nBACKLOG.md\n.terragon/\n' >"$R/.gitignore"
  git -C "$R" init -q -b main
  git -C "$R" add -A
  git -C "$R" commit -q -m init
  mkdir -p "$R/.terragon"
  cat >"$R/.terragon/config.yaml" <<'YAML'
execution:
  dry_run: true
  min_score: 0
  executor:
    command: "sed -i 's/TODO: fix this/fixed/' pkg00/m00.py"
    timeout_s: 60
YAML
  "$TG" discover --repo-path "$R" -q >/dev/null
fi
item=$(sqlite3 "$R/.terragon/terragon.db" \
  "SELECT fingerprint FROM items WHERE path = 'pkg00/m00.py' LIMIT 1")
[ -n "$item" ] || { echo "bench: no TODO item in $R" >&2; exit 2; }
files=$(git -C "$R" ls-files | wc -l)

out=$(mktemp); trap 'rm -f "$out" "$out.cpu"' EXIT
# the executor alone, for scale
exe=$(best_time "$out" sh -c "cp $R/pkg00/m00.py /tmp/bench-exec-$$.py && sed -i 's/TODO: fix this/fixed/' /tmp/bench-exec-$$.py; rm -f /tmp/bench-exec-$$.py")
# execute keeps its worktree (.git/terragon/tree-0) for the next run: the first
# run checks out every file (on a disk, most of its time), later ones write only
# what differs. Both are printed; the goal is for the runs a user repeats.
wt="${TMPDIR:-/tmp}/bench-worktree-$$"
co=$(best_time "$out" sh -c "git -C $R worktree add -q --detach $wt HEAD && git -C $R worktree remove --force $wt")
"$TG" execute --repo-path "$R" --remove-trees -q >/dev/null
t0=$(date +%s.%N)
"$TG" execute --repo-path "$R" --dry-run --item "$item" -q >"$out"
cold=$(echo "$(date +%s.%N) - $t0" | bc -l)
grep -q 'would open a pull request' "$out" || { cat "$out" >&2; echo "bench: execute did not propose" >&2; exit 1; }
t=$(best_time "$out" "$TG" execute --repo-path "$R" --dry-run --item "$item" -q)
grep -q 'would open a pull request' "$out" || { cat "$out" >&2; echo "bench: execute did not propose" >&2; exit 1; }
# On a loaded machine wall time follows the load; CPU seconds (terragon and
# every git it ran) do not.
/usr/bin/time -f '%U %S' -o "$out.cpu" "$TG" execute --repo-path "$R" --dry-run \
  --item "$item" -q >/dev/null 2>&1
c=$(awk '{print $1 + $2}' "$out.cpu")
printf 'execute --dry-run on %d files: first run (worktree made) %.3f s; kept worktree %.3f s wall (best of 3; %.2f s CPU); for scale: git worktree add+remove alone %.3f s, the executor alone %.3f s; goal <= 2 s: %s\n' \
  "$files" "$cold" "$t" "$c" "$co" "$exe" "$(echo "$t <= 2" | bc -l | sed 's/1/met/;s/0/NOT met/')"
