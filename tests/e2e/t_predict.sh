#!/usr/bin/env bash
# predict debt|perf|backlog end to end on a store with a known history:
# debt that grows each run, a benchmark with a step, a quadratic family.
. "$(dirname "$0")/lib.sh"

R="$T/repo"
echo 'x = 1' > "$R.tmp" && mkdir -p "$R" && mv "$R.tmp" "$R/base.py"
make_repo "$R"
day() { printf '2026-%02d-%02dT10:00:00Z' $((1 + ($1 - 1) / 28)) $((1 + ($1 - 1) % 28)); }
discover_run() { # N: a week later, N more files with one marker each
  local i
  for i in $(seq 1 "$1"); do echo "# TODO: item $1.$i" > "$R/m$1_$i.py"; done
  git -C "$R" add -A && git -C "$R" commit -qm "run $1"
  "$TERRAGON" discover -C "$R" --now "$(day $((1 + 7 * $1)))" >/dev/null 2>&1
}
for n in 1 2 3; do discover_run $n; done

test_case 'fewer than 8 runs: not enough history' <<'CASE'
expect_exit 0 "$TERRAGON" predict debt -C "$R"
expect_grep '^debt: not enough history \(3 runs; 8 needed\)' "$T/out"
CASE

for n in 4 5 6 7 8 9; do discover_run $n; done

test_case 'debt: a growing trend, its forecast, the crossing date and the drivers' <<'CASE'
expect_exit 0 "$TERRAGON" predict debt -C "$R" --horizon 12w --threshold 3000 --format json
python3 - "$T/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["enough_history"] and d["runs"] == 9, d
m = d["debt_minutes"]
assert m["slope_per_day"] > 0 and m["slope_interval"][0] <= m["slope_per_day"] <= m["slope_interval"][1], m
assert m["mann_kendall_p"] < 0.01 and m["forecast"] > m["now"] and m["growth_pct"] > 20, m
assert d["horizon_days"] == 84 and d["threshold_crossed"] is not None, d
paths = [x["path"] for x in d["drivers"] if "path" in x]
assert paths and all(int(p[1]) >= 5 for p in paths), paths  # opened in the second half
assert any(x.get("category") == "debt" for x in d["drivers"]), d["drivers"]
assert d["actions"], d
PY
expect_exit 0 "$TERRAGON" predict debt -C "$R"
expect_grep '^debt minutes: .* a day \(95 % interval' "$T/out"
expect_grep '^preventive actions:' "$T/out"
CASE

test_case 'backlog: arrival and resolution rates and the expected size' <<'CASE'
expect_exit 0 "$TERRAGON" predict backlog -C "$R" --format json
python3 - "$T/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
c = {x["category"]: x for x in d["categories"]}
assert c["debt"]["arrival_per_day"] > 0 and c["debt"]["expected"] > c["debt"]["open"], c["debt"]
assert c["all"]["open"] >= c["debt"]["open"], c
PY
CASE

hyperfine_run() { # FILE STEP: a step of 10 % on ./app from run 8, sizes of sort and scan
  python3 - "$@" <<'PY'
import json, random, sys
random.seed(int(sys.argv[2]))
k = int(sys.argv[2])
def r(c, m):
    ts = [m * (1 + random.gauss(0, 0.02)) for _ in range(10)]
    return {"command": c, "mean": sum(ts) / 10, "stddev": 0.001, "median": sorted(ts)[5],
            "user": 0.0, "system": 0.0, "min": min(ts), "max": max(ts), "times": ts,
            "exit_codes": [0] * 10}
res = [r("./app", 0.100 * (1.1 if k >= 8 else 1.0))]
for n in (1000, 3000, 10000, 30000):
    res.append(r("sort n=%d" % n, 1e-9 * n * n))
    res.append(r("scan n=%d" % n, 1e-6 * n))
json.dump({"results": res}, open(sys.argv[1], "w"))
PY
}
for k in $(seq 1 14); do
  hyperfine_run "$T/h$k.json" "$k"
  "$TERRAGON" bench record "$T/h$k.json" -C "$R" --now "$(day $((100 + k)))" >/dev/null
done

test_case 'perf: the step at its run, the quadratic family flagged, the linear not' <<'CASE'
expect_exit 0 "$TERRAGON" predict perf -C "$R" --format json
python3 - "$T/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
b = {x["name"]: x for x in d["benchmarks"]}
ch = b["./app"]["changes"]
assert len(ch) == 1 and ch[0]["run_index"] == 7 and ch[0]["worse"], ch
assert abs(ch[0]["change_pct"] - 10) < 4 and ch[0]["p"] <= 0.01, ch
s = {x["family"]: x for x in d["scaling"]}
assert s["sort "]["bottleneck"] and abs(s["sort "]["exponent"] - 2) < 0.2, s
assert not s["scan "]["bottleneck"] and abs(s["scan "]["exponent"] - 1) < 0.2, s
PY
expect_exit 0 "$TERRAGON" predict perf -C "$R"
expect_grep '^scaling of sort : time ~ size\^[12]\.[0-9]+ over 4 sizes .*bottleneck' "$T/out"
expect_grep 'change between runs 7 and 8: \+' "$T/out"
CASE

test_case 'the report draws the bands and the change points' <<'CASE'
expect_exit 0 "$TERRAGON" report -C "$R" --html "$T/r.html" --now 2026-06-01T00:00:00Z
expect_grep 'class="band"' "$T/r.html"
expect_grep 'class="change"' "$T/r.html"
expect_grep 'Mann&ndash;Kendall' "$T/r.html"
CASE

test_case 'an unknown kind or horizon is a usage error' <<'CASE'
expect_exit 2 "$TERRAGON" predict weather -C "$R"
expect_exit 2 "$TERRAGON" predict debt -C "$R" --horizon soon
CASE

done_testing
