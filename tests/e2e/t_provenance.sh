#!/usr/bin/env bash
# `terragon provenance` and `terragon verify-attestation`: an in-toto Statement v1 with a
# SLSA Provenance v1 predicate, in a DSSE envelope whose signature openssl verifies over
# the PAE built by the DSSE spec's recipe; the GitHub Actions run in runDetails when
# GITHUB_* say so; tampered envelopes, wrong keys and foreign artifacts rejected.
source "$(dirname "$0")/lib.sh"
command -v openssl >/dev/null || fail "openssl missing: run scripts/deps.sh --test"
export LC_ALL=C

cd "$T"
openssl ecparam -name prime256v1 -genkey -noout -out ec.pem 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in ec.pem -out key.pem
openssl pkcs8 -topk8 -v2 aes-256-cbc -passout pass:hello -in ec.pem -out enc.pem
openssl ec -in ec.pem -pubout -out pub.pem 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out other.pem 2>/dev/null
openssl ec -in other.pem -pubout -out other.pub 2>/dev/null
mkdir repo && echo 'int main(void) { return 0; }' >repo/main.c
make_repo repo
git -C repo remote add origin https://github.com/example/demo.git
printf 'release bytes\n' >app.tar.gz
printf 'other bytes\n' >lib.tar.gz
printf 'not released\n' >stray.bin
for v in $(env | awk -F= '/^(GITHUB_|RUNNER_)/ {print $1}'); do unset "$v"; done

# pae ENVELOPE: the PAE bytes of the envelope's first line, as the DSSE spec builds them
pae() {
  head -1 "$1" | python3 -c 'import json,sys,base64; e=json.load(sys.stdin); open("payload.bin","wb").write(base64.b64decode(e["payload"])); open("pt","w").write(e["payloadType"]); open("sig.der","wb").write(base64.b64decode(e["signatures"][0]["sig"]))'
  PT=$(cat pt)
  { printf 'DSSEv1 %d %s %d ' "${#PT}" "$PT" "$(wc -c <payload.bin)"; cat payload.bin; } >pae.bin
}

test_case 'openssl verifies the DSSE signature over the PAE' <<'CASE'
expect_exit 0 "$TERRAGON" provenance -C repo --key key.pem -o prov.intoto.jsonl app.tar.gz lib.tar.gz
[ "$(wc -l <prov.intoto.jsonl)" = 1 ] || fail "not one line"
pae prov.intoto.jsonl
[ "$(cat pt)" = application/vnd.in-toto+json ]
openssl dgst -sha256 -verify pub.pem -signature sig.der pae.bin | grep -q 'Verified OK'
! openssl dgst -sha256 -verify other.pub -signature sig.der pae.bin >/dev/null
CASE

test_case 'the Statement names the artifacts by SHA-256 and the source commit' <<'CASE'
"$TERRAGON" provenance -C repo --key key.pem --now 2026-02-03T04:05:06Z --started-on 2026-02-03T04:00:00Z app.tar.gz lib.tar.gz >prov.intoto.jsonl
pae prov.intoto.jsonl
python3 - "$(sha256sum app.tar.gz | cut -d' ' -f1)" "$(sha256sum lib.tar.gz | cut -d' ' -f1)" "$(git -C repo rev-parse HEAD)" <<'PY'
import json, sys
s = json.load(open("payload.bin"))
assert s["_type"] == "https://in-toto.io/Statement/v1"
assert s["subject"] == [{"name": "app.tar.gz", "digest": {"sha256": sys.argv[1]}},
                        {"name": "lib.tar.gz", "digest": {"sha256": sys.argv[2]}}], s["subject"]
assert s["predicateType"] == "https://slsa.dev/provenance/v1"
b = s["predicate"]["buildDefinition"]
assert b["buildType"] == "https://github.com/terragon/terragon/buildtypes/step/v1"
assert b["externalParameters"] == {"repository": "https://github.com/example/demo.git", "ref": "refs/heads/main"}, b
assert b["resolvedDependencies"] == [{"uri": "git+https://github.com/example/demo.git@refs/heads/main",
                                      "digest": {"gitCommit": sys.argv[3]}}], b
r = s["predicate"]["runDetails"]
assert r["builder"]["id"].startswith("urn:terragon:local-host:"), r
assert r["metadata"] == {"startedOn": "2026-02-03T04:00:00Z", "finishedOn": "2026-02-03T04:05:06Z"}, r
PY
CASE

test_case 'in GitHub Actions the run gives builder, invocation, repository and workflow' <<'CASE'
env GITHUB_ACTIONS=true GITHUB_SERVER_URL=https://github.com GITHUB_REPOSITORY=o/r \
  GITHUB_RUN_ID=42 GITHUB_RUN_ATTEMPT=2 GITHUB_REF=refs/tags/v1.0.0 GITHUB_SHA=0123456789abcdef0123456789abcdef01234567 \
  GITHUB_WORKFLOW_REF=o/r/.github/workflows/release.yml@refs/tags/v1.0.0 GITHUB_EVENT_NAME=push \
  RUNNER_ENVIRONMENT=github-hosted \
  "$TERRAGON" provenance -C repo --key key.pem app.tar.gz >gha.intoto.jsonl
