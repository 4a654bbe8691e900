#!/usr/bin/env bash
# The store on a real PostgreSQL server (a throw-away cluster, pg_lib.sh) and
# fleet runs into it: store migrate copies a SQLite store's history; the
# password only from PGPASSWORD, never shown; the same fleet on SQLite and on
# PostgreSQL gives the same items; four shards over twelve repositories, one
# killed with SIGKILL in the middle of a repository and run again, give one
# run per head and a single process's item counts; two writers racing on the
# same repositories corrupt nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pg_lib.sh"

pg_start

# gen_repo DIR N: a repository with a few findings and N filler files.
gen_repo() {
  local i
  mkdir -p "$1/src"
  printf 'import os\ndef run(cmd):\n    return eval(cmd)  # N\n' >"$1/src/app.py"
  printf '# TODO: %s\n' "$(basename "$1")" >"$1/src/todo.py"
  for i in $(seq 1 "$2"); do
    printf 'def f%d(x):\n    if x > %d:\n        return x\n    return -x\n' "$i" "$i" >"$1/src/m$i.py"
  done
  make_repo "$1"
}

# fleet_items_of URL [DB]: "fingerprint status" of the repository's items, sorted.
fleet_items_of() {
  pg_psql "SELECT i.fingerprint || ' ' || i.status FROM fleet_items i JOIN repositories p
           ON p.id = i.repository_id WHERE p.url = '$1' ORDER BY 1"
}

test_case 'store migrate copies a SQLite store into PostgreSQL, ids and all, and a second copy adds nothing' <<'CASE'
gen_repo "$T/one" 3
expect_exit 0 "$TERRAGON" discover -C "$T/one" -q
printf '# TODO: later\n' >"$T/one/src/later.py"
git -C "$T/one" add -A && git -C "$T/one" commit -qm more
expect_exit 0 "$TERRAGON" discover -C "$T/one" -q
url=$(pg_newdb migrated)
expect_exit 0 "$TERRAGON" store migrate -C "$T/one" --to "$url"
expect_grep 'item_events +[0-9]+ rows read' "$T/out"
db="$T/one/.terragon/terragon.db"
for t in runs items item_json item_events audit; do
  want=$(sqlite3 "$db" "SELECT count(*) FROM $t")
  got=$(PG_URL=$url pg_psql "SELECT count(*) FROM $t")
  [ "$want" = "$got" ] || fail "$t: $want rows in SQLite, $got in PostgreSQL"
done
# The same rows: the events as SQLite and PostgreSQL list them.
sqlite3 "$db" "SELECT id, fingerprint, event FROM item_events ORDER BY id" | tr '|' ' ' >"$T/ev.lite"
PG_URL=$url pg_psql "SELECT id || ' ' || fingerprint || ' ' || event FROM item_events ORDER BY id" >"$T/ev.pg"
diff "$T/ev.lite" "$T/ev.pg" || fail "item events differ"
[ -s "$T/ev.pg" ] || fail "no events copied"
# The audit trail keeps its hash chain: same hashes in the same order.
sqlite3 "$db" "SELECT hash FROM audit ORDER BY id" >"$T/au.lite"
PG_URL=$url pg_psql "SELECT hash FROM audit ORDER BY id" >"$T/au.pg"
diff "$T/au.lite" "$T/au.pg" || fail "audit trail differs"
# Run again: nothing duplicated; a new row gets an id past the copied ones.
expect_exit 0 "$TERRAGON" store migrate -C "$T/one" --to "$url"
[ "$(PG_URL=$url pg_psql 'SELECT count(*) FROM item_events')" = "$(wc -l <"$T/ev.lite")" ] ||
  fail "a second migrate duplicated events"
next=$(PG_URL=$url pg_psql "INSERT INTO runs (command, started_at) VALUES ('x', 1) RETURNING id")
[ "$next" -gt "$(sqlite3 "$db" 'SELECT max(id) FROM runs')" ] || fail "identity not moved past the copied ids: $next"
CASE

