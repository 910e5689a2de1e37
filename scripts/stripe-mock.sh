# Sourced by test.sh: starts npm's stripe-stateful-mock (a local, stateful Stripe-compatible API: charges, refunds,
# idempotency keys) on 127.0.0.1 for this run, installed into .tools/ when missing, and stopped by stop_stripe_mock.
# Sets RETOUR_TEST_STRIPE (its base URL, e.g. http://127.0.0.1:51200). The tests talk to it with Stripe.net and any
# secret key starting sk_test_; nothing leaves the machine.

STRIPE_MOCK_VERSION=0.0.16

_sm_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "Need root to run: $*" >&2; return 1; fi
}

_sm_port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

_sm_free_port() {
  local port=$1
  while ! _sm_port_free "$port"; do port=$((port + 1)); done
  echo "$port"
}

start_stripe_mock() {
  local tools; tools="$(pwd)/.tools"
  local installed="$tools/node_modules/stripe-stateful-mock/package.json"
  if [ ! -f "$installed" ] || ! grep -q "\"version\": \"$STRIPE_MOCK_VERSION\"" "$installed"; then
    if ! command -v npm >/dev/null; then
      echo "== Installing Node.js and npm (apt-get)"
      _sm_as_root apt-get update -qq
      _sm_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
    fi
    echo "== Installing stripe-stateful-mock $STRIPE_MOCK_VERSION into .tools/"
    npm install --prefix "$tools" --no-audit --no-fund --loglevel=error "stripe-stateful-mock@$STRIPE_MOCK_VERSION" >/dev/null
  fi

  # Another run on this machine may take the same free port at the same moment: try again on the next ones.
  local port=${RETOUR_STRIPE_MOCK_PORT:-51200} attempt
  for attempt in 1 2 3 4 5; do
    port=$(_sm_free_port "$port")
    STRIPE_MOCK_LOG=$(mktemp /tmp/retour-stripe-mock.XXXXXX)
    node "$(pwd)/scripts/stripe-mock.js" "$tools" "$port" >"$STRIPE_MOCK_LOG" 2>&1 &
    STRIPE_MOCK_PID=$!
    local waited=0
    while kill -0 "$STRIPE_MOCK_PID" 2>/dev/null && [ "$waited" -lt 150 ]; do
      # Any HTTP answer will do (401 without a key): it is listening.
      if curl -sS -o /dev/null "http://127.0.0.1:$port/v1/charges" 2>/dev/null; then
        echo "== Started stripe-stateful-mock on http://127.0.0.1:$port"
        export RETOUR_TEST_STRIPE="http://127.0.0.1:$port"
        return 0
      fi
      sleep 0.2
      waited=$((waited + 1))
    done
    stop_stripe_mock
    port=$((port + 1))
  done
  echo "stripe-stateful-mock did not start; its last output:" >&2
  cat "$STRIPE_MOCK_LOG" >&2 2>/dev/null || true
  return 1
}

stop_stripe_mock() {
  if [ -n "${STRIPE_MOCK_PID:-}" ]; then
    kill "$STRIPE_MOCK_PID" 2>/dev/null || true
    wait "$STRIPE_MOCK_PID" 2>/dev/null || true
  fi
  [ -z "${STRIPE_MOCK_LOG:-}" ] || rm -f "$STRIPE_MOCK_LOG"
  STRIPE_MOCK_PID=
  STRIPE_MOCK_LOG=
}
