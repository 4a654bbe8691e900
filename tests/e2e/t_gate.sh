#!/usr/bin/env bash
# gate: commands first (timeout, log kept), coverage, critical vulnerabilities
# from the store, performance from two benchmark files; bench compare.
. "$(dirname "$0")/lib.sh"

R="$T/repo"
mkdir -p "$R/src" "$R/.terragon"
printf 'def f(x):\n    if x:\n        return 1\n    return 2\n' > "$R/src/app.py"
make_repo "$R"
NOW=--now=2026-11-24T10:00:00Z

# hyperfine runs: the current one 20% slower with 10 runs a side, one steady.
hyperfine() { # FILE MEDIAN-OF-FIRST
  python3 - "$1" "$2" <<'PY'
import json, sys
m = float(sys.argv[2])
t = [m * (1 + d) for d in (-0.01, 0, 0.01, -0.005, 0.005, 0, 0.002, -0.002, 0.003, -0.003)]
s = [0.5 * (1 + d) for d in (-0.01, 0, 0.01, -0.005, 0.005, 0, 0.002, -0.002, 0.003, -0.003)]
r = lambda c, ts: {"command": c, "mean": sum(ts) / len(ts), "stddev": 0.001, "median": sorted(ts)[5],
                   "user": 0.01, "system": 0.0, "min": min(ts), "max": max(ts), "times": ts,
                   "exit_codes": [0] * len(ts)}
json.dump({"results": [r("./app --fast", t), r("./app --steady", s)]}, open(sys.argv[1], "w"))
PY
}
hyperfine "$T/base.json" 0.100
hyperfine "$T/same.json" 0.101
hyperfine "$T/slow.json" 0.120
echo '{"benchmarks": [{"name": "t", "fullname": "t.py::t", "stats": {"median": 0.1, "data": [0.1]}}], "machine_info": {}}' > "$T/pytest.json"

# bench compare: a regression, none, mixed kinds, an unknown kind.
test_case 'bench compare: a regression exits 1, none exits 0, a wider tolerance passes' <<'CASE'
expect_exit 1 "$TERRAGON" bench compare "$T/base.json" "$T/slow.json"
expect_grep '^\./app --fast .* \+20\.0% .* regressed' "$T/out"
expect_grep '^\./app --steady .* ok' "$T/out"
expect_exit 0 "$TERRAGON" bench compare "$T/base.json" "$T/same.json"
expect_no_grep 'regressed' "$T/out"
expect_exit 0 "$TERRAGON" bench compare "$T/base.json" "$T/slow.json" --tolerance 25
CASE
test_case 'bench compare --format json gives the verdict and the adjusted p-value' <<'CASE'
expect_exit 1 "$TERRAGON" bench compare "$T/base.json" "$T/slow.json" --format json
python3 -c "
import json; m = json.load(open('$T/out'))
assert m['kind'] == 'hyperfine' and m['regressions'] == 1, m
b = {x['name']: x for x in m['benchmarks']}
assert b['./app --fast']['verdict'] == 'regressed' and b['./app --fast']['p_adjusted'] < 0.05
assert abs(b['./app --fast']['change_pct'] - 20) < 0.01" || fail "bench json"
CASE
test_case 'bench compare refuses mixed kinds, an unknown kind, one file' <<'CASE'
expect_exit 2 "$TERRAGON" bench compare "$T/base.json" "$T/pytest.json"
expect_grep 'different kinds: the baseline is hyperfine, the current run pytest-benchmark' "$T/err"
echo '{"data": [1, 2]}' > "$T/odd.json"
expect_exit 2 "$TERRAGON" bench compare "$T/odd.json" "$T/base.json"
expect_grep 'odd.json: not a benchmark file of a known kind' "$T/err"
expect_exit 2 "$TERRAGON" bench compare "$T/base.json"
CASE

# gate: a passing and a failing command, coverage from an lcov file one of
# them writes (absolute paths mapped into the repository), no store yet.
test_case 'gate runs the commands first, keeps their logs, reads the coverage they write' <<'CASE'
cat > "$R/.terragon/config.yaml" <<YAML
quality_gates:
  coverage_min: 50
  coverage_file: cov.info
  max_critical_vulns: 0
  commands:
    - {name: unit, run: "echo unit-ran; printf 'TN:\\\\nSF:$R/src/app.py\\\\nDA:1,1\\\\nDA:2,1\\\\nDA:3,0\\\\nDA:4,1\\\\nend_of_record\\\\n' > cov.info", timeout_s: 30}
    - {name: lint, run: "echo lint-broke >&2; exit 3", timeout_s: 30}
