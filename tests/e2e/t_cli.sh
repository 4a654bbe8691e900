#!/usr/bin/env bash
# The command line itself: help, version, unknown commands and options.
. "$(dirname "$0")/lib.sh"

test_case 'version prints the version' <<'CASE'
expect_exit 0 "$TERRAGON" version
expect_grep '^terragon [0-9]+\.[0-9]+\.[0-9]+$' "$T/out"
CASE
test_case 'help lists the commands and helps on one' <<'CASE'
expect_exit 0 "$TERRAGON" help
expect_grep 'version' "$T/out"
expect_exit 0 "$TERRAGON" help version
expect_grep 'usage: terragon version' "$T/out"
CASE
test_case 'an unknown command or option is bad usage' <<'CASE'
expect_exit 2 "$TERRAGON" no-such-command
expect_grep "not a command" "$T/err"
expect_exit 2 "$TERRAGON" version --no-such-option
expect_grep 'unknown option --no-such-option' "$T/err"
CASE
test_case 'no command at all is bad usage' <<'CASE'
expect_exit 2 "$TERRAGON"
CASE
# every listed command answers --help with its usage and exit 0
test_case 'every listed command answers --help with its usage' <<'CASE'
for c in $("$TERRAGON" help | awk '/^Commands:/ {on=1; next} on && /^  [a-z]/ {print $1}'); do
  expect_exit 0 "$TERRAGON" "$c" --help
  expect_grep "usage: terragon $c" "$T/out"
done
CASE
test_case 'a bad --now date is bad usage' <<'CASE'
expect_exit 2 "$TERRAGON" version --now not-a-date
expect_grep 'invalid date' "$T/err"
CASE
done_testing
