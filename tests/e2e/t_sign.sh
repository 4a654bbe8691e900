#!/usr/bin/env bash
# `terragon sign` and `terragon verify`: cosign's sign-blob --key format (base64 of the
# DER ECDSA P-256 signature over SHA-256), checked both ways with the openssl command
# line; tampered files, wrong keys and truncated signatures rejected; keys from files
# or the environment, encrypted ones with the password from the environment only.
source "$(dirname "$0")/lib.sh"
command -v openssl >/dev/null || fail "openssl missing: run scripts/deps.sh --test"

cd "$T"
openssl ecparam -name prime256v1 -genkey -noout -out ec.pem 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in ec.pem -out key.pem
openssl pkcs8 -topk8 -v2 aes-256-cbc -passout pass:hello -in ec.pem -out enc.pem
openssl ec -in ec.pem -pubout -out pub.pem 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out other.pem 2>/dev/null
openssl ec -in other.pem -pubout -out other.pub 2>/dev/null
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.pem 2>/dev/null
head -c 300000 /dev/urandom >artifact.bin

test_case 'openssl verifies our signature; the file holds base64 without a newline' <<'CASE'
expect_exit 0 "$TERRAGON" sign artifact.bin --key key.pem --output-signature a.sig
[ "$(tail -c1 a.sig | od -An -c | tr -d ' ')" != '\n' ] || fail "trailing newline"
base64 -d a.sig >a.der
openssl dgst -sha256 -verify pub.pem -signature a.der artifact.bin | grep -q 'Verified OK'
expect_exit 0 "$TERRAGON" verify artifact.bin --key pub.pem --signature a.sig
expect_grep 'verified OK' "$T/out"
expect_grep 'no transparency log' "$T/out"
CASE

test_case 'we verify what openssl signed, as base64 or raw DER' <<'CASE'
openssl dgst -sha256 -sign key.pem -out o.der artifact.bin
base64 -w0 o.der >o.sig
expect_exit 0 "$TERRAGON" verify artifact.bin --key pub.pem --signature o.sig
expect_exit 0 "$TERRAGON" verify artifact.bin --key pub.pem --sig o.der
CASE

test_case 'a tampered file, a wrong key and a truncated signature are rejected' <<'CASE'
"$TERRAGON" sign artifact.bin --key key.pem --output-signature a.sig
cp artifact.bin tampered.bin
printf 'x' | dd of=tampered.bin bs=1 seek=1000 conv=notrunc 2>/dev/null
expect_exit 1 "$TERRAGON" verify tampered.bin --key pub.pem --signature a.sig
expect_grep 'INVALID' "$T/err"
! openssl dgst -sha256 -verify pub.pem -signature <(base64 -d a.sig) tampered.bin >/dev/null
expect_exit 1 "$TERRAGON" verify artifact.bin --key other.pub --signature a.sig
base64 -d a.sig | head -c 40 | base64 -w0 >short.sig
expect_exit 1 "$TERRAGON" verify artifact.bin --key pub.pem --signature short.sig
printf 'not a signature' >junk.sig
expect_exit 1 "$TERRAGON" verify artifact.bin --key pub.pem --signature junk.sig
CASE

test_case 'an encrypted key takes its password from TERRAGON_KEY_PASSWORD or COSIGN_PASSWORD' <<'CASE'
TERRAGON_KEY_PASSWORD=hello "$TERRAGON" sign artifact.bin --key enc.pem --output-signature e.sig
expect_exit 0 "$TERRAGON" verify artifact.bin --key pub.pem --signature e.sig
COSIGN_PASSWORD=hello "$TERRAGON" sign artifact.bin --key enc.pem >e2.sig
expect_exit 0 "$TERRAGON" verify artifact.bin --key pub.pem --signature e2.sig
CASE

test_case 'a wrong password names the key file and writes nothing' <<'CASE'
expect_exit 2 env TERRAGON_KEY_PASSWORD=s3cr3t-guess "$TERRAGON" sign artifact.bin --key enc.pem --output-signature w.sig
expect_grep 'enc.pem' "$T/err"
expect_grep 'password' "$T/err"
[ ! -e w.sig ] || fail "a signature was written"
expect_no_grep 's3cr3t-guess' "$T/err"
CASE

test_case 'keys come from the environment, as a path or as the PEM itself' <<'CASE'
TERRAGON_SIGNING_KEY="$(cat key.pem)" "$TERRAGON" sign artifact.bin --output-signature k.sig
TERRAGON_VERIFY_KEY="$T/pub.pem" "$TERRAGON" verify artifact.bin --signature k.sig >/dev/null
expect_exit 2 "$TERRAGON" sign artifact.bin
expect_grep 'TERRAGON_SIGNING_KEY' "$T/err"
CASE

test_case 'a key that is not ECDSA P-256 is refused' <<'CASE'
expect_exit 2 "$TERRAGON" sign artifact.bin --key rsa.pem
expect_grep 'P-256' "$T/err"
CASE

done_testing
