#!/usr/bin/env bash
# Runs every Retour test: domain unit and property tests, and the HTTP integration tests on SQLite and on a
# real PostgreSQL server. A PostgreSQL server is installed (Debian package) when missing and a throw-away cluster
# is started on 127.0.0.1 for the run, unless RETOUR_TEST_POSTGRES already points at one.
#
#   ./test.sh                 everything
#   ./test.sh --filter Name   passes extra arguments to 'dotnet test'
set -euo pipefail
cd "$(dirname "$0")"

log() { printf '\n== %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "Need root to run: $*" >&2; return 1; fi
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_postgres() {
  local bin; bin=$(pg_bin)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    log "Installing PostgreSQL (apt-get)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin=$(pg_bin)
  fi

  local port=${RETOUR_TEST_PG_PORT:-55432}
  while ! port_free "$port"; do port=$((port + 1)); done
  PG_DATA=$(mktemp -d /tmp/retour-test-pg.XXXXXX)
  # PostgreSQL refuses to run as root: run the throw-away cluster as the 'postgres' user then.
  local run=()
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$PG_DATA"
    run=(runuser -u postgres --)
  fi
  PG_RUN=("${run[@]}")
  PG_CTL="$bin/pg_ctl"
  log "Starting PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
  "${run[@]}" "$bin/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  # A test cluster: durability settings off for speed; nothing here outlives the run.
  "${run[@]}" "$PG_CTL" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >/dev/null
  trap stop_postgres EXIT
  export RETOUR_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Maximum Pool Size=40"
}

stop_postgres() {
  "${PG_RUN[@]}" "$PG_CTL" -D "$PG_DATA" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DATA"
}

if [ -z "${RETOUR_TEST_POSTGRES:-}" ]; then
  start_postgres
fi

log "Building"
dotnet build Retour.slnx -c Release -nologo -clp:ErrorsOnly

log "Testing (SQLite and PostgreSQL)"
results=$(mktemp)
set +e
dotnet test Retour.slnx -c Release --no-build -nologo "$@" 2>&1 | tee "$results"
status=${PIPESTATUS[0]}
set -e

passed=$(grep -Eo 'Passed: +[0-9]+' "$results" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$results" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$results" | awk '{s+=$2} END {print s+0}')
rm -f "$results"
echo
echo "Total: $passed passed, $failed failed, $skipped skipped"
exit "$status"
