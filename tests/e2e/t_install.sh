#!/usr/bin/env bash
# make install's pieces: the binary and a manual that documents every command.
. "$(dirname "$0")/lib.sh"
sh "$TG_SOURCE_DIR/scripts/manpage.sh" "$TERRAGON" > "$T/terragon.1"
for c in $("$TERRAGON" help | awk '/^Commands:/ {on=1; next} on && /^  [a-z]/ {print $1}'); do
  expect_grep "^\.SS \"terragon $c\"" "$T/terragon.1"
done
expect_grep '^\.SH EXIT STATUS' "$T/terragon.1"
# every option in every --help is in the manual
"$TERRAGON" discover --help | grep -oE -- '--[a-z][a-z-]+' | sort -u > "$T/opts"
while read -r o; do grep -q -- "$o" "$T/terragon.1" || fail "manual lacks $o"; done < "$T/opts"
ok
if command -v groff >/dev/null; then
  groff -man -Tutf8 -ww -z "$T/terragon.1" 2>"$T/groff.err"
  [ ! -s "$T/groff.err" ] || { cat "$T/groff.err"; fail "groff warnings"; }
  ok
fi
# make install: the binary, the manual and the rule packs under PREFIX.
cmake --install "$(dirname "$TERRAGON")" --prefix "$T/inst" >/dev/null
[ -x "$T/inst/bin/terragon" ] || fail "no bin/terragon"
[ -f "$T/inst/share/man/man1/terragon.1" ] || fail "no man page"
[ -f "$T/inst/share/terragon/rules/secrets.yaml" ] || fail "no rule packs"
ok
"$T/inst/bin/terragon" version >/dev/null || fail "installed binary does not run"
ok
done_testing
