#!/usr/bin/env bash
# classify: the per-file classification map. Each class with values its validator
# accepts and look-alikes it refuses (IBAN mod 97 and length, SSN area/group/serial
# rules, e-mails and E.164 phones only in bulk); no value is ever printed.
. "$(dirname "$0")/lib.sh"

R="$T/repo"
mkdir -p "$R/fixtures" "$R/docs"
# valid: DE and GB example IBANs (mod 97 = 1), grouped and not
printf 'a = "DE89 3704 0044 0532 0130 00"\nb = "GB82WEST12345698765432"\n' >"$R/fixtures/iban_ok.py"
# refused: one check digit off, a length that is not the country's, an unknown country
printf 'a = "DE89 3704 0044 0532 0130 01"\nb = "GB82WEST1234569876543"\nc = "ZZ82WEST12345698765432"\n' >"$R/fixtures/iban_bad.py"
printf 'ssn,name\n123-45-6789,x\n' >"$R/fixtures/ssn_ok.csv"
printf 'ssn\n000-12-3456\n666-12-3456\n900-12-3456\n123-00-4567\n123-45-0000\n1234-56-7890\n' >"$R/fixtures/ssn_bad.csv"
python3 -c "
for i in range(10): print('user%d@example.com,+4915123456%03d' % (i, i))" >"$R/fixtures/users.csv"
python3 -c "
for i in range(9): print('user%d@example.com +4915123456%03d' % (i, i))" >"$R/docs/few.md"
printf 'not mail: a@b, x@y.z1, @example.com; not phones: +0123456789, +1234567, +49151234567890123\n' >"$R/docs/lookalikes.md"
make_repo "$R"

test_case 'each class is found where its validator accepts it, and nowhere else' <<'CASE'
expect_exit 0 "$TERRAGON" classify -C "$R"
expect_grep '^fixtures/iban_ok\.py  iban=2$' "$T/out"
expect_grep '^fixtures/ssn_ok\.csv  ssn=1$' "$T/out"
expect_grep '^fixtures/users\.csv  email=10  phone=10$' "$T/out"
expect_no_grep 'iban_bad|ssn_bad|few\.md|lookalikes' "$T/out"
expect_grep '^3 of [0-9]+ files hold classified data$' "$T/out"
expect_no_grep '3704|6789|example\.com|4915' "$T/out"
CASE

test_case 'json lists the classes and every count, below the bulk threshold too' <<'CASE'
expect_exit 0 "$TERRAGON" classify -C "$R" --format json
python3 - "$T/out" <<'PY' || fail "json"
import json, sys
d = json.load(open(sys.argv[1]))
f = {x["path"]: x for x in d["files"]}
assert d["bulk"] == 10 and set(f) == {"fixtures/iban_ok.py", "fixtures/ssn_ok.csv", "fixtures/users.csv"}, f
assert f["fixtures/users.csv"]["classes"] == ["email", "phone"], f
assert f["fixtures/iban_ok.py"]["counts"] == {"iban": 2, "ssn": 0, "email": 0, "phone": 0}, f
PY
expect_exit 0 "$TERRAGON" classify -C "$R" docs
expect_grep '^0 of 2 files hold classified data$' "$T/out"
CASE

done_testing