test_case 'a password in the URL is refused and never shown; without PGPASSWORD the connection fails, named' <<'CASE'
gen_repo "$T/pw" 1
expect_exit 2 "$TERRAGON" store migrate -C "$T/pw" --to "postgres://terragon:s3cretpw@localhost/x"
expect_grep 'PGPASSWORD' "$T/err"
expect_no_grep 's3cretpw' "$T/err"
expect_exit 2 "$TERRAGON" fleet report --store "postgres:///terragon?host=$PG_DIR&user=terragon&password=s3cretpw"
expect_no_grep 's3cretpw' "$T/err"
( unset PGPASSWORD; HOME=$T/nopass
  expect_exit 3 "$TERRAGON" fleet report --store "$PG_URL"
  expect_grep 'store postgres:///terragon: connecting: .*password' "$T/err" )
# ~/.pgpass is read (libpq's own): the password from there works.
mkdir -p "$T/pgpass-home"
printf '*:*:*:terragon:%s\n' "$PGPASSWORD" >"$T/pgpass-home/.pgpass"
chmod 600 "$T/pgpass-home/.pgpass"
( unset PGPASSWORD; HOME=$T/pgpass-home expect_exit 0 "$TERRAGON" fleet report --store "$PG_URL" )
CASE

test_case 'fleet publish: 1,234 items (three statements of 500 at most) reach both backends alike; a new head resolves what left' <<'CASE'
make_repo "$T/pub"
python3 - 1234 >"$T/pub.ndjson" <<'PY'
import json, sys
n = int(sys.argv[1])
print(json.dumps({"type": "terragon-store-export", "version": 1}))
print(json.dumps({"type": "run", "id": 1, "command": "discover", "started_at": 1700000000,
                  "finished_at": 1700000060, "status": "ok", "summary": None}))
for i in range(n):
    fp = "%016x" % (0x1000000000000000 + i * 7919)
    item = {"fingerprint": fp, "source": "scanner", "category": "debt", "severity": "low",
            "rule_id": "todo", "title": "TODO: it's item %d" % i, "message": "m",
            "path": "f%d.py" % i, "start_line": 1, "end_line": 1}
    print(json.dumps({"type": "item", "fingerprint": fp, "source": "scanner", "category": "debt",
                      "severity": "low", "path": item["path"], "status": "open",
                      "first_seen": 1700000000, "last_seen": 1700000000, "resolved_at": 0,
                      "last_run": 1, "item": item}))
PY
expect_exit 0 "$TERRAGON" store import -C "$T/pub" "$T/pub.ndjson"
url=$(pg_newdb published)
for store in "$url" "$T/pub-shared.db"; do
  expect_exit 0 "$TERRAGON" fleet publish --store "$store" --url https://example.com/pub.git --head h1 --from "$T/pub/.terragon/terragon.db"
  expect_grep 'published, 1234 items' "$T/err"
  expect_exit 0 "$TERRAGON" fleet publish --store "$store" --url https://example.com/pub.git --head h1 --from "$T/pub/.terragon/terragon.db"
  expect_grep 'skipped' "$T/err"
done
PG_URL=$url pg_psql "SELECT fingerprint || ' ' || title FROM fleet_items ORDER BY 1" >"$T/pub.pg"
sqlite3 "$T/pub-shared.db" "SELECT fingerprint || ' ' || title FROM fleet_items ORDER BY 1" >"$T/pub.lite"
[ "$(wc -l <"$T/pub.pg")" = 1234 ] || fail "not 1234 items in PostgreSQL"
diff "$T/pub.lite" "$T/pub.pg" || fail "the backends differ"
# The next head has 1000 of them: 234 resolved, in both.
head -n 1002 "$T/pub.ndjson" >"$T/pub2.ndjson"
make_repo "$T/pub2"
expect_exit 0 "$TERRAGON" store import -C "$T/pub2" "$T/pub2.ndjson"
for store in "$url" "$T/pub-shared.db"; do
  expect_exit 0 "$TERRAGON" fleet publish --store "$store" --url https://example.com/pub.git --head h2 --from "$T/pub2/.terragon/terragon.db"
