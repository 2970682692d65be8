# Starting, supervising and stopping the assistant; sourced by run.sh and the tests.
# Ports and the allowed browser origin can be changed through the environment.
#
# Processes (each one's pid in $LOG_DIR/NAME.pid, its output in $LOG_DIR/NAME.log):
#   actions    the action server
#   rasa       Rasa (REST + socket.io channels; HTTP API off)
#   web        the chat page, built by scripts/build_web.sh
#   retention  deletes conversations older than RETENTION_DAYS, now and every 24 h
# Once everything has started, a process that exits is started again after
# RESTART_DELAY seconds, so one crash does not take the others down (Rasa keeps
# handing off crisis messages while the action server is away); after
# MAX_RESTARTS crashes of one process in a row (less than ten minutes apart),
# or if one exits while starting, everything stops. To keep one stopped, e.g. for maintenance:
# touch $LOG_DIR/actions.hold, then kill $(cat $LOG_DIR/actions.pid); remove
# the .hold file to let it start again.
ACTION_PORT=${ACTION_PORT:-5055}
RASA_PORT=${RASA_PORT:-5005}
WEB_PORT=${WEB_PORT:-8080}
BIND=${BIND:-127.0.0.1}
CHAT_ORIGIN=${CHAT_ORIGIN:-http://localhost:${WEB_PORT}}
LOG_DIR=${LOG_DIR:-var/log}
TRACKER_DB=${TRACKER_DB:-var/tracker.db}
RETENTION_DAYS=${RETENTION_DAYS:-30}
# The tracker store retention cleans: the SQLite file, or an SQLAlchemy URL
# (postgresql://user:password@host/db) when endpoints.yml uses PostgreSQL;
# passed in the environment, so that a password never shows in `ps`.
RETENTION_DB=${RETENTION_DB:-$TRACKER_DB}
RESTART_DELAY=${RESTART_DELAY:-5}
MAX_RESTARTS=${MAX_RESTARTS:-5}
WEB_DIR=${WEB_DIR:-build/web-${WEB_PORT}}
MODEL=${MODEL:-models/current.tar.gz}
# CHAT_ORIGIN is read by the socket.io channel (bot/channels/origins.py) to refuse
# sockets opened by other web sites.
export ACTION_PORT TRACKER_DB CHAT_ORIGIN RETENTION_DAYS RETENTION_DB
export TF_CPP_MIN_LOG_LEVEL=3 SQLALCHEMY_SILENCE_UBER_WARNING=1 RASA_TELEMETRY_ENABLED=false
supervisors=()

# supervise NAME COMMAND...: run COMMAND in the background, again after it exits.
supervise() {
  local name=$1
  shift
  (
    child=""
    crashes=0
    trap '[ -n "$child" ] && kill "$child" 2>/dev/null; wait 2>/dev/null; exit 0' TERM
    while :; do
      "$@" >>"$LOG_DIR/$name.log" 2>&1 &
      child=$!
      started=$SECONDS
      echo "$child" >"$LOG_DIR/$name.pid"
      wait "$child" || true
      # Only crashes in a row count: ten quiet minutes forgive the earlier ones.
      [ $((SECONDS - started)) -lt 600 ] || crashes=0
      if [ -e "$LOG_DIR/$name.hold" ]; then
        echo "services: $name stopped; held until $LOG_DIR/$name.hold is removed" >>"$LOG_DIR/$name.log"
        while [ -e "$LOG_DIR/$name.hold" ]; do sleep 1 & child=$!; wait "$child" || true; done
      elif [ -e "$LOG_DIR/services.ready" ] && [ "$crashes" -lt "$MAX_RESTARTS" ]; then
        crashes=$((crashes + 1))
        echo "services: $name exited; restart $crashes of $MAX_RESTARTS in ${RESTART_DELAY}s" >>"$LOG_DIR/$name.log"
        # Sleeping in the background keeps the TERM trap immediate.
        sleep "$RESTART_DELAY" & child=$!
        wait "$child" || true
      else
        # Exited while starting, or crashes again and again: stop everything
        # ($$ is run.sh, whose TERM trap is stop_services).
        echo "services: $name exited (see $LOG_DIR/$name.log); stopping everything." >&2
        touch "$LOG_DIR/services.failed"
        kill -TERM $$
        exit 0
      fi
    done
  ) &
  supervisors+=($!)
}

# check_ports_free: another instance on our ports would answer our health
# checks while our own processes fail to start.
check_ports_free() {
  local port
  for port in "$ACTION_PORT" "$RASA_PORT" "$WEB_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "Port $port is in use (another 'make run'?). Stop it or choose other ports (ACTION_PORT, RASA_PORT, WEB_PORT)." >&2
      return 1
    fi
  done
}

start_services() {
  # Conversations and logs are health data: readable by this account only.
  umask 077
  check_ports_free
  mkdir -p "$LOG_DIR" "$(dirname "$TRACKER_DB")"
  rm -f "$LOG_DIR"/*.hold "$LOG_DIR"/*.pid "$LOG_DIR"/services.*
  scripts/build_web.sh "$WEB_DIR" "http://localhost:$RASA_PORT" >"$LOG_DIR/web.log" 2>&1 || { cat "$LOG_DIR/web.log" >&2; return 1; }
  # rasa_sdk has no --interface option; it reads SANIC_HOST (default 0.0.0.0).
  supervise actions env SANIC_HOST="$BIND" .venv/bin/rasa run actions --actions actions --port "$ACTION_PORT"
  # No --enable-api: Rasa's HTTP API stays off; only the channels are served.
  # Sanic would read bodies of up to 100 MB into memory before the channel
  # refuses anything over 128 KB; 2 MB is enough to answer that with a reason.
  supervise rasa env SANIC_REQUEST_MAX_SIZE=2000000 .venv/bin/python -m bot.server run --model "$MODEL" --port "$RASA_PORT" \
    --interface "$BIND" --cors "$CHAT_ORIGIN" --credentials credentials.yml --endpoints endpoints.yml
  supervise web .venv/bin/python -m http.server "$WEB_PORT" --bind "$BIND" --directory "$WEB_DIR"
  supervise retention .venv/bin/python -m bot.retention --every 24
  echo "Starting: logs in $LOG_DIR/ (no message text is logged)."
  if wait_ready 240; then
    touch "$LOG_DIR/services.ready"
    echo "Rasa on http://localhost:$RASA_PORT, actions on http://localhost:$ACTION_PORT"
    return 0
  fi
  echo "Servers did not start in time; see $LOG_DIR/." >&2
  return 1
}

# wait_ready SECONDS: until Rasa and the action server answer their health checks.
wait_ready() {
  for _ in $(seq 1 "$1"); do
    if curl -sf "http://localhost:$RASA_PORT/webhooks/rest/" >/dev/null && curl -sf "http://localhost:$ACTION_PORT/health" >/dev/null; then
      return 0
    fi
    sleep 1
  done
  return 1
}

# The supervisors only end when stopped, so this waits until Ctrl-C / TERM.
wait_services() { wait -n "${supervisors[@]}"; }

# Also the EXIT, INT and TERM trap of run.sh: stops everything and exits
# (with 1 when a supervisor gave up).
stop_services() {
  local status=$?
  trap - EXIT INT TERM
  [ ${#supervisors[@]} -gt 0 ] || exit "$status"  # nothing started, nothing to clean
  for pid in "${supervisors[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ ! -e "$LOG_DIR/services.failed" ] || status=1
  rm -f "$LOG_DIR"/*.pid "$LOG_DIR"/*.hold "$LOG_DIR"/services.*
  exit "$status"
}
