# shellcheck shell=bash
# A throw-away PostgreSQL cluster for the tests that need a real server
# (sourced after lib.sh). pg_start makes one with initdb under a temporary
# directory, listening on a Unix socket there only (no TCP port), as an
# unprivileged user (PostgreSQL refuses to run as root: as root the cluster
# runs as nobody), with password authentication, so the tests show that
# terragon takes the password from PGPASSWORD. It is stopped at exit.
# Missing PostgreSQL binaries fail the test: scripts/deps.sh --test installs
# them (Debian's postgresql).
#
# After pg_start: $PG_URL (postgres:///terragon?host=...&user=terragon, no
# password), PGPASSWORD exported, and pg_psql runs SQL against that database.

PG_DIR=
pg_bindir() {
  local d
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
    return
  fi
  for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r); do
    [ -x "$d/initdb" ] && { echo "$d"; return; }
  done
  return 1
}

pg_as() {
  if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}

pg_stop() {
  [ -n "$PG_DIR" ] || return 0
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=
}

pg_start() {
  PG_BIN=$(pg_bindir) || fail "PostgreSQL is not installed (initdb not found): run scripts/deps.sh --test"
  PG_DIR=$(mktemp -d /tmp/tg-pg.XXXXXX)
  # shellcheck disable=SC2154 # assigned by the trap itself
  trap 'tg_pg_rc=$?; pg_stop; tg_exit $tg_pg_rc' EXIT
  chmod 755 "$PG_DIR"
  printf 'pg-secret-%s\n' "$$" > "$PG_DIR/pw"
  [ "$(id -u)" = 0 ] && chown nobody "$PG_DIR" "$PG_DIR/pw"
  pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U terragon --auth=scram-sha-256 \
    --pwfile="$PG_DIR/pw" -E UTF8 --no-locale >"$PG_DIR/initdb.log" 2>&1 ||
    { cat "$PG_DIR/initdb.log" >&2; fail "initdb failed"; }
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$PG_DIR' -c fsync=off -c max_connections=50" \
    start >/dev/null || { cat "$PG_DIR/server.log" >&2; fail "the PostgreSQL server did not start"; }
  PGPASSWORD=$(cat "$PG_DIR/pw")
  export PGPASSWORD
  PG_URL="postgres:///terragon?host=$PG_DIR&user=terragon"
  "$PG_BIN/psql" -q -X -d "postgres:///postgres?host=$PG_DIR&user=terragon" \
    -c 'CREATE DATABASE terragon' >/dev/null || fail "cannot create the database"
}

# pg_psql SQL: one value a line, no headers.
pg_psql() {
  "$PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 -d "$PG_URL" -c "$1"
}

# pg_newdb NAME: a fresh database; prints its URL.
pg_newdb() {
  "$PG_BIN/psql" -q -X -d "$PG_URL" -c "CREATE DATABASE $1" >/dev/null || fail "cannot create $1"
  echo "postgres:///$1?host=$PG_DIR&user=terragon"
}