pae gha.intoto.jsonl
python3 - <<'PY'
import json
s = json.load(open("payload.bin"))["predicate"]
assert s["runDetails"]["builder"]["id"] == "https://github.com/actions/runner/github-hosted"
assert s["runDetails"]["metadata"]["invocationId"] == "https://github.com/o/r/actions/runs/42/attempts/2"
e = s["buildDefinition"]["externalParameters"]
assert e == {"repository": "https://github.com/o/r", "ref": "refs/tags/v1.0.0",
             "workflow": {"ref": "o/r/.github/workflows/release.yml@refs/tags/v1.0.0", "event": "push"}}, e
assert s["buildDefinition"]["resolvedDependencies"][0]["digest"]["gitCommit"] == "0123456789abcdef0123456789abcdef01234567"
PY
CASE

test_case 'verify-attestation accepts the envelope and its subjects' <<'CASE'
"$TERRAGON" provenance -C repo --key key.pem app.tar.gz lib.tar.gz >prov.intoto.jsonl
expect_exit 0 "$TERRAGON" verify-attestation prov.intoto.jsonl app.tar.gz lib.tar.gz --key pub.pem
expect_grep 'verified OK: https://slsa.dev/provenance/v1' "$T/out"
expect_exit 1 "$TERRAGON" verify-attestation prov.intoto.jsonl stray.bin --key pub.pem
expect_grep 'stray.bin: not a subject' "$T/err"
expect_exit 1 "$TERRAGON" verify-attestation prov.intoto.jsonl --key other.pub
expect_grep 'INVALID' "$T/err"
CASE

test_case 'a tampered envelope is rejected' <<'CASE'
"$TERRAGON" provenance -C repo --key key.pem app.tar.gz >prov.intoto.jsonl
python3 - <<'PY'
import base64, json
e = json.loads(open("prov.intoto.jsonl").readline())
s = json.loads(base64.b64decode(e["payload"]))
s["subject"][0]["digest"]["sha256"] = "0" * 64
e["payload"] = base64.b64encode(json.dumps(s).encode()).decode()
open("tampered.jsonl", "w").write(json.dumps(e) + "\n")
e2 = json.loads(open("prov.intoto.jsonl").readline())
e2["payloadType"] = "application/json"
open("retyped.jsonl", "w").write(json.dumps(e2) + "\n")
PY
expect_exit 1 "$TERRAGON" verify-attestation tampered.jsonl --key pub.pem
expect_exit 1 "$TERRAGON" verify-attestation retyped.jsonl --key pub.pem
printf '{"payloadType": 1}\n' >junk.jsonl
expect_exit 1 "$TERRAGON" verify-attestation junk.jsonl --key pub.pem
CASE

test_case 'an envelope openssl signed over the PAE verifies' <<'CASE'
python3 - <<'PY'
import json, hashlib
s = {"_type": "https://in-toto.io/Statement/v1", "predicateType": "https://example.com/p/v1",
     "subject": [{"name": "app.tar.gz", "digest": {"sha256": hashlib.sha256(open("app.tar.gz", "rb").read()).hexdigest()}}]}
open("payload.bin", "w").write(json.dumps(s))
PY
PT=application/vnd.in-toto+json
{ printf 'DSSEv1 %d %s %d ' "${#PT}" "$PT" "$(wc -c <payload.bin)"; cat payload.bin; } >pae.bin
openssl dgst -sha256 -sign key.pem -out o.der pae.bin
printf '{"payloadType":"%s","payload":"%s","signatures":[{"keyid":"","sig":"%s"}]}\n' \
  "$PT" "$(base64 -w0 payload.bin)" "$(base64 -w0 o.der)" >o.jsonl
expect_exit 0 "$TERRAGON" verify-attestation o.jsonl app.tar.gz --key pub.pem
CASE

test_case 'a wrong password writes nothing' <<'CASE'
expect_exit 2 env TERRAGON_KEY_PASSWORD=nope "$TERRAGON" provenance -C repo --key enc.pem -o w.jsonl app.tar.gz
expect_grep 'enc.pem' "$T/err"
[ ! -e w.jsonl ] || fail "written"
TERRAGON_KEY_PASSWORD=hello "$TERRAGON" provenance -C repo --key enc.pem -o w.jsonl app.tar.gz
CASE

test_case '--help states the SLSA level honestly' <<'CASE'
expect_exit 0 "$TERRAGON" provenance --help
expect_grep 'Build L1 with signed provenance, not L2' "$T/out"
expect_grep 'attest-build-provenance' "$T/out"
CASE

done_testing
