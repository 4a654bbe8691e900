#!/usr/bin/env bash
# cosign's own encrypted key files (scrypt and NaCl secretbox around the DER key),
# read with cosign's published test vectors (tests/data/cosign-keys, password "hello"):
# each decrypts, signs, and openssl verifies the signature with the public key
# `terragon keys public` prints; a wrong password, a damaged file and kdf
# parameters outside cosign's are refused, naming the file, writing nothing.
source "$(dirname "$0")/lib.sh"
command -v openssl >/dev/null || fail "openssl missing: run scripts/deps.sh --test"
K="$TG_SOURCE_DIR/tests/data/cosign-keys"
cd "$T"
head -c 100000 /dev/urandom >blob

test_case 'each of cosign test keys decrypts, signs, and openssl verifies' <<'CASE'
for k in cosign-rsa cosign-ec sigstore; do
  COSIGN_PASSWORD=hello "$TERRAGON" keys public --key "$K/$k.key" >"$k.pub"
  grep -q 'BEGIN PUBLIC KEY' "$k.pub"
  openssl pkey -pubin -in "$k.pub" -noout
  COSIGN_PASSWORD=hello "$TERRAGON" sign blob --key "$K/$k.key" --output-signature "$k.sig"
  base64 -d "$k.sig" >"$k.der"
  openssl dgst -sha256 -verify "$k.pub" -signature "$k.der" blob | grep -q 'Verified OK'
  "$TERRAGON" verify blob --key "$k.pub" --signature "$k.sig" >/dev/null
done
CASE

test_case 'TERRAGON_KEY_PASSWORD is read before COSIGN_PASSWORD' <<'CASE'
TERRAGON_KEY_PASSWORD=hello COSIGN_PASSWORD=nope "$TERRAGON" sign blob --key "$K/sigstore.key" >/dev/null
expect_exit 2 env TERRAGON_KEY_PASSWORD=nope COSIGN_PASSWORD=hello "$TERRAGON" sign blob --key "$K/sigstore.key"
CASE

test_case 'a wrong password names the key file and writes nothing' <<'CASE'
expect_exit 2 env COSIGN_PASSWORD=guess-1234 "$TERRAGON" sign blob --key "$K/sigstore.key" --output-signature w.sig
expect_grep 'sigstore.key: wrong password' "$T/err"
expect_no_grep 'guess-1234' "$T/err"
[ ! -e w.sig ] || fail "a signature was written"
CASE

test_case 'a damaged file and kdf parameters outside cosign are refused' <<'CASE'
python3 - "$K/sigstore.key" <<'PY'
import base64, json, sys
text = open(sys.argv[1]).read()
body = text.split("-----")[2]
doc = json.loads(base64.b64decode("".join(body.split())))
def write(name, d):
    b = base64.b64encode(json.dumps(d).encode()).decode()
    open(name, "w").write("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n%s\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n" % b)
ct = bytearray(base64.b64decode(doc["ciphertext"])); ct[20] ^= 1
write("damaged.key", dict(doc, ciphertext=base64.b64encode(bytes(ct)).decode()))
write("weak.key", dict(doc, kdf=dict(doc["kdf"], params={"N": 1024, "r": 8, "p": 1})))
write("huge.key", dict(doc, kdf=dict(doc["kdf"], params={"N": 1 << 30, "r": 8, "p": 1})))
PY
expect_exit 2 env COSIGN_PASSWORD=hello "$TERRAGON" sign blob --key damaged.key
expect_grep 'damaged.key' "$T/err"
expect_exit 2 env COSIGN_PASSWORD=hello "$TERRAGON" sign blob --key weak.key
expect_grep 'N 32768, 65536 or 131072' "$T/err"
expect_exit 2 env COSIGN_PASSWORD=hello "$TERRAGON" sign blob --key huge.key
CASE

done_testing
