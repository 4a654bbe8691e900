#!/usr/bin/env bash
# discover --history-secrets: a credential committed and removed later is
# reported with the commit that added it, never printed, and only with the
# flag; a credential still in HEAD is reported once, by the scanner.
. "$(dirname "$0")/lib.sh"

# Credentials are generated at run time so that no file of this repository holds one.
rand() { (LC_ALL=C tr -dc "$1" </dev/urandom || true) | head -c "$2"; }
KEY_ID="AKIA$(rand 'A-Z2-7' 16)"
SECRET="$(rand 'A-Za-z0-9' 40)"
LIVE_ID="AKIA$(rand 'A-Z2-7' 16)"

R=$T/repo
mkdir -p "$R/src"
echo 'int main(void) { return 0; }' >"$R/src/main.c"
make_repo "$R"
printf 'aws_access_key_id = %s\naws_secret_access_key = %s\n' "$KEY_ID" "$SECRET" \
  >"$R/deploy.env"
git -C "$R" add deploy.env
git -C "$R" commit -q -m "add deploy credentials"
ADDED=$(git -C "$R" rev-parse HEAD)
git -C "$R" rm -q deploy.env
git -C "$R" commit -q -m "remove deploy credentials"
# A second credential that stays in HEAD: the scanner's, not history's.
printf 'aws_access_key_id = %s\n' "$LIVE_ID" >"$R/live.env"
git -C "$R" add live.env
git -C "$R" commit -q -m "live credentials"

count_items() { # count_items FILE SOURCE RULE_SUBSTRING [COMMIT]
  python3 - "$@" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
src, rule = sys.argv[2], sys.argv[3]
commit = sys.argv[4] if len(sys.argv) > 4 else None
n = 0
for it in doc["items"]:
    if it.get("source") != src or rule not in it.get("rule_id", ""):
        continue
    if commit is not None and (it.get("links") or {}).get("commit") != commit:
        continue
    n += 1
print(n)
EOF
}

# Without the flag: the removed credential is not reported, the live one is.
test_case 'without the flag the removed credential is not reported, the live one is' <<'CASE'
expect_exit 0 "$TERRAGON" discover --repo-path "$R" --format json
cp "$T/out" "$T/plain.json"
[ "$(count_items "$T/plain.json" history-secrets secrets.)" = 0 ] ||
  fail "history secrets reported without --history-secrets"
[ "$(count_items "$T/plain.json" rules secrets.aws-access-key-id)" = 1 ] ||
  fail "the live key id is not reported once by the scanner"
CASE

# With the flag: both removed credentials, with the adding commit.
test_case 'with the flag both removed credentials, with the adding commit; the live one once' <<'CASE'
expect_exit 0 "$TERRAGON" discover --repo-path "$R" --history-secrets --format json
cp "$T/out" "$T/hist.json"
cp "$T/err" "$T/hist.err"
[ "$(count_items "$T/hist.json" history-secrets secrets.aws-access-key-id "$ADDED")" = 1 ] ||
  fail "the removed key id is not reported with commit $ADDED"
[ "$(count_items "$T/hist.json" history-secrets secrets.aws-secret-access-key "$ADDED")" = 1 ] ||
  fail "the removed secret key is not reported with commit $ADDED"
expect_grep '"title": *"In history: ' "$T/hist.json"
expect_grep 'rotate' "$T/hist.json"
# The live key id: once, by the scanner; history skips HEAD's blobs.
[ "$(count_items "$T/hist.json" rules secrets.aws-access-key-id)" = 1 ] ||
  fail "the live key id is not reported by the scanner"
[ "$(count_items "$T/hist.json" history-secrets secrets.aws-access-key-id)" = 1 ] ||
  fail "the live key id is reported twice"
CASE

# The secrets appear nowhere: stdout, stderr, value-metrics.json, BACKLOG.md.
test_case 'the secrets appear in no output' <<'CASE'
for f in "$T/hist.json" "$T/hist.err" "$R/value-metrics.json" "$R/BACKLOG.md"; do
  [ -f "$f" ] || fail "missing $f"
  for s in "$KEY_ID" "$SECRET" "$LIVE_ID"; do
    expect_no_grep "$s" "$f"
  done
done
expect_grep 'In history: ' "$R/BACKLOG.md"
CASE

# A second run finds the same items (stable fingerprints), nothing new.
test_case 'a second run finds the same items' <<'CASE'
expect_exit 0 "$TERRAGON" discover --repo-path "$R" --history-secrets --format json
python3 - "$T/hist.json" "$T/out" <<'EOF' || fail "history fingerprints changed between runs"
import json, sys
a, b = (sorted(i["fingerprint"] for i in json.load(open(p))["items"]
               if i.get("source") == "history-secrets") for p in sys.argv[1:3])
sys.exit(0 if a and a == b else 1)
EOF
CASE

# A run without the flag covers no history: it resolves none of those items.
test_case 'a run without the flag resolves none of the history items' <<'CASE'
expect_exit 0 "$TERRAGON" discover --repo-path "$R" --format json
python3 - "$T/out" <<'EOF' || fail "a run without --history-secrets resolved history items"
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if d["resolved_this_run"] == 0 else 1)
EOF
CASE

done_testing
