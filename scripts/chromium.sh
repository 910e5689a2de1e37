# Sourced by test.sh: makes sure Debian's Chromium is there for the browser tests (Playwright drives it; it never
# downloads a browser) and sets RETOUR_CHROMIUM to its path, unless RETOUR_CHROMIUM already names one.

_chromium_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "Need root to run: $*" >&2; return 1; fi
}

ensure_chromium() {
  if [ -n "${RETOUR_CHROMIUM:-}" ]; then return 0; fi
  if ! command -v chromium >/dev/null; then
    echo "== Installing Chromium (apt-get)"
    _chromium_as_root apt-get update -qq
    _chromium_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  RETOUR_CHROMIUM=$(command -v chromium)
  export RETOUR_CHROMIUM
}
