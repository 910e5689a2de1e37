# Sourced by test.sh: starts npm's maildev (an SMTP server that keeps what it receives and shows it over HTTP) on
# 127.0.0.1 for this run, installed into .tools/ when missing, and stopped by stop_maildev. Sets
# RETOUR_TEST_SMTP (host:port of its SMTP server) and RETOUR_TEST_MAILDEV (its web API: GET /api/email).

MAILDEV_VERSION=3.0.0

_md_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "Need root to run: $*" >&2; return 1; fi
}

_md_port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

_md_free_port() {
  local port=$1
  while ! _md_port_free "$port"; do port=$((port + 1)); done
  echo "$port"
}

start_maildev() {
  local tools; tools="$(pwd)/.tools"
  local bin="$tools/node_modules/.bin/maildev"
  if [ ! -x "$bin" ]; then
    if ! command -v npm >/dev/null; then
      echo "== Installing Node.js and npm (apt-get)"
      _md_as_root apt-get update -qq
      _md_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
    fi
    echo "== Installing maildev $MAILDEV_VERSION into .tools/"
    npm install --prefix "$tools" --no-audit --no-fund --loglevel=error "maildev@$MAILDEV_VERSION" >/dev/null
  fi

  # Another run on this machine may take the same free ports at the same moment: try again on the next ones.
  local smtp=${RETOUR_MAILDEV_PORT:-51025} web attempt
  for attempt in 1 2 3 4 5; do
    smtp=$(_md_free_port "$smtp")
    web=$(_md_free_port $((smtp + 1)))
    MAILDEV_LOG=$(mktemp /tmp/retour-maildev.XXXXXX)
    "$bin" --ip 127.0.0.1 --web-ip 127.0.0.1 --smtp "$smtp" --web "$web" --silent >"$MAILDEV_LOG" 2>&1 &
    MAILDEV_PID=$!
    local waited=0
    while kill -0 "$MAILDEV_PID" 2>/dev/null && [ "$waited" -lt 150 ]; do
      if curl -fsS -o /dev/null "http://127.0.0.1:$web/api/email" 2>/dev/null; then
        echo "== Started maildev on 127.0.0.1: SMTP $smtp, web http://127.0.0.1:$web"
        export RETOUR_TEST_SMTP="127.0.0.1:$smtp"
        export RETOUR_TEST_MAILDEV="http://127.0.0.1:$web"
        return 0
      fi
      sleep 0.2
      waited=$((waited + 1))
    done
    stop_maildev
    smtp=$((web + 1))
  done
  echo "maildev did not start; its last output:" >&2
  cat "$MAILDEV_LOG" >&2 2>/dev/null || true
  return 1
}

stop_maildev() {
  if [ -n "${MAILDEV_PID:-}" ]; then
    kill "$MAILDEV_PID" 2>/dev/null || true
    wait "$MAILDEV_PID" 2>/dev/null || true
  fi
  [ -z "${MAILDEV_LOG:-}" ] || rm -f "$MAILDEV_LOG"
  MAILDEV_PID=
  MAILDEV_LOG=
}
