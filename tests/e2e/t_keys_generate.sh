#!/usr/bin/env bash
# `terragon keys generate`: an ECDSA P-256 pair in cosign's format. The private key file is
# opened here without terragon (Python's hashlib.scrypt and PyNaCl's SecretBox, the
# construction cosign's go-securesystemslib uses) and the PKCS#8 DER inside is read by
# openssl, whose public key must be P.pub; openssl verifies what the new key signs. Mode
# 0600, never printed, the password only from the environment, nothing overwritten.
# The tools come from scripts/deps.sh --test (openssl, python3-nacl).
source "$(dirname "$0")/lib.sh"
command -v openssl >/dev/null || fail "openssl missing: run scripts/deps.sh --test"
# the Debian interpreter, which has python3-nacl
PY=/usr/bin/python3
$PY -c 'import nacl.secret' || fail "python3-nacl missing: run scripts/deps.sh --test"
cd "$T"
head -c 200000 /dev/urandom >blob

# open_key KEY PASSWORD OUT.der: cosign's key file decrypted by Python, not by terragon
open_key() {
  $PY - "$@" <<'PY'
import base64, hashlib, json, re, sys
import nacl.secret
text = open(sys.argv[1]).read()
m = re.fullmatch(r"-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n((?:[A-Za-z0-9+/=]{1,64}\n)+)"
                 r"-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n", text)
assert m, "not cosign's PEM"
doc = json.loads(base64.b64decode(m.group(1)))
assert list(doc) == ["kdf", "cipher", "ciphertext"], list(doc)
kdf, cipher = doc["kdf"], doc["cipher"]
assert kdf["name"] == "scrypt" and kdf["params"] == {"N": 65536, "r": 8, "p": 1}, kdf
assert cipher["name"] == "nacl/secretbox"
salt, nonce = base64.b64decode(kdf["salt"]), base64.b64decode(cipher["nonce"])
assert len(salt) == 32 and len(nonce) == 24
key = hashlib.scrypt(sys.argv[2].encode(), salt=salt, n=65536, r=8, p=1, maxmem=128 << 20, dklen=32)
der = nacl.secret.SecretBox(key).decrypt(base64.b64decode(doc["ciphertext"]), nonce)
open(sys.argv[3], "wb").write(der)
PY
}

test_case 'keys generate: cosign format that Python opens and openssl reads as P-256' <<'CASE'
expect_exit 0 env COSIGN_PASSWORD=s3cret-pass "$TERRAGON" keys generate --output-key-prefix rel
expect_grep 'rel.key' "$T/out"
[ "$(stat -c %a rel.key)" = 600 ] || fail "rel.key mode $(stat -c %a rel.key)"
expect_no_grep 'BEGIN|s3cret' "$T/out"
expect_no_grep 's3cret' "$T/err"
open_key rel.key s3cret-pass rel.der
openssl pkey -inform DER -in rel.der -noout -text 2>&1 | grep -q 'prime256v1'
openssl asn1parse -inform DER -in rel.der | grep -q 'id-ecPublicKey'   # PKCS#8, as cosign writes
openssl pkey -inform DER -in rel.der -pubout -out from-der.pub
cmp from-der.pub rel.pub
CASE

test_case 'keys generate: the new key signs, openssl and verify accept it' <<'CASE'
COSIGN_PASSWORD=s3cret-pass "$TERRAGON" keys generate --output-key-prefix s >/dev/null
COSIGN_PASSWORD=s3cret-pass "$TERRAGON" sign blob --key s.key --output-signature s.sig
base64 -d s.sig >s.der
openssl dgst -sha256 -verify s.pub -signature s.der blob | grep -q 'Verified OK'
expect_exit 0 "$TERRAGON" verify blob --key s.pub --signature s.sig
COSIGN_PASSWORD=s3cret-pass "$TERRAGON" keys public --key s.key >again.pub
cmp again.pub s.pub
expect_exit 2 env COSIGN_PASSWORD=wrong "$TERRAGON" sign blob --key s.key
expect_grep 's.key' "$T/err"
CASE

test_case 'keys generate: TERRAGON_KEY_PASSWORD first; an empty password is allowed' <<'CASE'
TERRAGON_KEY_PASSWORD=first COSIGN_PASSWORD=second "$TERRAGON" keys generate --output-key-prefix t >/dev/null
open_key t.key first t.der
COSIGN_PASSWORD= "$TERRAGON" keys generate --output-key-prefix e >/dev/null
open_key e.key '' e.der
CASE

test_case 'keys generate: without a password in the environment nothing is written' <<'CASE'
mkdir -p none && cd none
expect_exit 2 "$TERRAGON" keys generate
expect_grep 'COSIGN_PASSWORD' "$T/err"
[ -z "$(ls -A)" ] || fail "files written: $(ls -A)"
CASE

test_case 'keys generate: an existing key or public key is never overwritten' <<'CASE'
mkdir -p keep && cd keep
echo precious >cosign.key
expect_exit 2 env COSIGN_PASSWORD=x "$TERRAGON" keys generate
expect_grep 'cosign.key exists' "$T/err"
[ "$(cat cosign.key)" = precious ] && [ ! -e cosign.pub ] || fail "overwritten"
rm cosign.key; echo precious >cosign.pub
expect_exit 2 env COSIGN_PASSWORD=x "$TERRAGON" keys generate
[ "$(cat cosign.pub)" = precious ] && [ ! -e cosign.key ] || fail "overwritten"
CASE

test_case 'keys generate: two runs give two different keys' <<'CASE'
COSIGN_PASSWORD=p "$TERRAGON" keys generate --output-key-prefix a >/dev/null
COSIGN_PASSWORD=p "$TERRAGON" keys generate --output-key-prefix b >/dev/null
! cmp -s a.pub b.pub || fail "the same public key twice"
! cmp -s a.key b.key || fail "the same key file twice"
CASE

done_testing
