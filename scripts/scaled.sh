#!/usr/bin/env bash
# The assistant on several processes, the way Rasa is deployed at scale
# (docs/scaling.md):
#
#   HAProxy :6005 -> Rasa :6105, :6106 -> HAProxy :6055 -> actions :6155, :6156
#                    (tracker store PostgreSQL :6432, lock store Redis :6380)
#   chat page :6080 (talks to :6005)
#
#   scripts/scaled.sh start    start everything, in the foreground (Ctrl-C stops)
#   scripts/scaled.sh stop     stop a running `start` (from another shell)
#   scripts/scaled.sh status   each process, its pid and memory, HAProxy's view
#   scripts/scaled.sh stop-postgres|start-postgres|stop-redis|start-redis
#                              stop or start one backing service (fault tests)
#
# Processes are started and supervised by scripts/services.sh (`supervise`):
# pids in $LOG_DIR/NAME.pid, output in $LOG_DIR/NAME.log, a process that exits
# is started again after RESTART_DELAY seconds. PostgreSQL and Redis are the
# backing services: started as daemons of their own (private cluster and
# config under var/scaled/), stopped when `start` ends.
#
# Every address comes from the environment, so the same files run the pieces
# on several machines (SCALED_ROLES chooses which pieces run here):
#   SCALED_ROLES   default "postgres redis actions rasa lb web retention"
#   BIND           address the local processes listen on (127.0.0.1)
#   RASA_PORTS / ACTION_PORTS     local replicas ("6105 6106" / "6155 6156")
#   RASA_SERVERS / ACTION_SERVERS host:port list HAProxy balances (the local ports)
#   LB_BIND, LB_PORT              HAProxy's Rasa frontend (BIND, 6005)
#   ACTION_LB_BIND, ACTION_LB_PORT, ACTION_LB_HOST  its action frontend, as Rasa reaches it
#   PG_HOST, PG_PORT, PG_DB, PG_USER, PG_PASSWORD, PG_LISTEN, PG_ALLOW_CIDR
#   REDIS_HOST, REDIS_PORT, REDIS_DB, REDIS_PASSWORD, REDIS_BIND
#   WEB_PORT, CHAT_SERVER (URL the page talks to), CHAT_ORIGIN (allowed page origin)
#   TICKET_LOCK_LIFETIME  seconds a dead process's conversation lock outlives it (6)
#   ACTION_TIMEOUT        seconds a custom action may take (4, bot/timeouts.py)
# Passwords not given are generated once and kept in var/scaled/secrets.env (0600).
set -euo pipefail
cd "$(dirname "$0")/.."

