#!/usr/bin/env bash
# Refund worker throughput on PostgreSQL: fills a throw-away cluster with N inspected returns whose refunds are recorded
# and waiting in the outbox (bench/refund-volume.sql, copies of a demo return settled to the simulator provider), then
# starts Retour (Release) with its workers on and times until every refund succeeded. Prints refunds/s (from the first
# refund executed to the last, and from the host's start) and the server's peak memory. Everything on 127.0.0.1.
#
#   bench/run-refund-load.sh [refunds=20000]
#   RETOUR_BENCH_TIMEOUT (default 120 s), RETOUR_BENCH_PARALLELISM / RETOUR_BENCH_BATCH (Outbox__Parallelism, Outbox__BatchSize),
#   RETOUR_BENCH_POLL (seconds between polls, default 0.2), RETOUR_BENCH_EXPLAIN=1 to print the outbox lease's plan,
#   RETOUR_BENCH_DLL=FILE to run another build (an A/B of two commits), RETOUR_BENCH_SERVER_LOG=FILE to keep the server's
#   log, RETOUR_BENCH_TRACE=FILE.nettrace to sample the server's stacks (EventPipe; read it with
#   `dotnet-trace convert --format speedscope`)
# The server's CPU a refund is printed twice: from the first refund seen to the end (it includes the JIT compiling the
# hot paths again, optimised, while the first refunds run, and the emails sent after the last refund), and in the
# middle of the run, from a quarter of the refunds done to nine tenths (nothing but refunds; the JIT is still at work
# there: DOTNET_TieredCompilation=0 shows what fully compiled code costs).
set -euo pipefail
cd "$(dirname "$0")/.."
refunds=${1:-20000}
timeout=${RETOUR_BENCH_TIMEOUT:-120}
port=${RETOUR_BENCH_PORT:-5094}
work=$(mktemp -d /tmp/retour-refund-bench.XXXXXX)

# shellcheck source=../scripts/postgres.sh
. scripts/postgres.sh

cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  if [ -n "${RETOUR_BENCH_SERVER_LOG:-}" ] && [ -f "$work/server.log" ]; then cp "$work/server.log" "$RETOUR_BENCH_SERVER_LOG"; fi
  stop_postgres
  rm -rf "$work"
}
trap cleanup EXIT

# RETOUR_BENCH_DLL=path/Retour.Web.dll runs a build kept aside (an A/B comparison of two commits) instead of building this tree.
[ -z "${RETOUR_BENCH_DLL:-}" ] && dotnet build -c Release -nologo -clp:ErrorsOnly src/Retour.Web

start_postgres "-c shared_buffers=256MB -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_wal_size=4GB"
trap cleanup EXIT
export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port"
# Emails go to the run's own folder (deleted with it), not to data/mail of the checkout.
export Email__PickupDirectory="$work/mail"
export Database__Provider=Postgres ConnectionStrings__Retour="$RETOUR_PG;Maximum Pool Size=64" Database__MigrateOnStart=true
export Api__Keys__0__Name=load Api__Keys__0__Key="bench-$(date +%s)" Logging__LogLevel__Default=Warning
[ -n "${RETOUR_BENCH_PARALLELISM:-}" ] && export Outbox__Parallelism="$RETOUR_BENCH_PARALLELISM"
[ -n "${RETOUR_BENCH_BATCH:-}" ] && export Outbox__BatchSize="$RETOUR_BENCH_BATCH"
web=${RETOUR_BENCH_DLL:-src/Retour.Web/bin/Release/net10.0/Retour.Web.dll}
psql=("$(_pg_bin)/psql" -h 127.0.0.1 -p "$(echo "$RETOUR_PG" | sed 's/.*Port=\([0-9]*\).*/\1/')" -U postgres -d postgres -X -q -v ON_ERROR_STOP=1)

echo "== Seeding the demo shop and recording $refunds refunds ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
dotnet "$web" seed-demo >/dev/null
/usr/bin/time -f "== generation: %e s" "${psql[@]}" -v n="$refunds" -f bench/refund-volume.sql

if [ -n "${RETOUR_BENCH_EXPLAIN:-}" ]; then
  # The plan of the outbox lease's inner query (OutboxLeases.LeaseAsync), as the worker's first lease finds the outbox.
  "${psql[@]}" -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT \"Id\" FROM \"OutboxMessages\" WHERE \"ProcessedAt\" IS NULL AND \"AvailableAt\" <= now() AND (\"LeasedUntil\" IS NULL OR \"LeasedUntil\" < now()) ORDER BY \"CreatedAt\", \"Id\" LIMIT 128 FOR UPDATE SKIP LOCKED"
