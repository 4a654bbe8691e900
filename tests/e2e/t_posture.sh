#!/usr/bin/env bash
# posture: each Scorecard-style check with a repository that fails it and one that
# passes it (security policy, licence, CODEOWNERS, pinned dependencies, token
# permissions, dangerous workflows, binaries, fuzzing, SAST, signed tags by an SSH
# key), the weighted score recomputed from the JSON, and ? for branch protection.
. "$(dirname "$0")/lib.sh"
command -v ssh-keygen >/dev/null || fail "ssh-keygen missing"

R="$T/repo"
mkdir -p "$R/.github/workflows"
printf 'print(1)\n' >"$R/app.py"
printf '{"name": "x", "version": "1.0.0"}\n' >"$R/package.json"
printf 'binary' >"$R/helper.so"
cat >"$R/.github/workflows/ci.yml" <<'YAML'
name: ci
on: [push, pull_request_target]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}"
YAML
make_repo "$R"
git -C "$R" tag -a v0.1 -m 'plain tag'

# score NAME: the check's score in $T/p.json ("null" when undecided).
score() {
  python3 -c 'import json,sys
c = {c["name"]: c for c in json.load(open(sys.argv[1]))["checks"]}[sys.argv[2]]
print("null" if c["score"] is None else c["score"])' "$T/p.json" "$1"
}

test_case 'a repository that fails every check scores 0 on each, with its reason' <<'CASE'
expect_exit 0 "$TERRAGON" posture -C "$R" --format json
cp "$T/out" "$T/p.json"
for c in Security-Policy License Code-Owners Token-Permissions Dangerous-Workflow Fuzzing SAST Signed-Releases; do
  [ "$(score $c)" = 0 ] || fail "$c: $(score $c)"
done
[ "$(score Binary-Artifacts)" = 9 ] || fail "Binary-Artifacts: $(score Binary-Artifacts)"
# one unpinned action (-2) and package.json without a lockfile (-3)
[ "$(score Pinned-Dependencies)" = 5 ] || fail "Pinned-Dependencies: $(score Pinned-Dependencies)"
[ "$(score Branch-Protection)" = null ] || fail "Branch-Protection decided offline"
expect_exit 0 "$TERRAGON" posture -C "$R"
expect_grep '^Binary-Artifacts +9  high +1 compiled file committed \(first: helper\.so\)$' "$T/out"
expect_grep '^Pinned-Dependencies +5  medium +1 action not pinned by commit; 1 manifest without a lockfile \(package\.json\)$' "$T/out"
expect_grep '^Dangerous-Workflow +0  critical +[1-9][0-9]* script injections?, 1 pull_request_target checkout' "$T/out"
expect_grep '^Branch-Protection +\?  high' "$T/out"
CASE

test_case 'the same repository fixed passes every check; the score is the weighted mean' <<'CASE'
cd "$R"
printf 'Report to security@example.com\n' >SECURITY.md
printf 'MIT\n' >LICENSE
printf '* @team\n' >CODEOWNERS
printf '{}\n' >package-lock.json
git rm -q helper.so
mkdir -p fuzz && printf 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }\n' >fuzz/fuzz_parse.c
cat >.github/workflows/ci.yml <<'YAML'
name: ci
on: [push]
permissions: {}
jobs:
  test:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      security-events: write
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
        with:
          persist-credentials: false
      - uses: github/codeql-action/analyze@8aad20d150bbac5944a9f9d289da16a4b0d87c1e # v4.36.2
YAML
git add -A && git commit -qm fixed
ssh-keygen -q -t ed25519 -N '' -f "$T/sign" >/dev/null
git -c gpg.format=ssh -c user.signingkey="$T/sign" tag -s v0.2 -m 'signed tag'
expect_exit 0 "$TERRAGON" posture -C "$R" --format json
cp "$T/out" "$T/p.json"
for c in Security-Policy License Code-Owners Pinned-Dependencies Token-Permissions Dangerous-Workflow Binary-Artifacts Fuzzing SAST; do
  [ "$(score $c)" = 10 ] || fail "$c: $(score $c)"
done
[ "$(score Signed-Releases)" = 5 ] || fail "Signed-Releases: $(score Signed-Releases) (1 of 2 tags signed)"
python3 - "$T/p.json" <<'PY' || fail "the score is not the weighted mean"
import json, sys
p = json.load(open(sys.argv[1]))
w = {"critical": 10, "high": 7.5, "medium": 5, "low": 2.5}
dec = [c for c in p["checks"] if c["score"] is not None]
want = sum(c["score"] * w[c["risk"]] for c in dec) / sum(w[c["risk"]] for c in dec)
assert abs(p["score"] - want) < 0.01, (p["score"], want)
assert all(c["weight"] == w[c["risk"]] for c in p["checks"]), p
PY
CASE

test_case 'no workflow: token permissions and dangerous workflows are undecided, not passed' <<'CASE'
E="$T/empty"
mkdir -p "$E" && printf 'x\n' >"$E/a.txt" && make_repo "$E"
expect_exit 0 "$TERRAGON" posture -C "$E" --format json
cp "$T/out" "$T/p.json"
[ "$(score Token-Permissions)" = null ] && [ "$(score Dangerous-Workflow)" = null ] || fail "decided"
[ "$(score Signed-Releases)" = null ] || fail "no tags, yet decided"
CASE

done_testing
