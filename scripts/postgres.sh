# Sourced by test.sh and bench/run-load.sh: installs PostgreSQL when missing and starts a throw-away cluster on
# 127.0.0.1 for this run, stopped and deleted on exit. Sets RETOUR_PG (an Npgsql connection string to it).

_pg_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "Need root to run: $*" >&2; return 1; fi
}

_pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

_pg_port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# start_postgres [extra server options]: durability is off by default (a test cluster; nothing outlives the run).
start_postgres() {
  local options=${1:--c fsync=off -c synchronous_commit=off -c full_page_writes=off}
  local bin; bin=$(_pg_bin)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "== Installing PostgreSQL (apt-get)"
    _pg_as_root apt-get update -qq
    _pg_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin=$(_pg_bin)
  fi

  local port=${RETOUR_PG_PORT:-55432}
  while ! _pg_port_free "$port"; do port=$((port + 1)); done
  PG_DATA=$(mktemp -d /tmp/retour-pg.XXXXXX)
  # PostgreSQL refuses to run as root: run the cluster as the 'postgres' user then.
  PG_RUN=()
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$PG_DATA"
    PG_RUN=(runuser -u postgres --)
  fi
  PG_CTL="$bin/pg_ctl"
  echo "== Starting PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
  "${PG_RUN[@]}" "$bin/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  "${PG_RUN[@]}" "$PG_CTL" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DATA -c max_connections=300 $options" >/dev/null
  trap stop_postgres EXIT
  RETOUR_PG="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
}

stop_postgres() {
  [ -n "${PG_DATA:-}" ] || return 0
  "${PG_RUN[@]}" "$PG_CTL" -D "$PG_DATA" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DATA"
}
