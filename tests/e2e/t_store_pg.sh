#!/usr/bin/env bash
# One repository's store on a real PostgreSQL server (a throw-away cluster,
# pg_lib.sh): after `store migrate --to` a database, the commands that read
# the store (backlog, explain, history, runs, metrics, slo, report, predict)
# print, with store.url pointing at that database, exactly what they print
# from the SQLite store, the clock fixed. The store is observe_lib.sh's: real discover
# and execute runs, with resolved, reopened and executed items.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/observe_lib.sh"
. "$(dirname "$0")/pg_lib.sh"

pg_start
history r
# shellcheck disable=SC2034 # used by the cases, which test_case runs
NOW=--now=2026-11-21T12:00:00Z
URL=$(pg_newdb one)
expect_exit 0 "$TERRAGON" store migrate -C "$R" --to "$URL"

# same WANT_EXIT NAME ARGS...: the command's output and exit status from the
# SQLite store and from the PostgreSQL one (TERRAGON_STORE__URL) are the same
# and not empty.
same() {
  local want=$1 name=$2
  shift 2
  expect_exit "$want" env -u TERRAGON_STORE__URL "$TERRAGON" "$@"
  cp "$T/out" "$T/$name.lite"
  expect_exit "$want" env TERRAGON_STORE__URL="$URL" "$TERRAGON" "$@"
  cp "$T/out" "$T/$name.pg"
  expect_no_grep 'not ported' "$T/err"
  [ -s "$T/$name.lite" ] || fail "$name: no output"
  diff -u "$T/$name.lite" "$T/$name.pg" >&2 || fail "$name: PostgreSQL's output differs"
  ok
}

test_case 'backlog prints the same from PostgreSQL as from SQLite (table, json, csv, --tier, --new-since)' <<'CASE'
same 0 backlog backlog -C "$R" "$NOW"
same 0 backlog-json backlog -C "$R" --format json "$NOW"
same 0 backlog-csv backlog -C "$R" --tier watch --format csv "$NOW"
same 0 backlog-new backlog -C "$R" --new-since 1 --format json "$NOW"
grep -q '"fingerprint"' "$T/backlog-json.pg" || fail "no items read"
CASE

test_case 'explain and history of an item print the same from PostgreSQL as from SQLite' <<'CASE'
id=$(/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["items"][0]["fingerprint"])' "$T/backlog-json.lite")
[ -n "$id" ] || fail "no item id"
same 0 explain explain -C "$R" "$id" "$NOW"
same 0 explain-json explain -C "$R" "$id" --format json "$NOW"
same 0 history history -C "$R" "$id" "$NOW"
same 0 history-json history -C "$R" "$id" --format json "$NOW"
grep -q opened "$T/history.pg" || fail "no events read"
CASE

test_case 'runs prints the same from PostgreSQL as from SQLite (limited and all)' <<'CASE'
same 0 runs runs -C "$R" "$NOW"
same 0 runs-all runs -C "$R" --limit 0 --format json "$NOW"
same 0 runs-2 runs -C "$R" --limit 2 "$NOW"
[ "$(grep -c discover "$T/runs.pg")" -ge 2 ] || fail "the discover runs are missing"
CASE

test_case 'metrics and slo print the same from PostgreSQL as from SQLite' <<'CASE'
same 0 metrics metrics -C "$R" "$NOW"
same 0 metrics-om metrics -C "$R" --format openmetrics "$NOW"
same 1 slo slo -C "$R" "$NOW"
same 1 slo-json slo -C "$R" --format json "$NOW"
grep -q 'breached' "$T/slo-json.pg" || fail "the breached execution SLO is missing"
CASE

test_case 'report --html writes the same page from PostgreSQL as from SQLite' <<'CASE'
expect_exit 0 env -u TERRAGON_STORE__URL "$TERRAGON" report -C "$R" --html "$T/lite.html" "$NOW"
expect_exit 0 env TERRAGON_STORE__URL="$URL" "$TERRAGON" report -C "$R" --html "$T/pg.html" "$NOW"
expect_no_grep 'not ported' "$T/err"
[ -s "$T/pg.html" ] || fail "no page"
cmp "$T/lite.html" "$T/pg.html" || { diff "$T/lite.html" "$T/pg.html" | head -20 >&2; fail "the pages differ"; }
CASE

test_case 'predict forecasts the same from PostgreSQL as from SQLite' <<'CASE'
same 0 predict-debt predict debt -C "$R" --format json "$NOW"
same 0 predict-backlog predict backlog -C "$R" "$NOW"
CASE

test_case 'a command not ported yet says so and keeps the SQLite store; the readers write nothing to the database' <<'CASE'
expect_exit 0 env TERRAGON_STORE__URL="$URL" "$TERRAGON" store export -C "$R" -
expect_grep 'not ported to PostgreSQL yet' "$T/err"
# The readers open the database read-only (default_transaction_read_only).
before=$(PG_URL=$URL pg_psql 'SELECT count(*) FROM runs')
same 0 runs-again runs -C "$R" "$NOW"
[ "$(PG_URL=$URL pg_psql 'SELECT count(*) FROM runs')" = "$before" ] || fail "a reader wrote runs"
CASE

test_case 'after another discover, store migrate to store.url adds what is new and the readers agree again' <<'CASE'
printf 'def h():\n    pass  # TODO: one more\n' >"$R/d.py"
git -C "$R" add d.py && git -C "$R" commit -q -m more
expect_exit 0 env -u TERRAGON_STORE__URL "$TERRAGON" discover --repo-path "$R" -q --now=2026-11-21T11:00:00Z
expect_exit 0 env TERRAGON_STORE__URL="$URL" "$TERRAGON" store migrate -C "$R"
expect_no_grep 'not ported' "$T/err"
same 0 backlog-more backlog -C "$R" --format json "$NOW"
grep -q 'one more' "$T/backlog-more.pg" || fail "the new item is not in PostgreSQL"
same 0 runs-more runs -C "$R" --limit 0 "$NOW"
same 0 metrics-more metrics -C "$R" "$NOW"
CASE

test_case 'a store.url database that cannot be reached is an error naming it, never the SQLite store' <<'CASE'
expect_exit 3 env TERRAGON_STORE__URL="postgres:///nosuchdb?host=$PG_DIR&user=terragon" "$TERRAGON" backlog -C "$R"
expect_grep 'store postgres:///nosuchdb: connecting' "$T/err"
CASE

done_testing