fi
count() { "${psql[@]}" -At -c "SELECT count(*) FROM \"Refunds\" WHERE \"IdempotencyKey\" LIKE 'bench-refund-%' AND \"Status\" = 'Succeeded'"; }
started=$(date +%s.%N)
trace=()
if [ -n "${RETOUR_BENCH_TRACE:-}" ]; then
  trace=(env DOTNET_EnableEventPipe=1 DOTNET_EventPipeOutputPath="$RETOUR_BENCH_TRACE" DOTNET_EventPipeOutputStreaming=1
    DOTNET_EventPipeConfig='Microsoft-DotNETCore-SampleProfiler:0:5,Microsoft-Windows-DotNETRuntime:0x4c14fccbd:5')
fi
"${trace[@]}" dotnet "$web" > "$work/server.log" 2>&1 &
server=$!
# PostgreSQL's CPU time: the postmaster with its reaped children, and its live backends (the bench's own polls included).
pg_pid=$(head -1 "$PG_DATA/postmaster.pid")
pgcpu() {
  { cat "/proc/$pg_pid/stat"; for c in $(cat /proc/"$pg_pid"/task/*/children); do cat "/proc/$c/stat" 2>/dev/null || true; done; } |
    awk -v hz="$(getconf CLK_TCK)" -v pm="$pg_pid" '{ s += $14 + $15; if ($1 == pm) s += $16 + $17 } END { printf "%.2f", s / hz }'
}
cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$server/stat"; }
done=0
first=0
: > "$work/samples"
while [ "$done" -lt "$refunds" ]; do
  sleep "${RETOUR_BENCH_POLL:-0.2}"
  now_cpu=$(cpu)
  done=$(count)
  echo "$(date +%s.%N) $now_cpu $done $(pgcpu)" >> "$work/samples"
  # The server's CPU time when the first refunds are seen, so that start-up is not charged to them.
  if [ "$first" = 0 ] && [ "$done" -gt 0 ]; then first=$done; first_cpu=$now_cpu; fi
  if [ "$(echo "$(date +%s.%N) - $started > $timeout" | bc)" = 1 ]; then echo "== timeout: $done of $refunds refunds succeeded in $timeout s"; break; fi
done
finished=$(date +%s.%N)
peak=$(grep VmHWM "/proc/$server/status" | tr -s ' ' | cut -d' ' -f2-)
# CPU seconds the server used (user + system) from the first refunds seen to the last: on a shared machine the
# wall-clock rate depends on the neighbours, the CPU cost of a refund does not.
per_refund=$(echo "scale=2; 1000 * ($now_cpu - ${first_cpu:-0}) / ($done - $first)" | bc 2>/dev/null || echo "?")
# Mid-run: from the poll where a quarter of the refunds were done to the last poll before nine tenths. It leaves
# out the JIT compiling the hot paths again, optimised, while the first refunds run (tiered compilation), and the
# emails the worker sends once the refunds run out (their events are younger), which the last poll would charge.
steady=$(awk -v n="$refunds" '$3 >= n / 4 && !a { a = 1; t0 = $1; c0 = $2; d0 = $3; p0 = $4 } a && $3 <= n * 9 / 10 { t1 = $1; c1 = $2; d1 = $3; p1 = $4 }
  END { if (d1 > d0) printf "%.2f ms of server CPU a refund (PostgreSQL %.2f ms), %.0f refunds/s (%d refunds, %.1f s)", 1000 * (c1 - c0) / (d1 - d0), 1000 * (p1 - p0) / (d1 - d0), (d1 - d0) / (t1 - t0), d1 - d0, t1 - t0; else print "?" }' "$work/samples")
"${psql[@]}" -At -F ' ' -c "SELECT count(*), sum(\"Amount\"), extract(epoch FROM max(\"CompletedAt\") - min(\"CompletedAt\")) FROM \"Refunds\" WHERE \"IdempotencyKey\" LIKE 'bench-refund-%' AND \"Status\" = 'Succeeded'" |
  while read -r n amount seconds; do
    echo "== $n refunds succeeded ($amount moved) in $seconds s from the first to the last: $(echo "scale=0; $n / $seconds" | bc) refunds/s"
  done
echo "== from the host's start to the last refund seen: $(echo "$finished - $started" | bc) s ($(echo "scale=0; $done / ($finished - $started)" | bc) refunds/s, start-up included); peak memory $peak"
echo "== CPU: server $now_cpu s in all, $per_refund ms a refund after the first ones (start-up excluded)"
echo "== mid-run (from a quarter to nine tenths of the refunds done): $steady"
echo "== outbox: $("${psql[@]}" -At -c "SELECT count(*) FILTER (WHERE \"ProcessedAt\" IS NULL) || ' undelivered, ' || coalesce(max(\"Attempts\"), 0) || ' attempts at most' FROM \"OutboxMessages\" WHERE \"Type\" = 'RefundRecorded'")"
echo "== load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
