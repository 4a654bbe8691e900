#!/usr/bin/env bash
# The models source (ai_ml_model_analysis): model files the scanner's walk
# skips as binary are read whole, and a pickle importing a callable that runs
# code on load is a critical ai-ml item; gone when the file is; off when the
# source is not configured.
. "$(dirname "$0")/lib.sh"
NOW=--now=2026-11-24T10:00:00Z

R="$T/repo"
mkdir -p "$R/models"
python3 - "$R/models" <<'PY'
import os, pickle, sys
class Payload:
    def __reduce__(self):
        return (os.system, ("echo owned",))
d = sys.argv[1]
with open(f"{d}/evil.pkl", "wb") as f:
    pickle.dump({"weights": [0.0] * 64, "hook": Payload()}, f, protocol=4)
with open(f"{d}/safe.pkl", "wb") as f:
    pickle.dump({"weights": [0.0] * 64, "name": "ok"}, f, protocol=4)
PY
# the scanner's walk would skip both as binary
python3 -c 'import sys; d = open(sys.argv[1], "rb").read(8192); assert b"\0" in d' "$R/models/evil.pkl" ||
  fail "the test pickle has no NUL byte"
ok
printf 'def f():\n    return 1\n' > "$R/app.py"
make_repo "$R"

items() { # rule|source|severity|path of the open ai-ml items
  "$TERRAGON" backlog --repo-path "$R" --format json | python3 -c '
import json, sys
for i in json.load(sys.stdin)["items"]:
    if i["category"] == "ai-ml":
        print("%s|%s|%s|%s" % (i["rule_id"], i["source"], i["severity"], i.get("path")))'
}

test_case 'a pickle that runs code on load is one critical ai-ml item; a safe one is none' <<'CASE'
expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW
items > "$T/items"
expect_grep '^ai-ml\.pickle-code-execution\|models\|critical\|models/evil\.pkl$' "$T/items"
expect_no_grep 'safe\.pkl' "$T/items"
[ "$(wc -l < "$T/items")" = 1 ] || fail "expected one model item: $(cat "$T/items")"
expect_grep 'posix\.system|os\.system' "$R/BACKLOG.md"
CASE

# The file goes: its item is resolved.
test_case 'the model file removed: its item is resolved' <<'CASE'
git -C "$R" rm -q models/evil.pkl && git -C "$R" commit -qm "drop the model"
expect_exit 0 "$TERRAGON" discover --repo-path "$R" --now=2026-11-24T11:00:00Z
[ -z "$(items)" ] || fail "the model item is still open: $(items)"
CASE

# Not configured: not read.
test_case 'the models source reads nothing unless configured' <<'CASE'
R2="$T/off"
mkdir -p "$R2/.terragon"
cp "$T/repo/models/safe.pkl" "$R2/"
python3 - "$R2" <<'PY'
import os, pickle, sys
class P:
    def __reduce__(self):
        return (os.system, ("true",))
open(sys.argv[1] + "/m.pt", "wb").write(pickle.dumps(P(), protocol=4))
PY
printf 'value_discovery:\n  discovery_sources: [advanced_static_analysis]\n' > "$R2/.terragon/config.yaml"
make_repo "$R2"
expect_exit 0 "$TERRAGON" discover --repo-path "$R2" $NOW --format json
expect_no_grep 'pickle-code-execution' "$T/out"
sed -i 's/\[advanced_static_analysis\]/[advanced_static_analysis, ai_ml_model_analysis]/' "$R2/.terragon/config.yaml"
expect_exit 0 "$TERRAGON" discover --repo-path "$R2" $NOW --format json
expect_grep 'pickle-code-execution' "$T/out"
CASE

done_testing
