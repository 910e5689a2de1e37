#!/usr/bin/env bash
# Times `retour import-orders` on the real Online Retail file (541,909 lines) into a fresh SQLite file and a fresh
# throw-away PostgreSQL (scripts/postgres.sh), each measured by /usr/bin/time -v (wall clock, CPU, peak RSS), then
# runs the import a second time on each to show a re-run skips everything. Migrations are applied before the timed
# run (`retour migrate`), so the figure is the import alone.
#
#   bench/run-import.sh [sqlite|postgres|both] [file]   (default: both, ../shared/data/online-retail/online_retail.csv.gz)
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-both}
file=${2:-../shared/data/online-retail/online_retail.csv.gz}
work=$(mktemp -d /tmp/retour-import.XXXXXX)

# shellcheck source=../scripts/postgres.sh
. scripts/postgres.sh
cleanup() { stop_postgres; rm -rf "$work"; }
trap cleanup EXIT

dotnet build -c Release -nologo -clp:ErrorsOnly src/Retour.Web
export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
retour=(dotnet src/Retour.Web/bin/Release/net10.0/Retour.Web.dll)

timed() {
  local label=$1; shift
  /usr/bin/time -v "$@" >"$work/out" 2>"$work/time" || { cat "$work/out" "$work/time"; return 1; }
  sed -n '1,3p' "$work/out"
  awk -v l="$label" -F': ' '/Elapsed \(wall clock\)/ {w=$2} /User time/ {u=$2} /System time/ {s=$2} /Maximum resident/ {m=$2}
    END {printf "== %s: wall %s, CPU %ss user + %ss system, peak RSS %.0f MB\n", l, w, u, s, m/1024}' "$work/time"
}

run() {
  "${retour[@]}" migrate >/dev/null
  timed "$1 import" "${retour[@]}" import-orders "$file"
  timed "$1 re-run" "${retour[@]}" import-orders "$file"
}

if [ "$which" = sqlite ] || [ "$which" = both ]; then
  export Database__Provider=Sqlite ConnectionStrings__Retour="Data Source=$work/retour.db"
  run SQLite
  ls -l "$work/retour.db" | awk '{printf "   SQLite file: %.0f MB\n", $5/1048576}'
fi

if [ "$which" = postgres ] || [ "$which" = both ]; then
  start_postgres "-c shared_buffers=256MB"   # durable: fsync and synchronous commit on
  trap cleanup EXIT
  export Database__Provider=Postgres ConnectionStrings__Retour="$RETOUR_PG"
  run PostgreSQL
fi
