#!/usr/bin/env bash
# Assembles the chat page that the web server serves:
#   scripts/build_web.sh [OUT_DIR] [CHAT_SERVER]
# OUT_DIR defaults to build/web-$WEB_PORT (one folder per port, so a test run
# and a developer's `make run` never rewrite each other's files) and
# CHAT_SERVER (the Rasa URL the demo page talks to) to http://localhost:$RASA_PORT.
#
# bot/web/build.py does the work (the page, the stylesheets, and
# recovery-chat.js bundled with the vendored Socket.IO client and the crisis lines of
# bot/knowledge/crisis_lines.yml, so "Get help now" needs no server). Takes
# about a second; no npm (the client is vendored in bot/web/vendor/).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT_DIR=${1:-build/web-${WEB_PORT:-8080}}
CHAT_SERVER=${2:-${CHAT_SERVER:-http://localhost:${RASA_PORT:-5005}}}

PYTHON=.venv/bin/python
[ -x "$PYTHON" ] || PYTHON=python3
exec "$PYTHON" -m bot.web.build "$OUT_DIR" "$CHAT_SERVER"
