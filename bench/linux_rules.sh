#!/usr/bin/env bash
# bench/linux_rules.sh [TREE]: the rule packs' precision on the Linux kernel (issue 15:
# at most 5 false positives among the top 50 rule-pack findings, no card number).
# Runs `terragon discover` with only the scanner's rules pass (and the secret and AI/ML
# sources) on a copy of linux-source-6.1, and prints the top 50 rule findings by
# composite score next to the hand-checked verdicts of bench/judged/linux-rules-top50.tsv:
# a finding that is new (no verdict yet) is marked "?", to be opened and judged.
# Then the count per rule, card numbers included.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bench/lib.sh"
src=${1:-$(ensure_kernel)}
need_tool python3
B=${TG_BENCH_BUILD:-$here/build/bench-rules}
release_build terragon
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A copy, so that discover's store never lands in the tree, without Debian's
# packaging line `/*` in the top .gitignore (it would ignore the whole tree).
cp -a "$src" "$work/linux"
sed -i '/^\/\*$/d; /^!\/debian\/$/d' "$work/linux/.gitignore"
cat >"$work/config.yaml" <<'EOF'
value_discovery:
  discovery_sources: [advanced_static_analysis, security_vulnerability_scans, ai_ml_model_analysis]
  scanner: [rules]
EOF
"$B/terragon" discover -C "$work/linux" -c "$work/config.yaml" -o "$work/vm.json" \
  --backlog "$work/BACKLOG.md" >/dev/null 2>&1 || true
python3 - "$work/vm.json" "$here/bench/judged/linux-rules-top50.tsv" <<'PY'
import collections, json, sys
items = [i for i in json.load(open(sys.argv[1]))["items"] if i["source"] == "rules"]
items.sort(key=lambda i: -i["scores"]["composite"])
judged = {}
for line in open(sys.argv[2]):
    f = line.rstrip("\n").split("\t")
    if not line.startswith("#") and len(f) >= 5 and f[0] != "rank":
        judged[f[1]] = f[4]
top = items[:50]
for n, i in enumerate(top, 1):
    print(n, i["fingerprint"], i["rule_id"], "%s:%d" % (i["path"], i["start_line"]),
          judged.get(i["fingerprint"], "?"), sep="\t")
v = collections.Counter(judged.get(i["fingerprint"], "?") for i in top)
print("top 50: %d TP, %d FP, %d not judged yet" % (v["TP"], v["FP"], v["?"]))
for rule, n in sorted(collections.Counter(i["rule_id"] for i in items).items()):
    print("%-40s %d" % (rule, n))
PY
