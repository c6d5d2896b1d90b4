# A throwaway PostgreSQL server for the notes tests, from Debian's postgresql package.
#
#   source .ci/postgres.sh && start_test_postgres   # exports TANDEM_TEST_POSTGRES_URL
#   ... run the tests ...
#   stop_test_postgres                              # also runs on the shell's exit
#
# The server refuses to run as root, so as root it runs as the `postgres` system user.
# It listens on 127.0.0.1 only, on a free port, with its data in a temporary folder, and
# a test role with a random password; nothing of it outlives the run.

TANDEM_PG_DIR=""
TANDEM_PG_BIN=""

_as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

start_test_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  TANDEM_PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  TANDEM_PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/tandem-postgres.XXXXXX")
  if [ "$(id -u)" = 0 ]; then chown postgres: "$TANDEM_PG_DIR"; fi
  local port password
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
  _as_postgres "$TANDEM_PG_BIN/initdb" -D "$TANDEM_PG_DIR/data" -U postgres -E UTF8 \
    --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  _as_postgres "$TANDEM_PG_BIN/pg_ctl" -D "$TANDEM_PG_DIR/data" -l "$TANDEM_PG_DIR/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $TANDEM_PG_DIR -c max_connections=200" \
    start >/dev/null
  trap stop_test_postgres EXIT
  _as_postgres "$TANDEM_PG_BIN/psql" -h "$TANDEM_PG_DIR" -p "$port" -U postgres -qAt \
    -c "CREATE ROLE tandem_test LOGIN PASSWORD '$password'" \
    -c "CREATE DATABASE tandem_test OWNER tandem_test" >/dev/null
  export TANDEM_TEST_POSTGRES_URL="postgresql://tandem_test:$password@127.0.0.1:$port/tandem_test"
  echo "PostgreSQL $("$TANDEM_PG_BIN/postgres" --version | awk '{print $3}') for the notes tests on 127.0.0.1:$port"
}

stop_test_postgres() {
  if [ -n "$TANDEM_PG_DIR" ] && [ -d "$TANDEM_PG_DIR/data" ]; then
    _as_postgres "$TANDEM_PG_BIN/pg_ctl" -D "$TANDEM_PG_DIR/data" -m fast -w stop >/dev/null || true
    rm -rf "$TANDEM_PG_DIR"
  fi
  TANDEM_PG_DIR=""
}
