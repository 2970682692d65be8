#!/usr/bin/env bash
# Set-up for the browser tests (tests/browser): Debian's Chromium, Playwright's
# Python package in .venv. No npm: axe-core and the Socket.IO client are
# vendored (tests/browser/vendor, bot/web/vendor).
# Never runs `playwright install`: it downloads a browser from the internet.
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "browser_setup: apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! .venv/bin/python -m pip show --quiet playwright 2>/dev/null || [ requirements-browser.txt -nt .venv/.browser-installed ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-browser.txt
  touch .venv/.browser-installed
fi

echo "browser_setup: $("$CHROMIUM" --version 2>/dev/null), playwright $(.venv/bin/python -c 'import importlib.metadata as m; print(m.version("playwright"))')"
