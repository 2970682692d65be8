#!/usr/bin/env bash
# Assembles the chat page that the web server serves:
#   scripts/build_web.sh [OUT_DIR] [CHAT_SERVER]
# OUT_DIR defaults to build/web-$WEB_PORT (one folder per port, so a test run
# and a developer's `make run` never rewrite each other's files) and
# CHAT_SERVER (the Rasa URL the demo page talks to) to http://localhost:$RASA_PORT.
#
# bot/web/build.py does the work (the page, the stylesheets, and
# recovery-chat.js bundled with the Socket.IO client and the crisis lines of
# bot/knowledge/crisis_lines.yml, so "Get help now" needs no server). Takes
# about a second once node_modules exists.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT_DIR=${1:-build/web-${WEB_PORT:-8080}}
CHAT_SERVER=${2:-${CHAT_SERVER:-http://localhost:${RASA_PORT:-5005}}}
SOCKET_IO=node_modules/socket.io-client/dist/socket.io.min.js

# npm ci only when node_modules is missing or older than the lock file; the
# lock keeps two builds started together from installing at the same time.
mkdir -p build
(
  flock 9
  if [ ! -f "$SOCKET_IO" ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    command -v npm >/dev/null || { echo "build_web: npm is missing (Debian: apt-get install -y nodejs npm)" >&2; exit 1; }
    echo "build_web: npm ci (Socket.IO client, axe-core)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
) 9>build/.npm.lock

PYTHON=.venv/bin/python
[ -x "$PYTHON" ] || PYTHON=python3
exec "$PYTHON" -m bot.web.build "$OUT_DIR" "$CHAT_SERVER" "$SOCKET_IO"
