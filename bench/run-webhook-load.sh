#!/usr/bin/env bash
# Webhook dispatcher throughput (issue #7, target ≥ 1,000 deliveries/s): starts Retour (Release, Production mode, its
# workers on) on PostgreSQL or SQLite and a receiver on 127.0.0.1 (bench/Retour.WebhookReceiver, which verifies every
# signature as docs/webhooks.md says), subscribes the receiver through the API, pauses the subscription, writes N
# pending deliveries straight into the delivery log, resumes the subscription and times until every delivery is
# recorded as succeeded. At most RETOUR_BENCH_TIMEOUT (30) s of load; everything on 127.0.0.1.
#
#   bench/run-webhook-load.sh [deliveries=20000] [postgres|sqlite]
#   RETOUR_BENCH_CONCURRENCY (Webhooks__MaxConcurrency), RETOUR_BENCH_PER_SUBSCRIPTION (Webhooks__PerSubscriptionConcurrency),
#   RETOUR_BENCH_SUBSCRIPTIONS (receivers' subscriptions the deliveries are spread over, default 1)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20000}
provider=${2:-postgres}
timeout=${RETOUR_BENCH_TIMEOUT:-30}
subs=${RETOUR_BENCH_SUBSCRIPTIONS:-1}
port=${RETOUR_BENCH_PORT:-5096}
rport=${RETOUR_BENCH_RECEIVER_PORT:-5097}
work=$(mktemp -d /tmp/retour-webhook-bench.XXXXXX)
key="bench-$(date +%s)"

# shellcheck source=../scripts/postgres.sh
. scripts/postgres.sh
cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  [ -n "${receiver:-}" ] && kill "$receiver" 2>/dev/null && wait "$receiver" 2>/dev/null
  [ "$provider" = postgres ] && stop_postgres
  rm -rf "$work"
}
trap cleanup EXIT

dotnet build -c Release -nologo -clp:ErrorsOnly src/Retour.Web >/dev/null
dotnet build -c Release -nologo -clp:ErrorsOnly bench/Retour.WebhookReceiver >/dev/null
export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port"
# Emails go to the run's own folder (deleted with it), not to data/mail of the checkout.
export Email__PickupDirectory="$work/mail" Database__MigrateOnStart=true
export Api__Keys__0__Name=bench Api__Keys__0__Key="$key" Logging__LogLevel__Default=Warning
# The receiver is on the loopback: allowed here explicitly (Production refuses both by default).
export Webhooks__AllowHttpLoopback=true Webhooks__AllowPrivateNetworks=true
[ -n "${RETOUR_BENCH_CONCURRENCY:-}" ] && export Webhooks__MaxConcurrency="$RETOUR_BENCH_CONCURRENCY"
[ -n "${RETOUR_BENCH_PER_SUBSCRIPTION:-}" ] && export Webhooks__PerSubscriptionConcurrency="$RETOUR_BENCH_PER_SUBSCRIPTION"
if [ "$provider" = postgres ]; then
  start_postgres "-c shared_buffers=256MB -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  trap cleanup EXIT
  export Database__Provider=Postgres ConnectionStrings__Retour="$RETOUR_PG;Maximum Pool Size=64"
  psql=("$(_pg_bin)/psql" -h 127.0.0.1 -p "$(echo "$RETOUR_PG" | sed 's/.*Port=\([0-9]*\).*/\1/')" -U postgres -d postgres -X -q -v ON_ERROR_STOP=1 -At)
  sql() { "${psql[@]}" -c "$1"; }
else
  export Database__Provider=Sqlite ConnectionStrings__Retour="Data Source=$work/retour.db"
  sql() { sqlite3 -cmd ".timeout 10000" "$work/retour.db" "$1"; }
fi

dotnet src/Retour.Web/bin/Release/net10.0/Retour.Web.dll > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health/live" >/dev/null && break; sleep 0.5; done
api() { curl -sf -H "Authorization: Bearer $key" -H 'Content-Type: application/json' "$@"; }

