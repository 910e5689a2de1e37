#!/usr/bin/env bash
# Starts Retour (Release build) with the demo shop seeded, on SQLite or on a throw-away PostgreSQL cluster, and runs
# the load driver's portal scenario: N shoppers find an order, look it up, open it and review a return, confirming
# every 10th visit. Prints the figures and stops everything. Everything listens on 127.0.0.1.
#
#   bench/run-portal-load.sh sqlite   [clients=32] [seconds=30]
#   bench/run-portal-load.sh postgres [clients=32] [seconds=30]
#
# Every shopper connects from 127.0.0.1. Two limits would turn that into 429s that no real shop sees:
# - the server's limiter for callers without an API key, which portal pages fall under: 120 requests a minute per
#   client address, fixed in code. The server trusts X-Forwarded-For for the run (ASPNETCORE_FORWARDEDHEADERS_ENABLED)
#   and each visit of the driver (--forwarded-for) sends an address of its own, as shoppers behind a proxy would;
# - the portal's look-up limits (per client address, per order number, per email address: 30, 10, 10 per 15 minutes),
#   raised for the run, since the 200 orders are each looked up many times.
set -euo pipefail
cd "$(dirname "$0")/.."
provider=${1:-sqlite}
clients=${2:-32}
seconds=${3:-30}
warmup=${RETOUR_BENCH_WARMUP:-30}
port=${RETOUR_BENCH_PORT:-5092}
work=$(mktemp -d /tmp/retour-portal-bench.XXXXXX)
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
export Workers__Enabled=${RETOUR_BENCH_WORKERS:-true} Api__Keys__0__Name=load Api__Keys__0__Key="$key" Logging__LogLevel__Default=Warning
export Database__MigrateOnStart=true Demo__SeedOnStart=true ASPNETCORE_FORWARDEDHEADERS_ENABLED=true
export Portal__LookupsPerClient=10000 Portal__LookupsPerOrder=1000 Portal__LookupsPerAddress=1000 Portal__LookupWindow=00:01:00
if [ "$provider" = postgres ]; then
  start_postgres "-c shared_buffers=256MB"
  trap cleanup EXIT
  export Database__Provider=Postgres ConnectionStrings__Retour="$RETOUR_PG;Maximum Pool Size=64"
else
  export Database__Provider=Sqlite ConnectionStrings__Retour="Data Source=$work/retour.db"
fi

dotnet src/Retour.Web/bin/Release/net10.0/Retour.Web.dll > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done

echo "== $provider: demo shop seeded; portal, $clients shoppers, ${RETOUR_BENCH_THINK:-0} ms pause between pages, $warmup s warm-up, $seconds s measured; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== All shoppers connect from 127.0.0.1; each visit gets its own X-Forwarded-For address (the anonymous limit is 120 requests/min per address)"
echo "== and the portal's look-up limits are raised to 10000 per client, 1000 per order and per address, per minute."
RETOUR_API_KEY="$key" dotnet bench/Retour.LoadTest/bin/Release/net10.0/Retour.LoadTest.dll --scenario portal \
  --url "http://127.0.0.1:$port" --clients "$clients" --duration "$seconds" --warmup "$warmup" --server-pid "$server" --forwarded-for \
  --orders "${RETOUR_BENCH_ORDERS:-200}" --confirm-every "${RETOUR_BENCH_CONFIRM_EVERY:-10}" --think "${RETOUR_BENCH_THINK:-0}" \
  --json "${RETOUR_BENCH_JSON:-$work/result.json}"
echo "== load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