done
[ "$(PG_URL=$url pg_psql "SELECT count(*) FROM fleet_items WHERE status = 'resolved'")" = 234 ] || fail "PostgreSQL: not 234 resolved"
[ "$(sqlite3 "$T/pub-shared.db" "SELECT count(*) FROM fleet_items WHERE status = 'resolved'")" = 234 ] || fail "SQLite: not 234 resolved"
CASE

# Twelve repositories, the list in YAML (one with a configuration override).
mkdir -p "$T/fleet"
{
  echo "# the fleet"
  for i in $(seq -w 1 12); do
    gen_repo "$T/fleet/repo$i" 40 >/dev/null
    if [ "$i" = 05 ]; then
      printf -- '- url: %s\n  config:\n    thresholds.ccn: "1"\n' "$T/fleet/repo$i"
    else
      printf -- '- %s\n' "$T/fleet/repo$i"
    fi
  done
} >"$T/repos.yaml"

test_case 'the same fleet in a SQLite store and in PostgreSQL: the same items, and a second run skips every head' <<'CASE'
expect_exit 0 "$TERRAGON" fleet run --repos "$T/repos.yaml" --shard 0/1 --workdir "$T/wd-ref" --store "$T/ref.db"
[ "$(grep -c ': ok, ' "$T/err")" = 12 ] || { cat "$T/err"; fail "not 12 repositories run"; }
url=$(pg_newdb single)
expect_exit 0 "$TERRAGON" fleet run --repos "$T/repos.yaml" --shard 0/1 --workdir "$T/wd-single" --store "$url"
sqlite3 "$T/ref.db" "SELECT p.url || ' ' || i.fingerprint || ' ' || i.status || ' ' || i.severity
  FROM fleet_items i JOIN repositories p ON p.id = i.repository_id ORDER BY 1" >"$T/items.lite"
PG_URL=$url pg_psql "SELECT p.url || ' ' || i.fingerprint || ' ' || i.status || ' ' || i.severity
  FROM fleet_items i JOIN repositories p ON p.id = i.repository_id ORDER BY 1" >"$T/items.pg"
[ -s "$T/items.pg" ] || fail "no items in PostgreSQL"
diff "$T/items.lite" "$T/items.pg" || fail "the backends hold different items"
# The override reached repo05's discover: its complexity threshold of 1 adds items.
a=$(grep -c "/repo05 " "$T/items.pg"); b=$(grep -c "/repo04 " "$T/items.pg")
[ "$a" -gt "$b" ] || fail "repo05's override changed nothing ($a items, repo04 $b)"
cp "$T/items.pg" "$T/items.single"
expect_exit 0 "$TERRAGON" fleet run --repos "$T/repos.yaml" --shard 0/1 --workdir "$T/wd-single" --store "$url"
[ "$(grep -c 'skipped: its head was run already' "$T/err")" = 12 ] || { cat "$T/err"; fail "heads run twice"; }
# fleet report, as JSON, reads either backend alike.
expect_exit 0 "$TERRAGON" fleet report --store "$url" --format json --top 5
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["repositories"])==12 and len(d["top"])==5, d' "$T/out"
cp "$T/out" "$T/report.pg"
expect_exit 0 "$TERRAGON" fleet report --store "$T/ref.db" --format json --top 5
python3 - "$T/report.pg" "$T/out" <<'PY'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
key = lambda d: sorted((r["url"], r["open"], round(r["score"], 3)) for r in d["repositories"])
assert key(a) == key(b), (key(a), key(b))
assert (a["slo"]["good"], a["slo"]["total"]) == (b["slo"]["good"], b["slo"]["total"]), (a["slo"], b["slo"])
PY
CASE

test_case 'four shards at once, one killed with SIGKILL mid-repository and run again: one run per head, nothing duplicated' <<'CASE'
[ -s "$T/items.single" ] || fail "needs the single-process run of the case before"
url=$(pg_newdb sharded)
pids=()
for i in 0 1 2 3; do
  "$TERRAGON" fleet run --repos "$T/repos.yaml" --shard $i/4 --workdir "$T/wd-shards" --store "$url" \
    >"$T/shard$i.out" 2>"$T/shard$i.err" &
  pids+=($!)
