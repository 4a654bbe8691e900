#!/usr/bin/env bash
# `terragon sign --bundle` and `terragon verify --bundle`: Sigstore bundles v0.3 of blob
# signatures, checked against sigstore-js itself (npm @sigstore/bundle, @sigstore/verify,
# @sigstore/sign, under build/npm-sigstore from scripts/deps.sh --test) both ways, and the
# signature inside checked by openssl. No transparency log exists offline: tlogEntries is
# empty, and verify says that none was checked. Tampered files, bundles and keys fail.
source "$(dirname "$0")/lib.sh"
command -v openssl >/dev/null || fail "openssl missing: run scripts/deps.sh --test"
M="$TG_SOURCE_DIR/build/npm-sigstore/node_modules"
JS="$TG_SOURCE_DIR/tests/e2e/sigstore_js.js"
[ -d "$M/@sigstore/verify" ] && [ -d "$M/@sigstore/sign" ] ||
  fail "sigstore-js missing: run scripts/deps.sh --test"

cd "$T"
openssl ecparam -name prime256v1 -genkey -noout -out ec.pem 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in ec.pem -out key.pem
openssl ec -in ec.pem -pubout -out pub.pem 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out other.pem 2>/dev/null
openssl ec -in other.pem -pubout -out other.pub 2>/dev/null
head -c 300000 /dev/urandom >artifact.bin
# the hint as cosign writes it: base64 of the SHA-256 of the public key's DER
HINT=$(openssl pkey -pubin -in pub.pem -outform DER | openssl dgst -sha256 -binary | base64 -w0)

field() { # field BUNDLE PYTHON-EXPRESSION-OVER-b
  python3 -c 'import json, sys; b = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

test_case 'sign bundle: sigstore-js verifies it; openssl verifies the signature inside' <<'CASE'
expect_exit 0 "$TERRAGON" sign artifact.bin --key key.pem --bundle a.sigstore.json
[ ! -s "$T/out" ] || fail "stdout: $(cat "$T/out")"
node "$JS" verify "$M" a.sigstore.json artifact.bin pub.pem "$HINT" >js.out
grep -q 'sigstore-js: verified' js.out
[ "$(field a.sigstore.json 'b["mediaType"]')" = application/vnd.dev.sigstore.bundle.v0.3+json ]
[ "$(field a.sigstore.json 'b["verificationMaterial"]["publicKey"]["hint"]')" = "$HINT" ]
[ "$(field a.sigstore.json 'b["verificationMaterial"]["tlogEntries"]')" = "[]" ]
[ "$(field a.sigstore.json 'b["messageSignature"]["messageDigest"]["digest"]')" = \
  "$(openssl dgst -sha256 -binary artifact.bin | base64 -w0)" ]
field a.sigstore.json 'b["messageSignature"]["signature"]' | base64 -d >a.der
openssl dgst -sha256 -verify pub.pem -signature a.der artifact.bin | grep -q 'Verified OK'
expect_exit 0 "$TERRAGON" verify artifact.bin --key pub.pem --bundle a.sigstore.json
expect_grep 'verified OK.*no transparency log was checked; the bundle holds no transparency-log entry' "$T/out"
CASE

test_case 'sign bundle: with --output-signature too, both hold the same signature' <<'CASE'
"$TERRAGON" sign artifact.bin --key key.pem --bundle b.json --output-signature b.sig
[ "$(field b.json 'b["messageSignature"]["signature"]')" = "$(cat b.sig)" ]
expect_exit 0 "$TERRAGON" verify artifact.bin --key pub.pem --signature b.sig
CASE

test_case 'verify bundle: a bundle sigstore-js signed is read' <<'CASE'
node "$JS" sign "$M" artifact.bin key.pem pub.pem "$HINT" >js.json
expect_exit 0 "$TERRAGON" verify artifact.bin --key pub.pem --bundle js.json
expect_exit 1 "$TERRAGON" verify artifact.bin --key other.pub --bundle js.json
CASE

test_case 'verify bundle: a tampered file, signature, digest or key is rejected, by both' <<'CASE'
"$TERRAGON" sign artifact.bin --key key.pem --bundle a.sigstore.json
cp artifact.bin tampered.bin
printf 'x' | dd of=tampered.bin bs=1 seek=1000 conv=notrunc 2>/dev/null
expect_exit 1 "$TERRAGON" verify tampered.bin --key pub.pem --bundle a.sigstore.json
expect_grep 'the bundle is for other bytes.*INVALID' "$T/err"
expect_exit 1 node "$JS" verify "$M" a.sigstore.json tampered.bin pub.pem "$HINT"
expect_exit 1 "$TERRAGON" verify artifact.bin --key other.pub --bundle a.sigstore.json
python3 - a.sigstore.json <<'PY'
import base64, hashlib, json
b = json.load(open("a.sigstore.json"))
s = bytearray(base64.b64decode(b["messageSignature"]["signature"])); s[-1] ^= 1
bad = json.loads(json.dumps(b)); bad["messageSignature"]["signature"] = base64.b64encode(bytes(s)).decode()
json.dump(bad, open("badsig.json", "w"))
# a digest that matches other bytes, with a signature of the file: the digest must match too
other = json.loads(json.dumps(b))
other["messageSignature"]["messageDigest"]["digest"] = base64.b64encode(hashlib.sha256(b"x").digest()).decode()
json.dump(other, open("baddigest.json", "w"))
short = json.loads(json.dumps(b)); short["messageSignature"]["signature"] = base64.b64encode(bytes(s[:40])).decode()
json.dump(short, open("short.json", "w"))
PY
expect_exit 1 "$TERRAGON" verify artifact.bin --key pub.pem --bundle badsig.json
expect_exit 1 node "$JS" verify "$M" badsig.json artifact.bin pub.pem "$HINT"
expect_exit 1 "$TERRAGON" verify artifact.bin --key pub.pem --bundle baddigest.json
expect_exit 1 "$TERRAGON" verify artifact.bin --key pub.pem --bundle short.json
CASE

test_case 'verify bundle: not a blob bundle, or both --signature and --bundle' <<'CASE'
printf '{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","dsseEnvelope":{}}' >dsse.json
expect_exit 1 "$TERRAGON" verify artifact.bin --key pub.pem --bundle dsse.json
expect_grep 'DSSE envelope' "$T/err"
printf '{"mediaType":"text/plain"}' >plain.json
expect_exit 1 "$TERRAGON" verify artifact.bin --key pub.pem --bundle plain.json
expect_grep 'not a Sigstore bundle' "$T/err"
"$TERRAGON" sign artifact.bin --key key.pem --bundle a.sigstore.json --output-signature a.sig
expect_exit 2 "$TERRAGON" verify artifact.bin --key pub.pem --bundle a.sigstore.json --signature a.sig
expect_exit 2 "$TERRAGON" verify artifact.bin --key pub.pem
CASE

test_case 'sign bundle: a wrong password writes no bundle' <<'CASE'
openssl pkcs8 -topk8 -v2 aes-256-cbc -passout pass:hello -in ec.pem -out enc.pem
expect_exit 2 env TERRAGON_KEY_PASSWORD=nope "$TERRAGON" sign artifact.bin --key enc.pem --bundle w.json
[ ! -e w.json ] || fail "a bundle was written"
CASE

done_testing
