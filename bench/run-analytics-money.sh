#!/usr/bin/env bash
# Times the cost, speed and retention API (issue #8) at volume: fills "ReturnFacts" directly with N rows over two
# years (PostgreSQL: INSERT … SELECT generate_series; SQLite: a recursive CTE in the sqlite3 shell), adds up their
# daily rollup ("ReturnFactsDaily", what the API reads) with `rebuild-return-facts --rollup-only`, starts Retour
# (Release) on it and asks each of /refund-speed, /costs, /retention, /feedback five times, for the default 90 days,
# a whole year, and 90 days of one country, printing each answer's time (curl, first call included). Stops everything.
#
#   bench/run-analytics-money.sh postgres|sqlite [rows=1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
provider=${1:-postgres}
rows=${2:-1000000}
port=${RETOUR_BENCH_PORT:-5097}
work=$(mktemp -d /tmp/retour-money-bench.XXXXXX)
key="bench-$(date +%s)"

# shellcheck source=../scripts/postgres.sh
. scripts/postgres.sh
cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  [ "$provider" = postgres ] && stop_postgres
  rm -rf "$work"
}
trap cleanup EXIT

export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port"
# Emails go to the run's own folder (deleted with it), not to data/mail of the checkout.
export Email__PickupDirectory="$work/mail"
export Workers__Enabled=false Api__Keys__0__Name=bench Api__Keys__0__Key="$key" Logging__LogLevel__Default=Warning
web=src/Retour.Web/bin/Release/net10.0/Retour.Web.dll
if [ "$provider" = postgres ]; then
  start_postgres "-c shared_buffers=256MB -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_wal_size=4GB"
  export Database__Provider=Postgres ConnectionStrings__Retour="$RETOUR_PG"
  dotnet "$web" migrate
  pgport=$(echo "$RETOUR_PG" | sed 's/.*Port=\([0-9]*\).*/\1/')
  /usr/bin/time -f "== generation: %e s" "$(_pg_bin)/psql" -h 127.0.0.1 -p "$pgport" -U postgres -d postgres -X -q -v rows="$rows" -f bench/analytics-money-facts.pg.sql
else
  export Database__Provider=Sqlite ConnectionStrings__Retour="Data Source=$work/retour.db"
  dotnet "$web" migrate
  sed "s/ROWS/$rows/" bench/analytics-money-facts.sqlite.sql > "$work/facts.sql"
  /usr/bin/time -f "== generation: %e s" sqlite3 "$work/retour.db" < "$work/facts.sql" >/dev/null
fi

/usr/bin/time -f "== rollup: %e s" dotnet "$web" rebuild-return-facts --rollup-only 2>/dev/null
if [ "$provider" = postgres ]; then
  "$(_pg_bin)/psql" -h 127.0.0.1 -p "$pgport" -U postgres -d postgres -X -q -c 'ANALYZE "ReturnFactsDaily"'
fi
echo "== rollup rows: $(if [ "$provider" = postgres ]; then "$(_pg_bin)/psql" -h 127.0.0.1 -p "$pgport" -U postgres -d postgres -X -At -c 'SELECT count(*) FROM "ReturnFactsDaily"'; else sqlite3 "$work/retour.db" 'SELECT count(*) FROM "ReturnFactsDaily"'; fi)"

dotnet "$web" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done

echo "== $rows facts on $provider; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
year_from=$(date -u -d '-365 days' +%Y-%m-%d)
for query in "" "from=$year_from" "country=DE" "from=$year_from&country=DE&category=tops"; do
  for measure in refund-speed costs retention feedback; do
    times=()
    for _ in 1 2 3 4 5; do
      times+=("$(curl -sf -o "$work/answer" -w '%{time_total}' -H "Authorization: Bearer $key" "http://127.0.0.1:$port/api/v1/analytics/$measure?$query")")
    done
    printf '%-13s %-16s %s s   %s\n' "$measure" "${query:-(90 days)}" "${times[*]}" "$(head -c 140 "$work/answer")"
  done
done
