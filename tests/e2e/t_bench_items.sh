#!/usr/bin/env bash
# Benchmark regressions become performance items: from runs kept with
# `bench record` (latest against the one before) and from the configured
# bench_baseline / bench_current; a regression gone is resolved.
. "$(dirname "$0")/lib.sh"

R="$T/repo"
mkdir -p "$R/src" "$R/bench"
printf 'def f(x):\n    return x\n' > "$R/src/app.py"
make_repo "$R"

hyperfine() { # FILE MEDIAN [RUNS]
  python3 - "$@" <<'PY'
import json, sys
m, n = float(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 10
d = [-0.01, 0, 0.01, -0.005, 0.005, 0, 0.002, -0.002, 0.003, -0.003][:n]
t = [m * (1 + x) for x in d]
s = [0.5 * (1 + x) for x in d]
r = lambda c, ts: {"command": c, "mean": sum(ts) / len(ts), "stddev": 0.001, "median": sorted(ts)[len(ts) // 2],
                   "user": 0.01, "system": 0.0, "min": min(ts), "max": max(ts), "times": ts,
                   "exit_codes": [0] * len(ts)}
json.dump({"results": [r("./app --fast", t), r("./app --steady", s)]}, open(sys.argv[1], "w"))
PY
}
items() { # the benchmarks source's open items, "title|severity|path" a line
  python3 - "$R/value-metrics.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
for i in m["items"]:
    if i["source"] == "benchmarks" and i["status"] == "open":
        print("%s|%s|%s|%s" % (i["title"], i["severity"], i.get("path"), i["category"]))
PY
}

# One run recorded: nothing to compare yet, nothing found.
test_case 'one recorded run: nothing to compare, no item' <<'CASE'
hyperfine "$R/bench/run.json" 0.100
expect_exit 0 "$TERRAGON" bench record "$R/bench/run.json" --repo-path "$R"
expect_grep '^recorded benchmark run 1: 2 benchmark\(s\) \(hyperfine\)' "$T/out"
expect_no_grep 'regress' "$T/out"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" --now=2026-11-24T10:00:00Z
[ -z "$(items)" ] || fail "an item from a single run: $(items)"
CASE

# A second run 30% slower: bench record says so, discover makes an item.
test_case 'a run 30% slower: bench record says so, discover makes an item' <<'CASE'
hyperfine "$R/bench/run.json" 0.130
(cd "$R" && expect_exit 0 "$TERRAGON" bench record bench/run.json)
expect_grep '^\./app --fast .* \+30\.0% .* regressed' "$T/out"
expect_grep '1 regression\(s\) against the previous run' "$T/out"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" --now=2026-11-24T11:00:00Z
items > "$T/items"
expect_grep '^Benchmark \./app --fast regressed 30\.0%\|high\|bench/run\.json\|performance$' "$T/items"
[ "$(wc -l < "$T/items")" -eq 1 ] || fail "expected one item: $(cat "$T/items")"
expect_grep 'Benchmark \./app --fast regressed' "$R/BACKLOG.md"
CASE
FP=$(python3 -c "
import json; m = json.load(open('$R/value-metrics.json'))
print([i['fingerprint'] for i in m['items'] if i['source'] == 'benchmarks'][0])")
test_case 'explain gives the test behind a benchmark item' <<'CASE'
expect_exit 0 "$TERRAGON" explain "$FP" --repo-path "$R"
expect_grep 'Mann-Whitney U p=' "$T/out"
CASE

# Recorded again at the old speed: the regression is resolved.
test_case 'recorded again at the old speed: the regression is resolved' <<'CASE'
hyperfine "$R/bench/run.json" 0.100
expect_exit 0 "$TERRAGON" bench record "$R/bench/run.json" --repo-path "$R"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" --now=2026-11-24T12:00:00Z
[ -z "$(items)" ] || fail "regression not resolved: $(items)"
expect_exit 0 "$TERRAGON" history "$FP" --repo-path "$R"
expect_grep 'resolved' "$T/out"
CASE

# The configured pair: under four times the tolerance is medium; with three
# runs a side there is no test, and the evidence says so.
test_case 'the configured baseline and current files: a medium item' <<'CASE'
hyperfine "$R/bench/base.json" 0.100 3
hyperfine "$R/bench/cur.json" 0.130 3
mkdir -p "$R/.terragon"
cat > "$R/.terragon/config.yaml" <<'YAML'
quality_gates:
  perf_regression_max_pct: 10
  bench_baseline: bench/base.json
  bench_current: bench/cur.json
YAML
expect_exit 0 "$TERRAGON" discover --repo-path "$R" --now=2026-11-24T13:00:00Z
items > "$T/items"
expect_grep '^Benchmark \./app --fast regressed 30\.0%\|medium\|bench/cur\.json\|performance$' "$T/items"
CASE
# The configured file is missing: said, and nothing is resolved for it.
test_case 'a configured file missing is said and resolves nothing' <<'CASE'
mv "$R/bench/cur.json" "$R/bench/gone.json"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" --now=2026-11-24T14:00:00Z
expect_grep 'bench/cur\.json: benchmark file not found' "$R/value-metrics.json"
expect_exit 0 "$TERRAGON" backlog --repo-path "$R" --category performance
expect_grep 'Benchmark \./app --fast regressed 30\.0%' "$T/out"
CASE

# A file of no known kind is an error naming it; the run completes.
test_case 'a file of no known kind is named; the run completes; --strict exits 3' <<'CASE'
echo '{"data": [1]}' > "$R/bench/cur.json"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" --now=2026-11-24T15:00:00Z
expect_grep 'cur\.json: not a benchmark file of a known kind' "$R/value-metrics.json"
expect_exit 3 "$TERRAGON" discover --repo-path "$R" --strict --now=2026-11-24T16:00:00Z
CASE

done_testing
