#!/usr/bin/env bash
# Starts the action server (5055), Rasa (5005: REST + socket.io) and the chat
# page (8080). Ctrl-C stops all three. Expects `make model` to have run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/services.sh
trap stop_services EXIT INT TERM
start_services
echo "Chat page: http://localhost:${WEB_PORT}   (Ctrl-C stops everything)"
wait_services