SCALED_DIR=${SCALED_DIR:-$PWD/var/scaled}
export LOG_DIR=${LOG_DIR:-$SCALED_DIR/log}
SCALED_ROLES=${SCALED_ROLES:-postgres redis actions rasa lb web retention}
BIND=${BIND:-127.0.0.1}
LB_BIND=${LB_BIND:-$BIND}
LB_PORT=${LB_PORT:-6005}
ACTION_LB_BIND=${ACTION_LB_BIND:-$BIND}
ACTION_LB_PORT=${ACTION_LB_PORT:-6055}
ACTION_LB_HOST=${ACTION_LB_HOST:-127.0.0.1}
RASA_PORTS=${RASA_PORTS:-6105 6106}
ACTION_PORTS=${ACTION_PORTS:-6155 6156}
RASA_SERVERS=${RASA_SERVERS:-$(printf '127.0.0.1:%s\n' $RASA_PORTS | paste -sd' ')}
ACTION_SERVERS=${ACTION_SERVERS:-$(printf '127.0.0.1:%s\n' $ACTION_PORTS | paste -sd' ')}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_DATA=${PG_DATA:-$SCALED_DIR/pg}
PG_SOCKET_DIR=$SCALED_DIR/pg-run
PG_HOST=${PG_HOST:-127.0.0.1}
PG_LISTEN=${PG_LISTEN:-$PG_HOST}
PG_ALLOW_CIDR=${PG_ALLOW_CIDR:-127.0.0.1/32}
PG_PORT=${PG_PORT:-6432}
PG_DB=${PG_DB:-rasa}
PG_USER=${PG_USER:-rasa}
REDIS_HOST=${REDIS_HOST:-127.0.0.1}
REDIS_BIND=${REDIS_BIND:-$REDIS_HOST}
REDIS_PORT=${REDIS_PORT:-6380}
REDIS_DB=${REDIS_DB:-1}
WEB_PORT=${WEB_PORT:-6080}
CHAT_SERVER=${CHAT_SERVER:-http://localhost:$LB_PORT}
SOURCE_MODEL=${SOURCE_MODEL:-models/current.tar.gz}
# Each process reads the same copy, even if `make model` replaces the source.
MODEL=${MODEL:-$SCALED_DIR/model.tar.gz}
# Rasa's ticket lock (Redis) of a conversation outlives a killed process by its
# lifetime (Rasa's default: 60 s, during which that conversation only gets
# apologies; see docs/scaling.md). It must stay above the longest turn, which
# the action timeout bounds (bot/timeouts.py; after one timeout later calls
# fail at once), and below the channels' reply limit (REPLY_TIMEOUT, 10 s), so
# that a message resent from a killed process is answered, not apologised for.
export ACTION_TIMEOUT=${ACTION_TIMEOUT:-4}
export TICKET_LOCK_LIFETIME=${TICKET_LOCK_LIFETIME:-6}
# services.sh: its health checks and page build use RASA_PORT (here the load balancer).
RASA_PORT=$LB_PORT ACTION_PORT=$ACTION_LB_PORT
export PG_HOST PG_PORT PG_DB PG_USER REDIS_HOST REDIS_PORT REDIS_DB ACTION_LB_HOST ACTION_LB_PORT
# shellcheck source=scripts/services.sh
source scripts/services.sh

has_role() { [[ " $SCALED_ROLES " == *" $1 "* ]]; }
log() { echo "scaled: $*"; }

# --- secrets -----------------------------------------------------------------

load_secrets() {
  local file=$SCALED_DIR/secrets.env
  mkdir -p "$SCALED_DIR"
  if [ ! -s "$file" ]; then
    (umask 077 && printf 'PG_PASSWORD_DEFAULT=%s\nREDIS_PASSWORD_DEFAULT=%s\n' \
      "$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')" "$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')" >"$file")
  fi
  chmod 600 "$file"
  # shellcheck disable=SC1090
  source "$file"
  PG_PASSWORD=${PG_PASSWORD:-$PG_PASSWORD_DEFAULT}
  REDIS_PASSWORD=${REDIS_PASSWORD:-$REDIS_PASSWORD_DEFAULT}
  # Read by deploy/endpoints.scaled.yml and bot/retention.py, never on a command line.
  RETENTION_DB="postgresql://$PG_USER:$PG_PASSWORD@$PG_HOST:$PG_PORT/$PG_DB"
  export PG_PASSWORD REDIS_PASSWORD RETENTION_DB
}

# --- packages ----------------------------------------------------------------

ensure_packages() {
  local missing=()
  has_role redis && ! command -v redis-server >/dev/null && missing+=(redis-server)
  has_role lb && ! command -v haproxy >/dev/null && missing+=(haproxy)
  has_role postgres && [ ! -x "$PG_BIN/postgres" ] && missing+=(postgresql)
  [ ${#missing[@]} -gt 0 ] || return 0
  [ "$(id -u)" = 0 ] || { echo "scaled: missing ${missing[*]}; as root: apt-get install -y ${missing[*]}" >&2; return 1; }
  log "installing ${missing[*]} (log: $LOG_DIR/apt.log)"
  { DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" ||
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; }; } \
    >>"$LOG_DIR/apt.log" 2>&1 || { tail -20 "$LOG_DIR/apt.log" >&2; return 1; }
}

# --- PostgreSQL ---------------------------------------------------------------

# PostgreSQL refuses to run as root: its cluster belongs to the postgres user.
PG_OWNER=${PG_OWNER:-postgres}
as_pg_owner() {
  if [ "$(id -u)" = 0 ]; then
    (cd / && setpriv --reuid="$PG_OWNER" --regid="$PG_OWNER" --init-groups -- "$@")
  else
    "$@"
  fi
}

pg_running() { [ -s "$PG_DATA/postmaster.pid" ] && as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; }

start_postgres() {
  if [ ! -s "$PG_DATA/PG_VERSION" ]; then
    log "initdb $PG_DATA"
    mkdir -p "$PG_DATA"
    [ "$(id -u)" != 0 ] || chown "$PG_OWNER:" "$PG_DATA"
    chmod 700 "$PG_DATA"
    as_pg_owner "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -E UTF8 --no-locale \
      --auth-local=peer --auth-host=scram-sha-256 >>"$LOG_DIR/postgres-init.log" 2>&1 ||
      { cat "$LOG_DIR/postgres-init.log" >&2; return 1; }
  fi
  grep -q "^host $PG_DB $PG_USER $PG_ALLOW_CIDR " "$PG_DATA/pg_hba.conf" ||
    echo "host $PG_DB $PG_USER $PG_ALLOW_CIDR scram-sha-256" >>"$PG_DATA/pg_hba.conf"
  mkdir -p "$PG_SOCKET_DIR"
  touch "$LOG_DIR/postgres.log"
  [ "$(id -u)" != 0 ] || chown "$PG_OWNER:" "$PG_SOCKET_DIR" "$LOG_DIR/postgres.log" "$PG_DATA/pg_hba.conf"
  pg_running && return 0
  as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$LOG_DIR/postgres.log" -w -t 60 start \
    -o "-c port=$PG_PORT -c listen_addresses=$PG_LISTEN -c unix_socket_directories=$PG_SOCKET_DIR" >/dev/null ||
    { tail -20 "$LOG_DIR/postgres.log" >&2; return 1; }
  # The role's password follows PG_PASSWORD (sent on stdin, never in `ps`).
  as_pg_owner psql -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 >/dev/null <<SQL
SELECT format('CREATE ROLE %I LOGIN', '$PG_USER') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER')\gexec
ALTER ROLE "$PG_USER" WITH LOGIN PASSWORD '${PG_PASSWORD//\'/\'\'}';
SELECT format('CREATE DATABASE %I OWNER %I', '$PG_DB', '$PG_USER') WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$PG_DB')\gexec
SQL
  log "PostgreSQL on $PG_LISTEN:$PG_PORT (db $PG_DB, user $PG_USER)"
}

stop_postgres() {
  pg_running || return 0
  # Fast: the Rasa processes' pooled connections would hold a smart shutdown.
  as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null
}

# --- Redis ---------------------------------------------------------------------

redis_cli() { REDISCLI_AUTH=$REDIS_PASSWORD redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" "$@"; }
redis_running() { [ "$(redis_cli ping 2>/dev/null)" = PONG ]; }

start_redis() {
  redis_running && return 0
  # Locks only: nothing to persist. The password is in the file, not in `ps`.
  (umask 077 && cat >"$SCALED_DIR/redis.conf" <<EOF
bind $REDIS_BIND
port $REDIS_PORT
protected-mode yes
requirepass $REDIS_PASSWORD
save ""
appendonly no
daemonize yes
pidfile $LOG_DIR/redis-server.pid
logfile $LOG_DIR/redis.log
dir $SCALED_DIR
EOF
  )
  redis-server "$SCALED_DIR/redis.conf"
  for _ in $(seq 1 50); do redis_running && { log "Redis on $REDIS_BIND:$REDIS_PORT"; return 0; }; sleep 0.2; done
  echo "scaled: Redis did not start; see $LOG_DIR/redis.log" >&2
  return 1
}

stop_redis() {
  redis_running || return 0
  redis_cli shutdown nosave >/dev/null 2>&1 || true
  for _ in $(seq 1 50); do redis_running || return 0; sleep 0.2; done
}

# --- HAProxy ---------------------------------------------------------------------

server_lines() {  # PREFIX HOST:PORT...
  local prefix=$1 i=0 address
  shift
  for address in "$@"; do
    i=$((i + 1))
    printf '    server %s%d %s\n' "$prefix" "$i" "$address"
  done
}

render_haproxy() {
  local rasa_lines action_lines
  # shellcheck disable=SC2086
  rasa_lines=$(server_lines rasa $RASA_SERVERS)
  # shellcheck disable=SC2086
  action_lines=$(server_lines actions $ACTION_SERVERS)
  SCALED_DIR=$SCALED_DIR LB_BIND=$LB_BIND LB_PORT=$LB_PORT ACTION_LB_BIND=$ACTION_LB_BIND \
    ACTION_LB_PORT=$ACTION_LB_PORT WEB_PORT=$WEB_PORT RASA_SERVER_LINES=$rasa_lines ACTION_SERVER_LINES=$action_lines \
    .venv/bin/python - deploy/haproxy.cfg.tmpl "$SCALED_DIR/haproxy.cfg" <<'PY'
import os, string, sys
text = string.Template(open(sys.argv[1], encoding="utf-8").read()).substitute(os.environ)
open(sys.argv[2], "w", encoding="utf-8").write(text)
PY
  haproxy -q -c -f "$SCALED_DIR/haproxy.cfg" >/dev/null
}

# haproxy_status: "backend server status" lines from HAProxy's stats socket.
haproxy_status() {
  .venv/bin/python - "$SCALED_DIR/haproxy.sock" <<'PY'
import csv, socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(2)
s.connect(sys.argv[1])
s.sendall(b"show stat\n")
data = b""
while chunk := s.recv(65536):
    data += chunk
rows = csv.DictReader(data.decode().lstrip("# ").splitlines())
for row in rows:
    if row["svname"] not in ("FRONTEND", "BACKEND"):
        print(row["pxname"], row["svname"], row["status"])
PY
}

# --- the processes ----------------------------------------------------------------

check_scaled_ports_free() {
  local port ports=()
  has_role lb && ports+=("$LB_PORT" "$ACTION_LB_PORT")
  # shellcheck disable=SC2206
  has_role rasa && ports+=($RASA_PORTS)
  # shellcheck disable=SC2206
  has_role actions && ports+=($ACTION_PORTS)
  has_role web && ports+=("$WEB_PORT")
  for port in "${ports[@]}"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "scaled: port $port is in use (a scaled set already running? scripts/scaled.sh status)" >&2
      return 1
    fi
  done
}

wait_scaled_ready() {  # SECONDS
  local port address deadline=$((SECONDS + $1)) ok
  while [ $SECONDS -lt $deadline ]; do
    ok=1
    if has_role rasa; then for port in $RASA_PORTS; do curl -sf "http://127.0.0.1:$port/webhooks/rest/" >/dev/null || ok=0; done; fi
    if has_role actions; then for port in $ACTION_PORTS; do curl -sf "http://127.0.0.1:$port/health" >/dev/null || ok=0; done; fi
    if has_role lb; then
      curl -sf "http://127.0.0.1:$LB_PORT/webhooks/rest/" >/dev/null || ok=0
      # Every server of every backend UP: a test must not start on one replica.
      haproxy_status 2>/dev/null | awk '$3 != "UP" {bad=1} END {exit bad}' || ok=0
    fi
    [ "$ok" = 0 ] || return 0
    sleep 1
  done
  return 1
}

start_scaled() {
  local started=$SECONDS i port
  # Before the umask: PostgreSQL (another user) must traverse var/ to its cluster.
  mkdir -p "$(dirname "$SCALED_DIR")"
  umask 077
  mkdir -p "$LOG_DIR"
  # PostgreSQL (another user) must reach its log file and socket directory.
  chmod 711 "$SCALED_DIR" "$LOG_DIR"
  if [ -s "$LOG_DIR/scaled.pid" ] && kill -0 "$(cat "$LOG_DIR/scaled.pid")" 2>/dev/null; then
    echo "scaled: already running (pid $(cat "$LOG_DIR/scaled.pid")); scripts/scaled.sh stop" >&2
    return 1
  fi
  check_scaled_ports_free
  rm -f "$LOG_DIR"/*.hold "$LOG_DIR"/services.*
  echo $$ >"$LOG_DIR/scaled.pid"
  ensure_packages
  load_secrets
  trap stop_scaled EXIT INT TERM
  if has_role rasa; then
    [ -s "$SOURCE_MODEL" ] || [ -s "$MODEL" ] || { echo "scaled: no model at $SOURCE_MODEL (make model)" >&2; return 1; }
    if [ -s "$SOURCE_MODEL" ] && [ "$(realpath "$SOURCE_MODEL")" != "$(realpath -m "$MODEL")" ]; then
      cp "$SOURCE_MODEL" "$MODEL.tmp" && mv -f "$MODEL.tmp" "$MODEL"
    fi
  fi
  if has_role postgres; then start_postgres; fi
  if has_role redis; then start_redis; fi
  if has_role actions; then
    i=0
    for port in $ACTION_PORTS; do
      i=$((i + 1))
      # rasa_sdk has no --interface option; it reads SANIC_HOST.
      supervise "actions$i" env SANIC_HOST="$BIND" .venv/bin/rasa run actions --actions actions --port "$port"
    done
  fi
  if has_role rasa; then
    i=0
    for port in $RASA_PORTS; do
      i=$((i + 1))
      # As services.sh starts its one Rasa: HTTP API off, 2 MB request bodies.
      supervise "rasa$i" env SANIC_REQUEST_MAX_SIZE=2000000 .venv/bin/python -m bot.server run --model "$MODEL" --port "$port" \
        --interface "$BIND" --cors "$CHAT_ORIGIN" --credentials credentials.yml --endpoints deploy/endpoints.scaled.yml
    done
  fi
  if has_role lb; then
    render_haproxy
    supervise lb haproxy -db -f "$SCALED_DIR/haproxy.cfg"
  fi
  if has_role web; then
    scripts/build_web.sh "$WEB_DIR" "$CHAT_SERVER" >"$LOG_DIR/web.log" 2>&1 || { cat "$LOG_DIR/web.log" >&2; return 1; }
    supervise web .venv/bin/python -m http.server "$WEB_PORT" --bind "$BIND" --directory "$WEB_DIR"
  fi
  if has_role retention; then supervise retention .venv/bin/python -m bot.retention --every 24; fi
  log "starting ($SCALED_ROLES); logs in $LOG_DIR/ (no message text is logged)"
  if ! wait_scaled_ready 300; then
    echo "scaled: not ready after 300 s; see $LOG_DIR/" >&2
    return 1
  fi
  touch "$LOG_DIR/services.ready"
  log "ready in $((SECONDS - started)) s: Rasa http://localhost:$LB_PORT (replicas $RASA_SERVERS), actions via :$ACTION_LB_PORT ($ACTION_SERVERS), chat page http://localhost:$WEB_PORT"
}

# EXIT/INT/TERM trap of `start`: the supervised processes, then the backing services.
stop_scaled() {
  local status=$?
  trap - EXIT INT TERM
  for pid in "${supervisors[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if has_role redis; then stop_redis || true; fi
  if has_role postgres; then stop_postgres || true; fi
  # As services.sh's stop_services ends: 1 if a supervisor gave up.
  [ ! -e "$LOG_DIR/services.failed" ] || status=1
  rm -f "$LOG_DIR"/*.pid "$LOG_DIR"/*.hold "$LOG_DIR"/services.*
  log "stopped"
  exit "$status"
}

# `stop` from another shell: end the foreground `start` (its trap stops all).
stop_running() {
  local pid
  if [ -s "$LOG_DIR/scaled.pid" ] && pid=$(cat "$LOG_DIR/scaled.pid") && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  fi
  # Whatever is left (a `start` killed with SIGKILL leaves its daemons).
  load_secrets
  if has_role redis; then stop_redis; fi
  if has_role postgres; then stop_postgres; fi
}

show_status() {
  local file name pid rss
  load_secrets
  for file in "$LOG_DIR"/*.pid; do
    [ -e "$file" ] || continue
    name=$(basename "$file" .pid)
    pid=$(cat "$file")
    if kill -0 "$pid" 2>/dev/null; then
      rss=$(awk '/^VmRSS/ {printf "%d MB", $2 / 1024}' "/proc/$pid/status" 2>/dev/null || true)
      printf '%-14s pid %-8s running  %s\n' "$name" "$pid" "$rss"
    else
      printf '%-14s pid %-8s not running\n' "$name" "$pid"
    fi
  done
  if has_role postgres; then pg_running && echo "postgres       running on $PG_LISTEN:$PG_PORT" || echo "postgres       not running"; fi
  if has_role redis; then redis_running && echo "redis          running on $REDIS_BIND:$REDIS_PORT" || echo "redis          not running"; fi
  if has_role lb && [ -S "$SCALED_DIR/haproxy.sock" ]; then haproxy_status 2>/dev/null | sed 's/^/haproxy        /' || true; fi
}

case "${1:-}" in
  start)
    start_scaled
    echo "Scaled set running (Ctrl-C or scripts/scaled.sh stop stops it)"
    wait_services
    ;;
  stop) stop_running ;;
  status) show_status ;;
  stop-postgres) load_secrets; stop_postgres ;;
  start-postgres) load_secrets; start_postgres ;;
  stop-redis) load_secrets; stop_redis ;;
  start-redis) load_secrets; start_redis ;;
  *)
    echo "usage: scripts/scaled.sh start|stop|status|stop-postgres|start-postgres|stop-redis|start-redis" >&2
    exit 2
    ;;
esac
