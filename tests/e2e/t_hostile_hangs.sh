#!/usr/bin/env bash
# Hostile repositories that used to hang or crash terragon (issue 13, items
# 9, 10, 12, 13, 17 and 20): each now ends, says what it met and where, and
# the run goes on. `timeout 60` around runs that used to hang turns a
# regression into a failure instead of a hung suite; it guards, it does not
# time (they take about a second).
. "$(dirname "$0")/lib.sh"

# timeout's status for a run that did not end
HUNG=124

# A repository with one ordinary file, committed.
plain_repo() {
  mkdir -p "$1"
  printf 'def f(x):\n    return x\n' > "$1/app.py"
  make_repo "$1"
}

# N '[' after a prefix, into a file
brackets() { python3 -c 'import sys; sys.stdout.write(sys.argv[1] + "[" * int(sys.argv[2]))' "$1" "$2"; }

# Item 9: several "**" each trying every '/' of a deep path were exponential
# (4: 0.06 s, 6: 3 s, 8: more than a minute). git itself takes as long over
# this .gitignore, so it is written after the commit and git never reads it.
test_case 'eight "**" in .gitignore over a 60-level path: matched, not backtracked forever' <<'CASE'
R="$T/stars"
plain_repo "$R"
deep=$(python3 -c 'print("/".join(["a"] * 60))')
mkdir -p "$R/$deep"
printf 'x = 1\n' > "$R/$deep/keep.py"
printf 'x = 1\n' > "$R/$deep/z"
printf '**/**/**/**/**/**/**/**/z\n' > "$R/.gitignore"
got=0
timeout 60 "$TERRAGON" count --by-file --format csv "$R" > "$T/out" 2> "$T/err" || got=$?
[ "$got" != $HUNG ] || fail "count did not end within 60 s"
[ "$got" = 0 ] || { cat "$T/err" >&2; fail "count exited $got"; }
expect_grep "^$deep/keep\.py," "$T/out"
expect_no_grep "/z," "$T/out"
CASE

# Item 10: libyaml's loader has no depth bound; a megabyte of '[' (under the
# 1 MiB cap) took it more than 2 minutes. Every YAML reader now stops at the
# 65th level and names the place.
test_case 'a workflow nested a million deep is skipped at its place; the rest is audited' <<'CASE'
R="$T/workflow"
mkdir -p "$R/.github/workflows"
brackets $'on: push\njobs: ' 1000000 > "$R/.github/workflows/deep.yml"
printf 'on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@main\n' \
  > "$R/.github/workflows/ok.yml"
plain_repo "$R"
got=0
timeout 60 "$TERRAGON" discover -C "$R" > "$T/out" 2> "$T/err" || got=$?
[ "$got" != $HUNG ] || fail "discover did not end within 60 s"
[ "$got" = 0 ] || { cat "$T/err" >&2; fail "discover exited $got"; }
expect_grep 'warning: \.github/workflows/deep\.yml:2:70: nested deeper than 64 levels' "$T/err"
expect_grep 'ok\.yml' "$R/value-metrics.json" # the other workflow's findings
CASE

test_case 'a configuration nested a million deep is an error at its place' <<'CASE'
R="$T/config"
mkdir -p "$R/.terragon"
brackets 'thresholds: ' 1000000 > "$R/.terragon/config.yaml"
got=0
timeout 60 "$TERRAGON" config validate -C "$R" > "$T/out" 2> "$T/err" || got=$?
[ "$got" = 2 ] || { cat "$T/err" >&2; fail "config validate exited $got, want 2"; }
expect_grep 'config\.yaml:1:76: nested deeper than 64 levels' "$T/err"
CASE

test_case 'a rule pack nested a million deep is an error at its place' <<'CASE'
brackets $'rules:\n  - id: deep\n    pattern-regex: ' 1000000 > "$T/deep-pack.yaml"
got=0
timeout 60 "$TERRAGON" rules validate --no-builtin "$T/deep-pack.yaml" > "$T/out" 2> "$T/err" || got=$?
[ "$got" = 2 ] || { cat "$T/err" >&2; fail "rules validate exited $got, want 2"; }
expect_grep 'deep-pack\.yaml:3:81: nested deeper than 64 levels' "$T/err"
CASE

# Item 12: no workflow in .github/workflows made qsort(NULL, 0), which the
# UBSan build aborts on.
test_case 'a workflows directory with no workflow in it: audited, no undefined behaviour' <<'CASE'
R="$T/noworkflow"
mkdir -p "$R/.github/workflows"
printf '# our workflows\n' > "$R/.github/workflows/README.md"
plain_repo "$R"
expect_exit 0 "$TERRAGON" discover -C "$R"
expect_no_grep 'runtime error' "$T/err"
python3 - "$R/value-metrics.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
assert [s["ok"] for s in m["sources"] if s["name"] == "compliance"] == [True], m["sources"]
assert m["skipped"] == [], m["skipped"]
PY
CASE

# Item 13: with a store that cannot be opened, execute leaked the
# configuration it had loaded (LeakSanitizer fails the ASan build's run).
test_case 'execute with a store that cannot be opened fails cleanly, leaking nothing' <<'CASE'
R="$T/nostore"
plain_repo "$R"
mkdir -p "$R/.terragon/terragon.db"
expect_exit 3 "$TERRAGON" execute --dry-run -C "$R"
expect_grep 'terragon\.db is a directory' "$T/err"
expect_no_grep 'LeakSanitizer|leaked' "$T/err"
CASE

# Item 17: a JSON array is no coverage format; it was called "not an lcov record".
test_case 'an import of a million [ is reported as bad SARIF, naming the file' <<'CASE'
R="$T/import"
plain_repo "$R"
brackets '' 1000000 > "$T/deep.sarif"
got=0
timeout 60 "$TERRAGON" discover -C "$R" --import "$T/deep.sarif" > "$T/out" 2> "$T/err" || got=$?
[ "$got" = 0 ] || { cat "$T/err" >&2; fail "discover exited $got"; }
expect_grep 'warning: .*/deep\.sarif: .*not a SARIF log' "$T/err"
expect_no_grep 'lcov' "$T/err"
CASE

# Item 20: a PyTorch zip of 50,000 pickles gave 50,000 items, and a note
# that the file was skipped as too large though it had been read.
test_case 'a model of 50,000 pickles importing os.system is one item that counts them, not skipped' <<'CASE'
R="$T/model"
plain_repo "$R"
python3 - "$R/model.pt" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_STORED) as z:
    for i in range(50000):
        z.writestr("archive/data%d.pkl" % i, b"\x80\x02cos\nsystem\nq\x00.")
PY
git -C "$R" add model.pt && git -C "$R" commit -qm model
expect_exit 0 "$TERRAGON" discover -C "$R" -v
expect_no_grep 'skipped model\.pt' "$T/err"
python3 - "$R/value-metrics.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
items = [i for i in m["items"] if i["category"] == "ai-ml"]
assert len(items) == 1, len(items)
assert "imports os.system (at byte 49, and 49999 more times)" in items[0]["message"], items[0]
assert not [s for s in m["skipped"] if "model.pt" in s], m["skipped"]
PY
CASE

done_testing
