#!/usr/bin/env bash
# Starts Retour (Release build) on SQLite or on a throw-away PostgreSQL cluster, replays the return lifecycle with
# the load driver for a bounded time, prints the figures and stops everything. Everything listens on 127.0.0.1.
#
#   bench/run-load.sh sqlite   [clients] [seconds]
#   bench/run-load.sh postgres [clients] [seconds]
#
# PostgreSQL runs with its durable defaults (fsync and synchronous_commit on), as in production.
# Optional: RETOUR_BENCH_WARMUP (seconds, default 60), RETOUR_BENCH_WORKERS (default true), RETOUR_BENCH_JSON (result
# file), RETOUR_BENCH_APP (another build of Retour.Web.dll, e.g. a ReadyToRun publish), RETOUR_BENCH_PG_OPTIONS
# (extra server settings, e.g. "-c shared_preload_libraries=pg_stat_statements"), RETOUR_BENCH_PG_EXTRA (appended to
# the connection string, e.g. ";Options=-c work_mem=32MB" to run without decision 0027's generic plans).
set -euo pipefail
cd "$(dirname "$0")/.."
provider=${1:-sqlite}
clients=${2:-16}
seconds=${3:-30}
port=${RETOUR_BENCH_PORT:-5090}
work=$(mktemp -d /tmp/retour-bench.XXXXXX)
key="bench-$(date +%s)"

# shellcheck source=../scripts/postgres.sh
. scripts/postgres.sh

cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  stop_postgres
  rm -rf "$work"
}
trap cleanup EXIT

dotnet build -c Release -nologo -clp:ErrorsOnly src/Retour.Web
dotnet build -c Release -nologo -clp:ErrorsOnly bench/Retour.LoadTest

export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port"
# Emails go to the run's own folder (deleted with it), not to data/mail of the checkout.
export Email__PickupDirectory="$work/mail"
export Workers__Enabled=${RETOUR_BENCH_WORKERS:-true} Api__Keys__0__Name=load Api__Keys__0__Key="$key" Database__MigrateOnStart=true Logging__LogLevel__Default=Warning
if [ "$provider" = postgres ]; then
  start_postgres "-c shared_buffers=256MB ${RETOUR_BENCH_PG_OPTIONS:-}"
  trap cleanup EXIT
  export Database__Provider=Postgres ConnectionStrings__Retour="$RETOUR_PG;Maximum Pool Size=64${RETOUR_BENCH_PG_EXTRA:-}"
else
  export Database__Provider=Sqlite ConnectionStrings__Retour="Data Source=$work/retour.db"
fi

dotnet "${RETOUR_BENCH_APP:-src/Retour.Web/bin/Release/net10.0/Retour.Web.dll}" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done

echo "== $provider: $clients clients, ${RETOUR_BENCH_WARMUP:-60} s warm-up, $seconds s measured"
RETOUR_API_KEY="$key" dotnet bench/Retour.LoadTest/bin/Release/net10.0/Retour.LoadTest.dll \
  --url "http://127.0.0.1:$port" --clients "$clients" --duration "$seconds" --warmup "${RETOUR_BENCH_WARMUP:-60}" --server-pid "$server" \
  --json "${RETOUR_BENCH_JSON:-$work/result.json}"