done
# The victim: the first shard caught running discover on a repository after its first.
killed=
for _ in $(seq 1 600); do
  for i in 0 1 2 3; do
    pid=${pids[$i]}
    if [ -z "$killed" ] && grep -q ': ok, ' "$T/shard$i.err" 2>/dev/null &&
       pgrep -P "$pid" -f 'discover' >/dev/null 2>&1; then
      kill -9 "$pid"; killed=$i
    fi
  done
  [ -n "$killed" ] && break
  sleep 0.05
done
[ -n "$killed" ] || fail "no shard could be caught in the middle of a repository"
for i in 0 1 2 3; do
  if [ "$i" = "$killed" ]; then wait "${pids[$i]}" && fail "the killed shard exited 0" || true
  else wait "${pids[$i]}" || { cat "$T/shard$i.err"; fail "shard $i failed"; }; fi
done
sleep 1 # its orphaned discover finishes or is abandoned; the rerun copes either way
expect_exit 0 "$TERRAGON" fleet run --repos "$T/repos.yaml" --shard $killed/4 --workdir "$T/wd-shards" --store "$url"
expect_grep ': ok, ' "$T/err"
PG_URL=$url
[ "$(pg_psql 'SELECT count(*) FROM fleet_runs')" = 12 ] || fail "not 12 runs: $(pg_psql 'SELECT count(*) FROM fleet_runs')"
[ "$(pg_psql 'SELECT count(DISTINCT (repository_id, head)) FROM fleet_runs')" = 12 ] || fail "a head run twice"
[ "$(pg_psql 'SELECT count(*) FROM repositories')" = 12 ] || fail "repositories duplicated"
pg_psql "SELECT p.url || ' ' || i.fingerprint || ' ' || i.status || ' ' || i.severity
  FROM fleet_items i JOIN repositories p ON p.id = i.repository_id ORDER BY 1" >"$T/items.sharded"
diff "$T/items.single" "$T/items.sharded" || fail "the sharded fleet's items differ from a single process's"
# Every run's item count is its repository's open items.
[ "$(pg_psql "SELECT count(*) FROM fleet_runs r WHERE r.items <> (SELECT count(*) FROM fleet_items i
      WHERE i.repository_id = r.repository_id AND i.status = 'open')")" = 0 ] || fail "run counts differ"
CASE

test_case 'two writers race on the same repositories: one publishes, the other waits and skips; nothing corrupted' <<'CASE'
for store in "$(pg_newdb race)" "$T/race.db"; do
  "$TERRAGON" fleet run --repos "$T/repos.yaml" --shard 0/2 --workdir "$T/wd-race-a" --store "$store" 2>"$T/race-a.err" &
  a=$!
  "$TERRAGON" fleet run --repos "$T/repos.yaml" --shard 0/2 --workdir "$T/wd-race-b" --store "$store" 2>"$T/race-b.err" &
  b=$!
  wait $a || { cat "$T/race-a.err"; fail "writer a failed on $store"; }
  wait $b || { cat "$T/race-b.err"; fail "writer b failed on $store"; }
  n=$(grep -c '/repo' "$T/race-a.err")
  ok_runs=$(cat "$T/race-a.err" "$T/race-b.err" | grep -c ': ok, ' || true)
  [ "$ok_runs" = "$n" ] || { cat "$T/race-a.err" "$T/race-b.err"; fail "$ok_runs publications for $n repositories on $store"; }
  if [ "${store#postgres}" != "$store" ]; then q() { PG_URL=$store pg_psql "$1"; }; else q() { sqlite3 "$store" "$1"; }; fi
  [ "$(q 'SELECT count(*) FROM fleet_runs')" = "$n" ] || fail "runs duplicated on $store"
  [ "$(q 'SELECT count(*) FROM repositories')" = "$n" ] || fail "repositories duplicated on $store"
  [ "$(q "SELECT count(*) FROM fleet_items WHERE status <> 'open'")" = 0 ] || fail "items resolved by the race on $store"
done
[ "$(sqlite3 "$T/race.db" 'PRAGMA integrity_check')" = ok ] || fail "SQLite store damaged"
CASE

done_testing
