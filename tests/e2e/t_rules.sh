#!/usr/bin/env bash
# `terragon rules`: list, validate, test and scan. Credentials are generated
# here at run time (GitHub tokens with a valid CRC32 checksum); none is written
# into the repository, and none may appear in full in any output.
. "$(dirname "$0")/lib.sh"

test_case 'rules list: the shipped rules as a table, JSON and CSV' <<'CASE'
expect_exit 0 "$TERRAGON" rules list
expect_grep '^secrets\.github-pat +secret +critical +CWE-798 +hs ' "$T/out"
[ "$(grep -c '^secrets\.' "$T/out")" -ge 30 ] || fail "fewer than 30 secret rules"; ok
expect_exit 0 "$TERRAGON" rules list --format json
python3 -m json.tool "$T/out" >/dev/null || fail "rules list --format json is not JSON"; ok
expect_exit 0 "$TERRAGON" rules list --format csv
expect_grep '^id,category,severity,cwe,engine,languages,pack$' "$T/out"
CASE
test_case 'rules test passes every example; rules validate accepts the packs' <<'CASE'
expect_exit 0 "$TERRAGON" rules test
expect_grep ' 0 failed$' "$T/out"
expect_exit 0 "$TERRAGON" rules validate
CASE
test_case 'an unknown subcommand, or scan without a path, is bad usage' <<'CASE'
expect_exit 2 "$TERRAGON" rules frobnicate
expect_exit 2 "$TERRAGON" rules scan
CASE

# A user pack with a broken rule: validate names pack, line and rule; the rest still runs.
cat >"$T/bad.yaml" <<'YAML'
rules:
  - id: user.marker
    message: marker found
    severity: WARNING
    languages: [generic]
    pattern-regex: 'TERRAGON_MARKER_[0-9]+'
  - id: user.broken
    message: broken
    severity: ERROR
    languages: [generic]
    pattern-regex: 'abc(def'
YAML
test_case 'a broken rule: validate names the pack, line and rule' <<'CASE'
expect_exit 1 "$TERRAGON" rules validate "$T/bad.yaml"
expect_grep 'bad\.yaml:11: rule user\.broken: invalid pattern-regex' "$T/err"
CASE

# A repository with generated credentials, a model file and a suppressed line.
R="$T/repo"
mkdir -p "$R/app" "$R/models"
python3 - "$R" <<'PY'
import os, pickle, random, string, sys, zlib
root = sys.argv[1]
rnd = random.Random(42)
alnum = string.digits + string.ascii_uppercase + string.ascii_lowercase
def b62(n):
    s = ""
    for _ in range(6):
        s = alnum[n % 62] + s
        n //= 62
    return s
body = "".join(rnd.choice(alnum) for _ in range(30))
ghp = "ghp" + "_" + body + b62(zlib.crc32(body.encode()))
aws = "AK" + "IA" + "".join(rnd.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))
stripe = "sk" + "_live_" + "".join(rnd.choice(alnum) for _ in range(28))
with open(os.path.join(root, "app", "settings.py"), "w") as f:
    f.write("import os\n\nGITHUB_TOKEN = %r\nAWS_KEY = %r\n" % (ghp, aws))
    f.write("STRIPE = %r  # terragon:ignore[secrets.stripe-live-key]\n" % stripe)
    f.write("state = torch.load(path)\n")
with open(os.path.join(root, "secrets.txt"), "w") as f:
    f.write("\n".join([ghp, aws, stripe]) + "\n")
class Evil:
    def __reduce__(self):
        return (os.system, ("echo pwned",))
data = pickle.dumps(Evil(), protocol=4)
open(os.path.join(root, "models", "clf.pkl"), "wb").write(data)
open(os.path.join(root, "models", "cut.pkl"), "wb").write(data[: len(data) // 2])
PY
mv "$R/secrets.txt" "$T/secrets.txt"
make_repo "$R"

test_case 'rules scan finds the generated credentials, redacted, and honours a suppression' <<'CASE'
expect_exit 0 "$TERRAGON" rules scan "$R"
expect_grep 'app/settings\.py:3:17: critical secrets\.github-pat' "$T/out"
expect_grep 'evidence: GITHUB_TOKEN = ghp_…\[redacted, 40 chars\]' "$T/out"
expect_grep 'secrets\.aws-access-key-id' "$T/out"
expect_grep 'secrets\.stripe-live-key .*\(suppressed\)' "$T/out"
expect_grep 'ai-ml\.torch-load-unsafe' "$T/out"
CASE
test_case 'rules scan --fail exits 1; --format json is JSON' <<'CASE'
expect_exit 1 "$TERRAGON" rules scan --fail "$R"
expect_exit 0 "$TERRAGON" rules scan --format json "$R"
python3 -m json.tool "$T/out" >/dev/null || fail "rules scan --format json is not JSON"; ok
expect_grep '"rule_id": ?"secrets\.github-pat"' "$T/out"
CASE
# no secret in full anywhere: stdout and stderr of every run
test_case 'no secret appears in full, or mostly, in any output' <<'CASE'
for s in $(cat "$T/secrets.txt"); do
  for fmt in table json; do
    "$TERRAGON" rules scan -v --format "$fmt" "$R" >"$T/o2" 2>"$T/e2" || true
    ! grep -qF "$s" "$T/o2" "$T/e2" || fail "a secret appears in full in the $fmt output"
    ! grep -qF "${s:8}" "$T/o2" "$T/e2" || fail "most of a secret appears in the $fmt output"
  done
done
CASE

# Model files named on the command line are read as pickles (the walk skips binaries).
test_case 'model files named on the command line are read as pickles' <<'CASE'
expect_exit 0 "$TERRAGON" rules scan "$R/models/clf.pkl"
expect_grep 'critical ai-ml\.pickle-code-execution' "$T/out"
expect_grep 'evidence: (posix|os)\.system' "$T/out"
expect_exit 0 "$TERRAGON" rules scan "$R/models/cut.pkl"
CASE

# --disable turns a rule off; --pack adds one, and a broken rule beside it only warns.
test_case '--disable turns a rule off; --pack adds one, and a broken rule beside it only warns' <<'CASE'
expect_exit 0 "$TERRAGON" rules scan --disable secrets.github-pat "$R"
expect_no_grep 'secrets\.github-pat' "$T/out"
echo "TERRAGON_MARKER_7" >"$T/marker.txt"
expect_exit 0 "$TERRAGON" rules scan --pack "$T/bad.yaml" "$T/marker.txt"
expect_grep 'user\.marker' "$T/out"
expect_grep 'user\.broken' "$T/err"
CASE
done_testing
