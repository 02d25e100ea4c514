#!/usr/bin/env bash
# Installs the Debian packages the test suite drives for real: the PostgreSQL server and
# chromium (Playwright launches this system browser; it never downloads one).
set -euo pipefail
missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
command -v nginx >/dev/null || missing+=(nginx)
[ -f /usr/lib/nginx/modules/ngx_http_cache_purge_module.so ] || missing+=(libnginx-mod-http-cache-purge)
command -v wrk >/dev/null || missing+=(wrk)
# The catalogue test extracts every marked string afresh with xgettext.
command -v xgettext >/dev/null || missing+=(gettext)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
# The Nu HTML Checker runs on Java; npm installs it (scripts/validators.sh).
command -v java >/dev/null || missing+=(default-jre-headless)
command -v npm >/dev/null || missing+=(nodejs npm)
# A Nastaliq face, so Urdu screenshots show the script as readers see it.
compgen -G "/usr/share/fonts/truetype/noto/NotoNastaliqUrdu*" >/dev/null || missing+=(fonts-noto-core)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing Debian packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
