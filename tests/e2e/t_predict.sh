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

items() { # RULE: the foresight items of the backlog with that rule, as JSON lines
  "$TERRAGON" backlog -C "$R" --format json |
    python3 -c 'import json,sys
for it in json.load(sys.stdin)["items"]:
    if it["source"] == "foresight" and it["rule_id"] == sys.argv[1]: print(json.dumps(it))' "$1"
}

test_case 'foresight: debt forecast past its line is an item, with evidence and horizon' <<'CASE'
items debt-growth-forecast > "$T/g.json"
python3 - "$T/g.json" <<'PY'
import json, sys
v = [json.loads(l) for l in open(sys.argv[1])]
assert len(v) == 1, v
it = v[0]
assert it["category"] == "debt" and it["status"] == "open" and it["path"] is None, it
assert it["title"].startswith("Debt forecast to grow ") and it["title"].endswith("% in 90 days"), it
assert "Theil-Sen slope +" in it["evidence"] and "Mann-Kendall" in it["evidence"], it
assert "horizon 90 days" in it["evidence"] and "start with: " in it["message"], it
PY
[ -z "$(items debt-threshold-forecast)" ] || fail "a threshold item with no threshold configured"
CASE

test_case 'foresight: a configured debt threshold crossed within the horizon' <<'CASE'
limit=$("$TERRAGON" predict debt -C "$R" --format json |
  python3 -c 'import json,sys; m=json.load(sys.stdin)["debt_minutes"]; print(round((m["now"] + m["forecast"]) / 2))')
TERRAGON_FORESIGHT__DEBT_THRESHOLD_MINUTES=$limit "$TERRAGON" discover -C "$R" --now "$(day 70)" >/dev/null 2>&1
items debt-threshold-forecast > "$T/t.json"
expect_grep "\"title\": \"Debt forecast to cross $limit minutes by 2026-" "$T/t.json"
CASE

test_case 'foresight: a forecast no longer past its line is resolved' <<'CASE'
TERRAGON_FORESIGHT__DEBT_GROWTH_PCT=100000 "$TERRAGON" discover -C "$R" --now "$(day 71)" >/dev/null 2>&1
[ -z "$(items debt-growth-forecast)$(items debt-threshold-forecast)" ] || fail "still open"
"$TERRAGON" discover -C "$R" --now "$(day 72)" >/dev/null 2>&1
[ -n "$(items debt-growth-forecast)" ] || fail "not reopened under the default line"
CASE

hyperfine_run() { # FILE STEP: a step of 10 % on ./app from run 8, 1 % a run on ./drift, sizes of sort and scan
  python3 - "$@" <<'PY'
import json, random, sys
random.seed(int(sys.argv[2]))
k = int(sys.argv[2])
def r(c, m):
    ts = [m * (1 + random.gauss(0, 0.02)) for _ in range(10)]
    return {"command": c, "mean": sum(ts) / 10, "stddev": 0.001, "median": sorted(ts)[5],
            "user": 0.0, "system": 0.0, "min": min(ts), "max": max(ts), "times": ts,
            "exit_codes": [0] * 10}
res = [r("./app", 0.100 * (1.1 if k >= 8 else 1.0)), r("./drift", 0.100 * (1 + 0.01 * k))]
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

test_case 'foresight: a quadratic family and a gradual drift are items, the linear and the flat not' <<'CASE'
"$TERRAGON" discover -C "$R" --now 2026-06-01T00:00:00Z >/dev/null 2>&1
"$TERRAGON" backlog -C "$R" --format json > "$T/p.json"
python3 - "$T/p.json" <<'PY'
import json, sys
v = [it for it in json.load(open(sys.argv[1]))["items"] if it["category"] == "performance"]
sc = [it for it in v if it["rule_id"] == "perf-scalability-forecast"]
assert [it["title"] for it in sc] == ["Benchmark sort scales as size^2.00"], sc
assert "k=2.0" in sc[0]["evidence"] or "k=1.9" in sc[0]["evidence"], sc
dg = [it for it in v if it["rule_id"] == "perf-degradation-forecast"]
assert [it["title"] for it in dg] == ["Benchmark ./drift degrading gradually"], dg
assert "Mann-Kendall" in dg[0]["evidence"] and "in 90 days" in dg[0]["message"], dg
# 1 % a run never trips the 5 % gate: no regression item for it
assert not [it for it in v if it["rule_id"] == "perf-regression" and "drift" in it["title"]], v
PY
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
