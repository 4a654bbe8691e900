#!/usr/bin/env bash
# audit seal --key / audit verify --key: the chain's head signed with the
# supply-chain key in a DSSE envelope. openssl checks the signature over the
# envelope's PAE on its own; every kind of tampering is made directly in
# SQLite, including the one the hash chain alone cannot see: a chain
# recomputed from an altered entry onwards (tests/e2e/audit_rehash.py).
. "$(dirname "$0")/lib.sh"
command -v openssl >/dev/null || fail "openssl missing: run scripts/deps.sh --test"
command -v sqlite3 >/dev/null || fail "sqlite3 missing: run scripts/deps.sh --test"
REHASH="python3 $(cd "$(dirname "$0")" && pwd)/audit_rehash.py"

cd "$T"
openssl ecparam -name prime256v1 -genkey -noout -out ec.pem 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in ec.pem -out key.pem
openssl ec -in ec.pem -pubout -out pub.pem 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out other.pem 2>/dev/null
openssl ec -in other.pem -pubout -out other.pub 2>/dev/null

R="$T/repo"
mkdir -p "$R"
printf 'def f():\n    # TODO: one\n    return 1  # TODO: two terragon:ignore\n' >"$R/app.py"
make_repo "$R"
"$TERRAGON" discover -C "$R" --now=2026-11-20T10:00:00Z >/dev/null 2>&1
"$TERRAGON" discover -C "$R" --now=2026-11-21T10:00:00Z >/dev/null 2>&1
db="$R/.terragon/terragon.db"

# seal_head FILE: the entry id a kept seal signed.
seal_head() {
  python3 -c 'import base64, json, sys
print(json.loads(base64.b64decode(json.load(open(sys.argv[1]))["payload"]))["head_id"])' "$1"
}

# copy: a fresh copy of the repository and its store at $T/copy.
copy() { rm -rf "$T/copy" && cp -r "$R" "$T/copy"; }
cdb="$T/copy/.terragon/terragon.db"

test_case 'seal signs the head: an audit.sealed entry, the envelope in a file, openssl verifies it' <<'CASE'
head=$(sqlite3 "$db" 'SELECT id || " " || hash FROM audit ORDER BY id DESC LIMIT 1')
expect_exit 0 "$TERRAGON" audit seal -C "$R" --key key.pem -o seal1.json
expect_grep "^sealed entry ${head% *} \(head ${head#* }, [0-9]+ entries\) with key [0-9a-f]{16}$" "$T/out"
[ "$(sqlite3 "$db" "SELECT action || ' ' || subject FROM audit ORDER BY id DESC LIMIT 1")" = "audit.sealed entry ${head% *}" ] ||
  fail "no audit.sealed entry"
# The signature over DSSE's PAE, checked by openssl alone.
python3 - seal1.json "${head% *}" "${head#* }" <<'PY' || fail "envelope"
import base64, json, sys
env = json.load(open(sys.argv[1]))
assert env["payloadType"] == "application/vnd.terragon.audit-seal+json", env
body = base64.b64decode(env["payload"])
p = json.loads(body)
assert p["_type"] == "terragon-audit-seal/v1" and p["head_id"] == int(sys.argv[2]), p
assert p["head"] == sys.argv[3], p
t = env["payloadType"].encode()
open("pae.bin", "wb").write(b"DSSEv1 %d %s %d %s" % (len(t), t, len(body), body))
open("sig.der", "wb").write(base64.b64decode(env["signatures"][0]["sig"]))
PY
openssl dgst -sha256 -verify pub.pem -signature sig.der pae.bin | grep -q 'Verified OK'
! openssl dgst -sha256 -verify other.pub -signature sig.der pae.bin >/dev/null 2>&1 || fail "other key"
# The trail's own entry holds the same payload and signature, checked by openssl too.
"$TERRAGON" audit export -C "$R" -o trail.jsonl
python3 - trail.jsonl <<'PY' || fail "the audit.sealed entry"
import base64, json, sys
d = [json.loads(l) for l in open(sys.argv[1])][-1]["details"]
t, body = b"application/vnd.terragon.audit-seal+json", d["payload"].encode()
open("pae2.bin", "wb").write(b"DSSEv1 %d %s %d %s" % (len(t), t, len(body), body))
open("sig2.der", "wb").write(base64.b64decode(d["sig"]))
PY
openssl dgst -sha256 -verify pub.pem -signature sig2.der pae2.bin | grep -q 'Verified OK'
expect_exit 0 "$TERRAGON" audit verify -C "$R" --key pub.pem
expect_grep '^audit trail intact' "$T/out"
expect_grep "^audit seal holds: entry ${head% *} sealed at .* \(1 seal checked\), 0 entries after it not sealed$" "$T/out"
expect_exit 0 "$TERRAGON" audit verify -C "$R" --key pub.pem --seal seal1.json
CASE

test_case 'entries after a seal are counted as not sealed; a second seal covers them' <<'CASE'
"$TERRAGON" discover -C "$R" --now=2026-11-22T10:00:00Z >/dev/null 2>&1
expect_exit 0 "$TERRAGON" audit verify -C "$R" --key pub.pem
expect_grep '\(1 seal checked\), [1-9][0-9]* entr(y|ies) after it not sealed$' "$T/out"
TERRAGON_SIGNING_KEY="$T/key.pem" expect_exit 0 "$TERRAGON" audit seal -C "$R" -o seal2.json
TERRAGON_VERIFY_KEY="$T/pub.pem" expect_exit 0 "$TERRAGON" audit verify -C "$R" --seal seal2.json
expect_exit 0 "$TERRAGON" audit verify -C "$R" --key pub.pem
expect_grep '\(2 seals checked\), 0 entries after it not sealed$' "$T/out"
CASE

