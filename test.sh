#!/usr/bin/env bash
# Runs every Retour test: domain unit and property tests, the HTTP integration tests on SQLite and on a real
# PostgreSQL server, and the browser tests in headless Chromium (installed from Debian when missing; screenshots of
# every step land in artifacts/screenshots/). A PostgreSQL server is installed (Debian package) when missing and a
# throw-away cluster is started on 127.0.0.1 for the run, unless RETOUR_TEST_POSTGRES already points at one.
# Likewise maildev (npm, installed into .tools/) receives the emails the tests send, unless RETOUR_TEST_SMTP points
# at an SMTP server (then RETOUR_TEST_MAILDEV must be its maildev web address). The Stripe refund tests run against
# npm's stripe-stateful-mock (installed into .tools/, on 127.0.0.1) unless RETOUR_TEST_STRIPE points at one.
#
#   ./test.sh                 everything
#   ./test.sh --filter Name   passes extra arguments to 'dotnet test'
set -euo pipefail
cd "$(dirname "$0")"

log() { printf '\n== %s\n' "$*"; }

# shellcheck source=scripts/postgres.sh
. scripts/postgres.sh
# shellcheck source=scripts/chromium.sh
. scripts/chromium.sh

# Return labels are set in DejaVu Sans (Liberation Sans or the system default will do); a bare machine has no font.
if ! fc-list 2>/dev/null | grep -qi dejavu; then
  echo "== Installing fonts-dejavu-core (apt-get)"
  _pg_as_root apt-get update -qq
  _pg_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core fontconfig >/dev/null
fi
# shellcheck source=scripts/maildev.sh
. scripts/maildev.sh
# shellcheck source=scripts/stripe-mock.sh
. scripts/stripe-mock.sh

if [ -z "${RETOUR_TEST_POSTGRES:-}" ]; then
  start_postgres
  export RETOUR_TEST_POSTGRES="$RETOUR_PG;Maximum Pool Size=40"
fi

# start_postgres set its own trap; from here on every server is stopped on exit, whichever of them was started.
trap 'stop_stripe_mock; stop_maildev; stop_postgres' EXIT

if [ -z "${RETOUR_TEST_SMTP:-}" ]; then
  start_maildev
fi

if [ -z "${RETOUR_TEST_STRIPE:-}" ]; then
  start_stripe_mock
fi

ensure_chromium

log "Building"
dotnet build Retour.slnx -c Release -nologo -clp:ErrorsOnly

log "Testing (SQLite and PostgreSQL)"
results=$(mktemp)
set +e
dotnet test Retour.slnx -c Release --no-build -nologo "$@" 2>&1 | tee "$results"
status=${PIPESTATUS[0]}
set -e

passed=$(grep -Eo 'Passed: +[0-9]+' "$results" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$results" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$results" | awk '{s+=$2} END {print s+0}')
rm -f "$results"
echo
echo "Total: $passed passed, $failed failed, $skipped skipped"
exit "$status"
