#!/usr/bin/env bash
# make install's pieces: the binary and a manual that documents every command.
. "$(dirname "$0")/lib.sh"
test_case 'the manual has a section for every command and the exit status' <<'CASE'
sh "$TG_SOURCE_DIR/scripts/manpage.sh" "$TERRAGON" > "$T/terragon.1"
for c in $("$TERRAGON" help | awk '/^Commands:/ {on=1; next} on && /^  [a-z]/ {print $1}'); do
  expect_grep "^\.SS \"terragon $c\"" "$T/terragon.1"
done
expect_grep '^\.SH EXIT STATUS' "$T/terragon.1"
CASE
# every option in every --help is in the manual
test_case 'the manual names every option of discover --help' <<'CASE'
"$TERRAGON" discover --help | grep -oE -- '--[a-z][a-z-]+' | sort -u > "$T/opts"
while read -r o; do grep -q -- "$o" "$T/terragon.1" || fail "manual lacks $o"; done < "$T/opts"
CASE
test_case 'groff reads the manual without a warning' <<'CASE'
if command -v groff >/dev/null; then
  groff -man -Tutf8 -ww -z "$T/terragon.1" 2>"$T/groff.err"
  [ ! -s "$T/groff.err" ] || { cat "$T/groff.err"; fail "groff warnings"; }
fi
CASE
# make install: the binary, the manual and the rule packs under PREFIX.
test_case 'make install puts the binary, the manual and the rule packs under PREFIX' <<'CASE'
cmake --install "$(dirname "$TERRAGON")" --prefix "$T/inst" >/dev/null
[ -x "$T/inst/bin/terragon" ] || fail "no bin/terragon"
[ -f "$T/inst/share/man/man1/terragon.1" ] || fail "no man page"
[ -f "$T/inst/share/terragon/rules/secrets.yaml" ] || fail "no rule packs"
"$T/inst/bin/terragon" version >/dev/null || fail "installed binary does not run"
CASE
done_testing
