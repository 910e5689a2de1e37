#!/usr/bin/env bash
# Return analytics at volume (issue #8): fills a throw-away database (PostgreSQL by default, `sqlite` as the 4th
# argument) with about N order lines and M historical return lines (`generate-analytics-volume`: bulk insert, then
# the rollups rebuilt), starts Retour (Release) on it and times each rate question R times with curl (sequential, no
# concurrency): the overview groupings over the whole year and over one month, with and without filters, and the
# CSV export. Prints min / median / max in ms per question. Stops everything. Everything listens on 127.0.0.1.
#
#   bench/run-analytics.sh [order-lines=1000000] [return-lines=200000] [repeats=5] [postgres|sqlite]
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-1000000}
returns=${2:-200000}
repeats=${3:-5}
provider=${4:-postgres}
port=${RETOUR_BENCH_PORT:-5187}
work=$(mktemp -d /tmp/retour-analytics-bench.XXXXXX)
key="bench-$(date +%s)"

# shellcheck source=../scripts/postgres.sh
. scripts/postgres.sh

cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  [ "$provider" = postgres ] && stop_postgres
  rm -rf "$work"
}
trap cleanup EXIT

dotnet build -c Release -nologo -clp:ErrorsOnly src/Retour.Web
export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port"
if [ "$provider" = postgres ]; then
  start_postgres "-c shared_buffers=256MB -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_wal_size=4GB"
  export Database__Provider=Postgres ConnectionStrings__Retour="$RETOUR_PG"
else
  export Database__Provider=Sqlite ConnectionStrings__Retour="Data Source=$work/retour.db"
fi
export Database__MigrateOnStart=true Workers__Enabled=false Api__Keys__0__Name=bench Api__Keys__0__Key="$key" Logging__LogLevel__Default=Warning
web=src/Retour.Web/bin/Release/net10.0/Retour.Web.dll

echo "== $provider: generating $lines order lines, $returns return lines ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
/usr/bin/time -f "== generation + rollup rebuild: %e s elapsed, %M KB peak memory" \
  dotnet "$web" generate-analytics-volume --order-lines "$lines" --return-lines "$returns"

dotnet "$web" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done

year="from=$(date -u -d '-365 days' +%F)&to=$(date -u +%F)"
month="from=$(date -u -d '-30 days' +%F)&to=$(date -u +%F)"
questions=(
  "by=month&$year"
  "by=sku&$year"
  "by=product&$year"
  "by=category&$year"
  "by=country&$year"
  "by=reason&$year"
  "by=sku&$month"
  "by=sku&$year&country=FR&channel=web"
  "by=month&$year&currency=EUR&category=category-03"
  "by=sku&$year&format=csv"
)
printf '%-60s %8s %8s %8s %10s\n' question min_ms median_ms max_ms bytes
for q in "${questions[@]}"; do
  times=()
  for _ in $(seq 1 "$repeats"); do
    out=$(curl -s -o "$work/body" -w '%{http_code} %{time_total} %{size_download}' -H "Authorization: Bearer $key" "http://127.0.0.1:$port/api/v1/analytics/return-rates?$q")
    read -r code t size <<<"$out"
    [ "$code" = 200 ] || { echo "HTTP $code for $q: $(head -c 300 "$work/body")"; exit 1; }
    times+=("$(awk -v t="$t" 'BEGIN { printf "%.0f", t * 1000 }')")
  done
  sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  printf '%-60s %8s %8s %8s %10s\n' "${q:0:60}" "$(echo "$sorted" | head -1)" "$(echo "$sorted" | sed -n "$(( (repeats + 1) / 2 ))p")" "$(echo "$sorted" | tail -1)" "$size"
done
