#!/usr/bin/env bash
# Return analytics at volume (issue #8): fills a throw-away database (PostgreSQL by default, `sqlite` as the 4th
# argument) with N order lines and about M historical return lines in set-based SQL (bench/analytics-volume.pg.sql with
# psql, bench/analytics-volume.sqlite.sql with the sqlite3 shell; RETOUR_ANALYTICS_GENERATOR=dotnet uses the C#
# `generate-analytics-volume` instead, slow beyond a few hundred thousand lines), times `rebuild-analytics` on its own
# (wall time and peak memory), starts Retour (Release) on it and times each question R times with curl (sequential,
# no concurrency): the rate groupings over the whole year and over one month, with and without filters, the CSV
# export, serial returners, defect rates, and the three analytics dashboard pages (signed in as a staff admin).
# Prints min / median / max in ms per question. Stops everything. Everything listens on 127.0.0.1.
#
#   bench/run-analytics.sh [order-lines=1000000] [return-lines=200000] [repeats=5] [postgres|sqlite]
#
# Disk: PostgreSQL's cluster lives under /tmp (scripts/postgres.sh), about 0.4 GB per million order lines with their
# indexes (20 GB at 50 M); the SQLite file under $TMPDIR (default /tmp), about 0.55 GB per million.
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-1000000}
returns=${2:-200000}
repeats=${3:-5}
provider=${4:-postgres}
generator=${RETOUR_ANALYTICS_GENERATOR:-sql}
port=${RETOUR_BENCH_PORT:-5187}
work=$(mktemp -d "${TMPDIR:-/tmp}/retour-analytics-bench.XXXXXX")
key="bench-$(date +%s)"
staff=bench-admin@retour.invalid
password="Bench-$(date +%s)-Passw0rd!"

# shellcheck source=../scripts/postgres.sh
. scripts/postgres.sh

cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  [ "$provider" = postgres ] && stop_postgres
  rm -rf "$work"
}
trap cleanup EXIT

if [ "$provider" = sqlite ] && [ "$generator" = sql ] && ! command -v sqlite3 >/dev/null; then
  echo "== Installing sqlite3 (apt-get)"
  _pg_as_root apt-get update -qq
  _pg_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3 >/dev/null
fi

dotnet build -c Release -nologo -clp:ErrorsOnly src/Retour.Web
export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port"
# Emails go to the run's own folder (deleted with it), not to data/mail of the checkout.
export Email__PickupDirectory="$work/mail"
if [ "$provider" = postgres ]; then
  start_postgres "-c shared_buffers=256MB -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_wal_size=4GB"
  trap cleanup EXIT
  export Database__Provider=Postgres ConnectionStrings__Retour="$RETOUR_PG"
  pgport=$(echo "$RETOUR_PG" | sed 's/.*Port=\([0-9]*\).*/\1/')
  psql=("$(_pg_bin)/psql" -h 127.0.0.1 -p "$pgport" -U postgres -d postgres -X -q)
else
  export Database__Provider=Sqlite ConnectionStrings__Retour="Data Source=$work/retour.db"
fi
export Database__MigrateOnStart=true Workers__Enabled=false Api__Keys__0__Name=bench Api__Keys__0__Key="$key" Logging__LogLevel__Default=Warning
web=src/Retour.Web/bin/Release/net10.0/Retour.Web.dll
dotnet "$web" migrate >/dev/null

echo "== $provider: generating $lines order lines, about $returns return lines with $generator ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
if [ "$generator" = dotnet ]; then
  /usr/bin/time -f "== generation (C#, rollups included): %e s elapsed, %M KB peak memory" \
    dotnet "$web" generate-analytics-volume --order-lines "$lines" --return-lines "$returns"
elif [ "$provider" = postgres ]; then
  /usr/bin/time -f "== generation (SQL): %e s elapsed" \
    "${psql[@]}" -v lines="$lines" -v returns="$returns" -f bench/analytics-volume.pg.sql
  "${psql[@]}" -At -F ' ' -c "SELECT 'tables with indexes: ' || pg_size_pretty(sum(pg_total_relation_size(format('%I', t))::bigint)) FROM unnest(ARRAY['Orders', 'OrderLine', 'HistoricalReturns', 'HistoricalReturnLines']) AS t"
else
  /usr/bin/time -f "== generation (SQL): %e s elapsed" \
    sqlite3 -cmd ".parameter set @lines $lines" -cmd ".parameter set @returns $returns" "$work/retour.db" < bench/analytics-volume.sqlite.sql | grep -v '^\(memory\|wal\)$'
  echo "database file: $(du -h "$work/retour.db" | cut -f1)"
fi

/usr/bin/time -f "== rebuild-analytics: %e s elapsed, %M KB peak memory" dotnet "$web" rebuild-analytics
RETOUR_ADMIN_PASSWORD="$password" dotnet "$web" create-admin --email "$staff" --name "Bench Admin" >/dev/null

