# Starting and stopping the three processes; sourced by run.sh and the tests.
# Ports and the allowed browser origin can be changed through the environment.
ACTION_PORT=${ACTION_PORT:-5055}
RASA_PORT=${RASA_PORT:-5005}
WEB_PORT=${WEB_PORT:-8080}
BIND=${BIND:-127.0.0.1}
CHAT_ORIGIN=${CHAT_ORIGIN:-http://localhost:${WEB_PORT}}
LOG_DIR=${LOG_DIR:-var/log}
TRACKER_DB=${TRACKER_DB:-var/tracker.db}
export ACTION_PORT TRACKER_DB
export TF_CPP_MIN_LOG_LEVEL=3 SQLALCHEMY_SILENCE_UBER_WARNING=1 RASA_TELEMETRY_ENABLED=false
pids=()

start_services() {
  mkdir -p "$LOG_DIR" "$(dirname "$TRACKER_DB")"
  .venv/bin/rasa run actions --actions actions --port "$ACTION_PORT" >"$LOG_DIR/actions.log" 2>&1 &
  pids+=($!)
  echo $! >"$LOG_DIR/actions.pid"
  # No --enable-api: Rasa's HTTP API stays off; only the channels are served.
  .venv/bin/rasa run --model models/current.tar.gz --port "$RASA_PORT" --interface "$BIND" \
    --cors "$CHAT_ORIGIN" --credentials credentials.yml --endpoints endpoints.yml \
    >"$LOG_DIR/rasa.log" 2>&1 &
  pids+=($!)
  .venv/bin/python -m http.server "$WEB_PORT" --bind "$BIND" --directory bot/web >"$LOG_DIR/web.log" 2>&1 &
  pids+=($!)
  echo "Starting: logs in $LOG_DIR/ (no message text is logged)."
  for _ in $(seq 1 240); do
    if curl -sf "http://localhost:$RASA_PORT/webhooks/rest/" >/dev/null && curl -sf "http://localhost:$ACTION_PORT/health" >/dev/null; then
      echo "Rasa on http://localhost:$RASA_PORT, actions on http://localhost:$ACTION_PORT"
      return 0
    fi
    sleep 1
  done
  echo "Servers did not start in time; see $LOG_DIR/." >&2
  return 1
}

wait_services() { wait -n "${pids[@]}"; }

stop_services() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
