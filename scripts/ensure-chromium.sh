#!/bin/sh
# Make sure the browser tests have a Chromium: Debian's package when we are
# root with apt, otherwise Playwright's own download.
set -eu
PY=${1:-.venv/bin/python}
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Chromium not found: installing Debian's chromium package" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  exit 0
fi
echo "Chromium not found: installing Playwright's Chromium" >&2
"$PY" -m playwright install chromium