test_case 'a chain rewritten from an altered entry onwards passes the chain check but not the seal' <<'CASE'
copy
$REHASH "$cdb" 2 "UPDATE audit SET details = '{\"forged\": true}' WHERE id = 2"
expect_exit 0 "$TERRAGON" audit verify -C "$T/copy"
expect_grep '^audit trail intact' "$T/out"
first=$(seal_head seal1.json)
expect_exit 1 "$TERRAGON" audit verify -C "$T/copy" --key pub.pem
expect_grep "^audit seal broken: the seal in entry [0-9]+: entry $first is not the entry that was signed: the chain was rewritten at or before entry $first$" "$T/out"
expect_exit 1 "$TERRAGON" audit verify -C "$T/copy" --key pub.pem --seal seal2.json
expect_grep '^audit seal broken: the seal: entry [0-9]+ is not the entry that was signed' "$T/out"
CASE

test_case 'a rewrite after the first seal is placed between the two seals' <<'CASE'
copy
first=$(seal_head seal1.json)
from=$((first + 2))
$REHASH "$cdb" "$from" "UPDATE audit SET subject = 'forged' WHERE id = $from"
expect_exit 0 "$TERRAGON" audit verify -C "$T/copy"
expect_exit 1 "$TERRAGON" audit verify -C "$T/copy" --key pub.pem
expect_grep "the chain was rewritten after entry $first \(the last seal that holds\) and at or before entry [0-9]+$" "$T/out"
CASE

test_case 'an entry altered without rehashing: the chain names it, the signed hashes still hold' <<'CASE'
copy
sqlite3 "$cdb" "UPDATE audit SET details = '{}' WHERE id = 3"
expect_exit 1 "$TERRAGON" audit verify -C "$T/copy" --key pub.pem
expect_grep '^audit trail broken at entry 3: entry 3 \(.*\) was altered' "$T/out"
expect_grep '^audit seal holds' "$T/out"
CASE

test_case 'a seal re-signed by another key, or its payload changed, does not hold' <<'CASE'
copy
python3 - "$cdb" <<'PY'
import base64, json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
i, d = db.execute("SELECT id, details FROM audit WHERE action = 'audit.sealed' ORDER BY id LIMIT 1").fetchone()
d = json.loads(d)
p = json.loads(d["payload"])
p["head"] = "0" * 64
d["payload"] = json.dumps(p)
db.execute("UPDATE audit SET details = ? WHERE id = ?", (json.dumps(d), i))
db.commit()
PY
first=$(sqlite3 "$cdb" "SELECT min(id) FROM audit WHERE action = 'audit.sealed'")
$REHASH "$cdb" "$first" ""
expect_exit 0 "$TERRAGON" audit verify -C "$T/copy"
expect_exit 1 "$TERRAGON" audit verify -C "$T/copy" --key pub.pem
expect_grep "^audit seal broken: the seal in entry $first: its signature is not this key's" "$T/out"
expect_exit 1 "$TERRAGON" audit verify -C "$R" --key other.pub
expect_grep "its signature is not this key's \(the seal names key [0-9a-f]{16}, this is [0-9a-f]{16}\)" "$T/out"
CASE

test_case 'seals removed from the trail: none left is broken, the kept copy still catches the rewrite' <<'CASE'
copy
$REHASH "$cdb" 2 "UPDATE audit SET details = '{\"forged\": 1}' WHERE id = 2; DELETE FROM audit WHERE action = 'audit.sealed'"
expect_exit 0 "$TERRAGON" audit verify -C "$T/copy"
expect_exit 1 "$TERRAGON" audit verify -C "$T/copy" --key pub.pem
expect_grep '^audit seal broken: the trail holds no seal' "$T/out"
expect_exit 1 "$TERRAGON" audit verify -C "$T/copy" --key pub.pem --seal seal1.json
expect_grep 'is not the entry that was signed' "$T/out"
CASE

test_case 'the sealed head removed with everything after it (and the id counter reset) is named' <<'CASE'
copy
first=$(seal_head seal1.json)
sqlite3 "$cdb" "DELETE FROM audit WHERE id >= $first; UPDATE sqlite_sequence SET seq = $((first - 1)) WHERE name = 'audit'"
expect_exit 0 "$TERRAGON" audit verify -C "$T/copy"
expect_exit 1 "$TERRAGON" audit verify -C "$T/copy" --key pub.pem --seal seal1.json
expect_grep "^audit seal broken: the seal: entry $first, the head it signed, is gone$" "$T/out"
CASE

test_case 'a broken chain is not sealed; a missing key and a public key for seal are refused' <<'CASE'
copy
sqlite3 "$cdb" "UPDATE audit SET actor = 'mallory' WHERE id = 2"
n=$(sqlite3 "$cdb" 'SELECT count(*) FROM audit')
expect_exit 1 "$TERRAGON" audit seal -C "$T/copy" --key key.pem
expect_grep 'chain is broken at entry 2' "$T/err"
[ "$(sqlite3 "$cdb" 'SELECT count(*) FROM audit')" = "$n" ] || fail "a seal was appended"
expect_exit 2 "$TERRAGON" audit seal -C "$R" --key pub.pem
expect_exit 2 "$TERRAGON" audit seal -C "$R"
expect_grep 'TERRAGON_SIGNING_KEY' "$T/err"
expect_exit 2 "$TERRAGON" audit log -C "$R" --key pub.pem
CASE

done_testing