dotnet "$web" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done

# The dashboards need a staff cookie: sign in through the form like a browser (antiforgery token, then the cookie).
jar="$work/cookies"
token=$(curl -s -c "$jar" "http://127.0.0.1:$port/backoffice/sign-in" | sed -n 's/.*name="__RequestVerificationToken"[^>]*value="\([^"]*\)".*/\1/p' | head -1)
signed=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" --data-urlencode "Email=$staff" --data-urlencode "Password=$password" \
  --data-urlencode "__RequestVerificationToken=$token" "http://127.0.0.1:$port/backoffice/sign-in")
[ "$signed" = 302 ] || { echo "Signing in as $staff failed (HTTP $signed): the dashboard pages are skipped"; jar=; }

year="from=$(date -u -d '-365 days' +%F)&to=$(date -u +%F)"
month="from=$(date -u -d '-30 days' +%F)&to=$(date -u +%F)"
# The periods of the running customer windows (decision 0028): the last 30, 90 and 365 days including today. The year
# and month above are a day longer, so the same questions over them take the general path.
w30="from=$(date -u -d '-29 days' +%F)&to=$(date -u +%F)"
w90="from=$(date -u -d '-89 days' +%F)&to=$(date -u +%F)"
w365="from=$(date -u -d '-364 days' +%F)&to=$(date -u +%F)"
# Calendar periods (decision 0031): last month, the year to date and last quarter, each read from its calendar window.
month1=$(date -u +%Y-%m-01)
lastmonth="from=$(date -u -d "$month1 -1 month" +%F)&to=$(date -u -d "$month1 -1 day" +%F)"
ytd="from=$(date -u +%Y)-01-01&to=$(date -u +%F)"
quarter1=$(date -u +%Y)-$(printf %02d $(( ($(date -u +%-m) - 1) / 3 * 3 + 1 )))-01
lastquarter="from=$(date -u -d "$quarter1 -3 months" +%F)&to=$(date -u -d "$quarter1 -1 day" +%F)"
api=/api/v1/analytics
questions=(
  "$api/return-rates?by=month&$year"
  "$api/return-rates?by=sku&$year"
  "$api/return-rates?by=product&$year"
  "$api/return-rates?by=category&$year"
  "$api/return-rates?by=country&$year"
  "$api/return-rates?by=reason&$year"
  "$api/return-rates?by=sku&$month"
  "$api/return-rates?by=customer&$month"
  "$api/return-rates?by=sku&$year&country=FR&channel=web"
  "$api/return-rates?by=month&$year&currency=EUR&category=category-03"
  "$api/return-rates?by=sku&$year&format=csv"
  "$api/return-rates?by=customer&$w30"
  "$api/return-rates?by=customer&$w90"
  "$api/return-rates?by=customer&$year"
  "$api/return-rates?by=customer&$w365"
  "$api/serial-returners"
  "$api/serial-returners?$w30"
  "$api/serial-returners?$year"
  "$api/serial-returners?$w365"
  "$api/return-rates?by=customer&$lastmonth"
  "$api/return-rates?by=customer&$ytd"
  "$api/serial-returners?$lastquarter"
  "$api/serial-returners?$ytd"
  "$api/defect-rates?$year"
)
[ -n "$jar" ] && questions+=("/backoffice/analytics" "/backoffice/analytics?$year" "/backoffice/analytics/products" "/backoffice/analytics/customers")
printf '%-72s %8s %8s %8s %10s\n' question min_ms median_ms max_ms bytes
for q in "${questions[@]}"; do
  times=()
  for _ in $(seq 1 "$repeats"); do
    if [ "${q#/backoffice}" != "$q" ]; then
      out=$(curl -s -o "$work/body" -w '%{http_code} %{time_total} %{size_download}' -b "$jar" "http://127.0.0.1:$port$q")
    else
      out=$(curl -s -o "$work/body" -w '%{http_code} %{time_total} %{size_download}' -H "Authorization: Bearer $key" "http://127.0.0.1:$port$q")
    fi
    read -r code t size <<<"$out"
    times+=("$(awk -v t="$t" 'BEGIN { printf "%.0f", t * 1000 }')")
    # A refusal (a 503 past the database's time limit) is reported in the row and not asked again; the run goes on.
    [ "$code" = 200 ] || { echo "HTTP $code after ${times[-1]} ms for $q: $(head -c 200 "$work/body")"; size="HTTP$code"; break; }
  done
  sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  label=${q#"$api"/}
  printf '%-72s %8s %8s %8s %10s\n' "${label:0:72}" "$(echo "$sorted" | head -1)" "$(echo "$sorted" | sed -n "$(( (repeats + 1) / 2 ))p")" "$(echo "$sorted" | tail -1)" "$size"
done
echo "== server: $(grep -E 'VmHWM|VmRSS' "/proc/$server/status" | tr -s ' \n' ' '); load average $(cut -d' ' -f1-3 /proc/loadavg)"
