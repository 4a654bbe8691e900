#!/usr/bin/env bash
# The command line itself: help, version, unknown commands and options.
. "$(dirname "$0")/lib.sh"

expect_exit 0 "$TERRAGON" version
expect_grep '^terragon [0-9]+\.[0-9]+\.[0-9]+$' "$T/out"
expect_exit 0 "$TERRAGON" help
expect_grep 'version' "$T/out"
expect_exit 0 "$TERRAGON" help version
expect_grep 'usage: terragon version' "$T/out"
expect_exit 2 "$TERRAGON" no-such-command
expect_grep "not a command" "$T/err"
expect_exit 2 "$TERRAGON" version --no-such-option
expect_grep 'unknown option --no-such-option' "$T/err"
expect_exit 2 "$TERRAGON"
# every listed command answers --help with its usage and exit 0
for c in $("$TERRAGON" help | awk '/^Commands:/ {on=1; next} on && /^  [a-z]/ {print $1}'); do
  expect_exit 0 "$TERRAGON" "$c" --help
  expect_grep "usage: terragon $c" "$T/out"
done
expect_exit 2 "$TERRAGON" version --now not-a-date
expect_grep 'invalid date' "$T/err"
done_testing