YAML
expect_exit 1 "$TERRAGON" gate --repo-path "$R"
expect_grep '^command:unit .*exit 0 .*pass' "$T/out"
expect_grep '^command:lint .*exit 3 .*fail' "$T/out"
expect_grep 'unit-ran' "$R/.terragon/gate-unit.log"
expect_grep 'lint-broke' "$R/.terragon/gate-lint.log"
expect_grep '^coverage .*>= 50\.0% .*75\.0% .*pass' "$T/out"
expect_grep '^critical-vulns .*fail .*could not be evaluated: no store' "$T/out"
expect_grep '^perf-regression .*skipped' "$T/out"
# Commands run first: the coverage file did not exist before.
rm "$R/cov.info"
expect_exit 1 "$TERRAGON" gate --repo-path "$R" --format json
python3 -c "
import json; m = json.load(open('$T/out'))
g = {x['name']: x for x in m['gates']}
assert m['passed'] is False
assert g['coverage']['result'] == 'pass' and g['coverage']['actual'] == '75.0%', g
assert g['perf-regression']['result'] == 'skipped' and g['perf-regression']['actual'] is None
assert g['command:lint']['result'] == 'fail'" || fail "gate json"
CASE

# With a store holding one critical security item, a slower benchmark, a timeout.
test_case 'gate with a store: a critical item, a slower benchmark, a timeout fail, as Markdown' <<'CASE'
cat > "$T/tool.sarif" <<'JSON'
{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "fakelint", "rules": [
  {"id": "FL001", "properties": {"security-severity": "9.8", "tags": ["security"]}}]}},
 "results": [{"ruleId": "FL001", "level": "error", "message": {"text": "unsafe"},
   "locations": [{"physicalLocation": {"artifactLocation": {"uri": "src/app.py"}, "region": {"startLine": 2}}}]}]}]}
JSON
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW --import "$T/tool.sarif"
cat > "$R/.terragon/config.yaml" <<YAML
quality_gates:
  coverage_min: 80
  coverage_file: cov.info
  max_critical_vulns: 0
  perf_regression_max_pct: 5
  bench_baseline: $T/base.json
  bench_current: $T/slow.json
  commands:
    - {name: hangs, run: "sleep 60", timeout_s: 1}
YAML
expect_exit 1 "$TERRAGON" gate --repo-path "$R" --format md
expect_grep '^\| Gate \| Threshold \| Actual \| Result \| Detail \|$' "$T/out"
expect_grep '^\| command:hangs \| exit 0 within 1 s \| timed out \| .* fail \|' "$T/out"
expect_grep '^\| critical-vulns \| <= 0 \| 1 \| .* fail \|' "$T/out"
expect_grep '^\| perf-regression \| <= 5\.0% \| \+20\.0% \| .* fail \|' "$T/out"
expect_grep '^\| coverage \| >= 80\.0% \| 75\.0% \| .* fail \|' "$T/out"
CASE

# Everything within its threshold: exit 0.
test_case 'everything within its threshold: gate exits 0' <<'CASE'
cat > "$R/.terragon/config.yaml" <<YAML
quality_gates:
  coverage_min: 70
  coverage_file: cov.info
  max_critical_vulns: 1
  bench_baseline: $T/base.json
  bench_current: $T/same.json
  commands:
    - {name: ok, run: "true", timeout_s: 10}
YAML
expect_exit 0 "$TERRAGON" gate --repo-path "$R" --format md
expect_grep '^### Quality gates: passed' "$T/out"
expect_no_grep 'fail' "$T/out"
CASE

# Bad configuration: benchmark files of different kinds, of an unknown kind.
test_case 'benchmark files of different or unknown kinds are a configuration error' <<'CASE'
sed -i "s|bench_current: .*|bench_current: $T/pytest.json|" "$R/.terragon/config.yaml"
expect_exit 2 "$TERRAGON" gate --repo-path "$R"
expect_grep 'different kinds' "$T/err"
sed -i "s|bench_current: .*|bench_current: $T/odd.json|" "$R/.terragon/config.yaml"
expect_exit 2 "$TERRAGON" gate --repo-path "$R"
expect_grep 'not a benchmark file of a known kind' "$T/err"
expect_exit 2 "$TERRAGON" gate --repo-path "$R" --format xml
CASE

# bench record keeps runs in the store; a file of no known kind is refused.
test_case 'bench record keeps runs in the store; a file of no known kind is refused' <<'CASE'
expect_exit 0 "$TERRAGON" bench record "$T/base.json" --repo-path "$R"
expect_grep 'recorded benchmark run 1: 2 benchmark' "$T/out"
expect_exit 0 "$TERRAGON" bench record "$T/slow.json" --repo-path "$R"
expect_exit 2 "$TERRAGON" bench record "$T/odd.json" --repo-path "$R"
python3 -c "
import sqlite3; d = sqlite3.connect('$R/.terragon/terragon.db')
assert d.execute('select count(*) from bench_runs').fetchone()[0] == 2
rows = d.execute(\"select run_id, median, samples from bench_results where name = './app --fast' order by run_id\").fetchall()
assert abs(rows[0][1] - 0.1) < 1e-9 and abs(rows[1][1] - 0.12) < 1e-9, rows
assert len(eval(rows[1][2])) == 10" || fail "bench record"
CASE
done_testing
