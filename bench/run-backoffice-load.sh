#!/usr/bin/env bash
# Fills a throw-away PostgreSQL cluster with N returns (default 1,000,000; `generate-returns`, binary COPY), starts
# Retour (Release) on it, signs N clients in as staff and runs the load driver's backoffice scenario: work queues with
# their counts, next pages, filters, searches, the API list and the first rows of the CSV export. Then exports every
# return once through the API and prints the time, the size and the server's peak memory, and EXPLAIN (ANALYZE) of
# the list queries (bench/backoffice-explain.sql). Stops everything. Everything listens on 127.0.0.1.
#
#   bench/run-backoffice-load.sh [returns=1000000] [clients=8] [seconds=30]
#   RETOUR_BENCH_WARMUP (default 15), RETOUR_BENCH_OPEN_SHARE (default 0.1), RETOUR_BENCH_JSON,
#   RETOUR_BENCH_EXPORT=0 to skip the whole export (about a minute at a million rows),
#   RETOUR_BENCH_SQL_LOG=Information to log every request and SQL command with its time, RETOUR_BENCH_SERVER_LOG=FILE to keep the server's log
set -euo pipefail
cd "$(dirname "$0")/.."
returns=${1:-1000000}
clients=${2:-8}
seconds=${3:-30}
warmup=${RETOUR_BENCH_WARMUP:-15}
port=${RETOUR_BENCH_PORT:-5093}
work=$(mktemp -d /tmp/retour-backoffice-bench.XXXXXX)
key="bench-$(date +%s)"
staff=bench@shop.test
password="bench-password-$(date +%s)"

# shellcheck source=../scripts/postgres.sh
. scripts/postgres.sh

cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  if [ -n "${RETOUR_BENCH_SERVER_LOG:-}" ] && [ -f "$work/server.log" ]; then cp "$work/server.log" "$RETOUR_BENCH_SERVER_LOG"; fi
  stop_postgres
  rm -rf "$work"
}
trap cleanup EXIT

dotnet build -c Release -nologo -clp:ErrorsOnly src/Retour.Web
dotnet build -c Release -nologo -clp:ErrorsOnly bench/Retour.LoadTest

start_postgres "-c shared_buffers=256MB -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_wal_size=4GB"
trap cleanup EXIT
export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port"
# Emails go to the run's own folder (deleted with it), not to data/mail of the checkout.
export Email__PickupDirectory="$work/mail"
export Database__Provider=Postgres ConnectionStrings__Retour="$RETOUR_PG;Maximum Pool Size=64" Database__MigrateOnStart=true
export Workers__Enabled=false Api__Keys__0__Name=load Api__Keys__0__Key="$key" Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft="${RETOUR_BENCH_SQL_LOG:-Warning}"
web=src/Retour.Web/bin/Release/net10.0/Retour.Web.dll

echo "== Generating $returns returns ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
/usr/bin/time -f "== generation: %e s elapsed, %M KB peak memory" \
  dotnet "$web" generate-returns --returns "$returns" --open-share "${RETOUR_BENCH_OPEN_SHARE:-0.1}"
RETOUR_ADMIN_PASSWORD="$password" dotnet "$web" create-admin --email "$staff" --name "Bench Admin" >/dev/null

psql="$(_pg_bin)/psql"
pgport=$(echo "$RETOUR_PG" | sed 's/.*Port=\([0-9]*\).*/\1/')
"$psql" -h 127.0.0.1 -p "$pgport" -U postgres -d postgres -X -c "SELECT \"Status\", count(*) FROM \"Returns\" GROUP BY 1 ORDER BY 2 DESC"

dotnet "$web" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done

echo "== backoffice scenario: $clients staff, $warmup s warm-up, $seconds s measured; load average $(cut -d' ' -f1-3 /proc/loadavg)"
RETOUR_API_KEY="$key" RETOUR_STAFF_EMAIL="$staff" RETOUR_STAFF_PASSWORD="$password" \
  dotnet bench/Retour.LoadTest/bin/Release/net10.0/Retour.LoadTest.dll --scenario backoffice \
  --url "http://127.0.0.1:$port" --clients "$clients" --duration "$seconds" --warmup "$warmup" --server-pid "$server" \
  --json "${RETOUR_BENCH_JSON:-$work/result.json}"
echo "== load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "${RETOUR_BENCH_EXPORT:-1}" = 1 ]; then
  echo "== One export of every return through GET /api/v1/returns/export.csv"
  curl -sf --max-time 600 -H "Authorization: Bearer $key" "http://127.0.0.1:$port/api/v1/returns/export.csv" -o "$work/all.csv" \
    -w "== export: %{time_starttransfer} s to the first byte, %{time_total} s in all, %{size_download} bytes\n"
  echo "== export: $(($(wc -l < "$work/all.csv") - 1)) rows; server $(grep -E 'VmHWM|VmRSS' /proc/$server/status | tr -s ' \n' ' ')"
fi

echo "== EXPLAIN (ANALYZE) of the list queries"
"$psql" -h 127.0.0.1 -p "$pgport" -U postgres -d postgres -X -f bench/backoffice-explain.sql \
  | grep -E '^(--|  *(->|Limit|Aggregate|Index|Bitmap|Sort|Seq|Nested|Hash|Merge|Execution|Planning))' || true
