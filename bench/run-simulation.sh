#!/usr/bin/env bash
# Times the what-if simulation end to end over stored data: builds Retour (Release), fills a fresh database with
# `retour generate-orders` (N orders over the last 90 days, a return for a fifth of them), starts the server,
# drafts a policy that differs from the one in force (45-day window, a 3.90 return-shipping fee), and asks
# POST /api/v1/policies/{draft}/simulate?days=90 three times (the first warms the JIT). Prints each answer's time and
# the server's peak memory, then stops everything. Everything listens on 127.0.0.1.
#
#   bench/run-simulation.sh sqlite   [orders]   (default 100000)
#   bench/run-simulation.sh postgres [orders]
set -euo pipefail
cd "$(dirname "$0")/.."
provider=${1:-sqlite}
orders=${2:-100000}
port=${RETOUR_BENCH_PORT:-5091}
work=$(mktemp -d /tmp/retour-sim.XXXXXX)
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
export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port"
# Emails go to the run's own folder (deleted with it), not to data/mail of the checkout.
export Email__PickupDirectory="$work/mail" Workers__Enabled=false
export Api__Keys__0__Name=bench Api__Keys__0__Key="$key" Database__MigrateOnStart=true Logging__LogLevel__Default=Warning
if [ "$provider" = postgres ]; then
  start_postgres "-c shared_buffers=256MB"
  trap cleanup EXIT
  export Database__Provider=Postgres ConnectionStrings__Retour="$RETOUR_PG"
else
  export Database__Provider=Sqlite ConnectionStrings__Retour="Data Source=$work/retour.db"
fi

retour=(dotnet src/Retour.Web/bin/Release/net10.0/Retour.Web.dll)
echo "== Generating $orders orders ($provider)"
"${retour[@]}" generate-orders --orders "$orders" --days 90 --return-share 0.2 2>/dev/null

"${retour[@]}" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done

api() { curl -sf -H "Authorization: Bearer $key" -H "Content-Type: application/json" "$@"; }
base="http://127.0.0.1:$port/api/v1/policies"
draft=$(api -d '{"note":"benchmark draft"}' "$base/" | jq '.document.windows[0].days = 45 | .document.fees.returnShipping = [{"id":"fee.all","reasonCode":null,"method":null,"amount":3.90}] | {document, note: "benchmark draft"}' )
number=$(api "$base/" | jq '.items[0].number')
api -X PUT -d "$draft" "$base/$number" >/dev/null

echo "== Simulating v$number over 90 days"
for run in 1 2 3; do
  api -X POST -o "$work/report.json" -w "run $run: %{time_total} s\n" "$base/$number/simulate?days=90"
done
jq -c '{orderLines, orderLinesWithLongerDeadline, returnLines, returnLinesChanged, money}' "$work/report.json"
grep -E 'VmHWM|VmRSS' "/proc/$server/status"
