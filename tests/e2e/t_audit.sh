#!/usr/bin/env bash
# audit log|verify|export: the hash-chained audit trail in the store. Runs,
# suppressions and gate decisions are entries; verify names the first entry
# altered, removed or reordered directly in SQLite; export is JSON Lines; an
# old .terragon/audit.log is moved in once.
. "$(dirname "$0")/lib.sh"

NOW=--now=2026-11-20T10:00:00Z
R="$T/repo"
mkdir -p "$R/.terragon"
printf 'def f():\n    # TODO: one\n    return 1  # TODO: two terragon:ignore\n' > "$R/app.py"
printf 'quality_gates:\n  coverage_min: 0\n  max_critical_vulns: 0\n' > "$R/.terragon/config.yaml"
printf '{"time": "2025-11-20T10:01:00Z", "fingerprint": "00112233aabbccdd", "outcome": "dry-run"}\n' \
  > "$R/.terragon/audit.log"
make_repo "$R"
db="$R/.terragon/terragon.db"

test_case 'a run, its suppression, a gate decision and the old log are entries of the trail' <<'CASE'
GITHUB_ACTOR=octocat GITHUB_RUN_ID=4242 expect_exit 0 "$TERRAGON" discover -C "$R" $NOW
"$TERRAGON" gate -C "$R" >/dev/null 2>&1 || true
expect_exit 0 "$TERRAGON" audit log -C "$R"
expect_grep '^ +1  2025-11-20T10:01:00Z  .*  execution  00112233aabbccdd$' "$T/out"
expect_grep '  audit-log\.migrated  \.terragon/audit\.log$' "$T/out"
expect_grep '2026-11-20T10:00:00Z  .* \(ci octocat, run 4242\)  suppression\.added  [0-9a-f]{16}$' "$T/out"
expect_grep '\(ci octocat, run 4242\)  run  discover$' "$T/out"
expect_grep '  gate  (passed|failed)$' "$T/out"
[ ! -e "$R/.terragon/audit.log" ] && [ -f "$R/.terragon/audit.log.migrated" ] || fail "the old log was not moved aside"
CASE

test_case 'export is one JSON object a line with the config hash, the actor and the chain' <<'CASE'
expect_exit 0 "$TERRAGON" audit export -C "$R" --format jsonl -o "$T/audit.jsonl"
python3 - "$T/audit.jsonl" "$(id -un)" <<'PY' || fail "export"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert [r["id"] for r in rows] == list(range(1, len(rows) + 1)), rows
prev = "0" * 64
for r in rows:
    assert r["prev_hash"] == prev and len(r["hash"]) == 64, r
    assert r["actor"] == sys.argv[2], r
    prev = r["hash"]
run = [r for r in rows if r["action"] == "run"][0]
assert len(run["details"]["config_sha256"]) == 64 and run["ci_actor"] == "octocat", run
assert run["ci_run"] == "4242", run
PY
expect_exit 0 "$TERRAGON" audit verify -C "$R"
expect_grep '^audit trail intact: [0-9]+ entries, head [0-9a-f]{64}$' "$T/out"
expect_exit 2 "$TERRAGON" audit export -C "$R" --format table
CASE

# tamper DESCRIPTION SQL WANT: a copy of the store changed by SQL; verify exits 1 naming WANT.
tamper() {
  rm -rf "$T/copy" && cp -r "$R" "$T/copy"
  sqlite3 "$T/copy/.terragon/terragon.db" "$1" || fail "sqlite3: $1"
  expect_exit 1 "$TERRAGON" audit verify -C "$T/copy"
  expect_grep "$2" "$T/out"
}

test_case 'verify names an entry altered in SQLite' <<'CASE'
tamper "UPDATE audit SET details = '{}' WHERE action = 'run'" '^audit trail broken at entry [0-9]+: entry [0-9]+ \(run\) was altered'
CASE

test_case 'verify names entries removed in SQLite, in the middle and at the end' <<'CASE'
tamper "DELETE FROM audit WHERE id = 2" '^audit trail broken at entry 3: entries were removed between entry 1 and entry 3$'
tamper "DELETE FROM audit WHERE id = (SELECT max(id) FROM audit)" 'entries after entry [0-9]+ were removed'
CASE

test_case 'verify names entries reordered in SQLite' <<'CASE'
tamper "UPDATE audit SET id = 1000 WHERE id = 2; UPDATE audit SET id = 2 WHERE id = 3; UPDATE audit SET id = 3 WHERE id = 1000" \
  '^audit trail broken at entry 2: entry 2 is out of order: it was written after entry 3$'
CASE

test_case 'execute writes no .terragon/audit.log any more' <<'CASE'
[ ! -e "$R/.terragon/audit.log" ] || fail "written again"
CASE

done_testing