body='{"id":"0192f7a0-0000-7000-8000-000000000000","type":"return.approved","createdAt":"2026-11-24T02:00:00+00:00","data":{"returnCaseId":"0192f7a0-0000-7000-8000-000000000001","number":"R-BENCH1","at":"2026-11-24T02:00:00+00:00","shipBy":"2026-12-08T02:00:00+00:00"}}'
secret=
ids=()
for s in $(seq 1 "$subs"); do
  created=$(api -X POST "http://127.0.0.1:$port/api/v1/webhooks/subscriptions" -d "{\"url\":\"http://127.0.0.1:$rport/hook/$s\",\"events\":[\"*\"]}")
  id=$(echo "$created" | python3 -c 'import json,sys; print(json.load(sys.stdin)["subscription"]["id"])')
  # One secret for the receiver: every subscription after the first is given the first one's (the receiver checks one).
  [ -z "$secret" ] && secret=$(echo "$created" | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')
  api -X PATCH "http://127.0.0.1:$port/api/v1/webhooks/subscriptions/$id" -d '{"paused":true}' >/dev/null
  ids+=("$id")
done
if [ "$subs" -gt 1 ]; then
  first=${ids[0]}
  for id in "${ids[@]:1}"; do
    if [ "$provider" = postgres ]; then sql "UPDATE \"WebhookSubscriptions\" SET \"ProtectedSecret\" = (SELECT \"ProtectedSecret\" FROM \"WebhookSubscriptions\" WHERE \"Id\" = '$first') WHERE \"Id\" = '$id'"
    else sql "UPDATE WebhookSubscriptions SET ProtectedSecret = (SELECT ProtectedSecret FROM WebhookSubscriptions WHERE Id = upper('$first')) WHERE Id = upper('$id')"; fi
  done
fi
RETOUR_WEBHOOK_SECRET="$secret" dotnet bench/Retour.WebhookReceiver/bin/Release/net10.0/Retour.WebhookReceiver.dll "$rport" > "$work/receiver.log" 2>&1 &
receiver=$!
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$rport/count" >/dev/null && break; sleep 0.5; done

echo "== writing $n pending deliveries over $subs subscription(s) ($provider, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
per=$(( n / subs ))
for id in "${ids[@]}"; do
  if [ "$provider" = postgres ]; then
    sql "INSERT INTO \"WebhookDeliveries\" (\"SubscriptionId\", \"EventId\", \"Event\", \"Body\", \"Status\", \"Attempts\", \"CreatedAt\", \"NextAttemptAt\", \"RetryUntil\")
         SELECT '$id', gen_random_uuid(), 'return.approved', '$body', 'Pending', 0, now(), now(), now() + interval '24 hours' FROM generate_series(1, $per)"
  else
    # DateTimeOffset is stored by EF Core's DateTimeOffsetToBinaryConverter: ((ticks / 1000) << 11) | offset minutes.
    now=$(python3 -c 'import time; print(((int(time.time() * 10**7) + 621355968000000000) // 1000) << 11)')
    later=$(python3 -c 'import time; print(((int((time.time() + 86400) * 10**7) + 621355968000000000) // 1000) << 11)')
    sql "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < $per)
         INSERT INTO WebhookDeliveries (SubscriptionId, EventId, Event, Body, Status, Attempts, CreatedAt, NextAttemptAt, RetryUntil)
         SELECT upper('$id'), upper(printf('%08x-0000-7000-8000-%012x', abs(random()) % 4294967295, i)), 'return.approved', '$body', 'Pending', 0, $now, $now, $later FROM k"
  fi
done
succeeded() {
  if [ "$provider" = postgres ]; then sql "SELECT count(*) FROM \"WebhookDeliveries\" WHERE \"Status\" = 'Succeeded'"
  else sql "SELECT count(*) FROM WebhookDeliveries WHERE Status = 'Succeeded'"; fi
}
cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat"; }
cpu0=$(cpu "$server"); rcpu0=$(cpu "$receiver")
started=$(date +%s.%N)
for id in "${ids[@]}"; do api -X PATCH "http://127.0.0.1:$port/api/v1/webhooks/subscriptions/$id" -d '{"paused":false}' >/dev/null; done
done=0
while [ "$done" -lt "$n" ]; do
  sleep 0.2
  done=$(succeeded)
  if [ "$(echo "$(date +%s.%N) - $started > $timeout" | bc)" = 1 ]; then echo "== timeout: $done of $n delivered in $timeout s"; break; fi
done
finished=$(date +%s.%N)
elapsed=$(echo "$finished - $started" | bc)
echo "== $done deliveries succeeded in $elapsed s: $(echo "scale=0; $done / $elapsed" | bc) deliveries/s (from the resume to the last one recorded, polled every 0.2 s)"
echo "== receiver: $(curl -sf "http://127.0.0.1:$rport/count" | awk '{print $1 " received, " $2 " good signatures, " $3 " bad"}')"
echo "== CPU: server $(echo "$(cpu "$server") - $cpu0" | bc) s, receiver $(echo "$(cpu "$receiver") - $rcpu0" | bc) s; server peak memory $(grep VmHWM "/proc/$server/status" | tr -s ' ' | cut -d' ' -f2-)"
echo "== load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
