# Local stand-ins for staging services on 127.0.0.1, on ports chosen at run time: PostgreSQL,
# dnsmasq and the health server. Sourced by ci/sandbox.sh and the integration tests.
# Every function records what it started in $SERVICES_DIR; services_stop_all stops it all.

: "${SERVICES_DIR:?set SERVICES_DIR to a scratch directory before sourcing services.sh}"
mkdir -p "$SERVICES_DIR"
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}

services_log() { printf 'services: %s\n' "$*" >&2; }

# A TCP port on 127.0.0.1 nobody listens on now (the caller retries if it is taken meanwhile).
services_random_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

# Waits until FILE exists (up to 10 s).
services_wait_file() {
  local i
  for i in $(seq 100); do [ -s "$1" ] && return 0; sleep 0.1; done
  return 1
}

# Runs a command as the postgres user when we are root (initdb and pg_ctl refuse root).
services_as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# start_health_server BINARY → HTTP_PORT
start_health_server() {
  local port_file="$SERVICES_DIR/http.port"
  rm -f "$port_file"
  "$1" "$port_file" >"$SERVICES_DIR/http.log" 2>&1 &
  echo $! >"$SERVICES_DIR/http.pid"
  services_wait_file "$port_file" || { services_log "health server did not start"; return 1; }
  HTTP_PORT=$(cat "$port_file")
}

# start_silent_dns BINARY → SILENT_DNS_PORT (a UDP port that never answers)
start_silent_dns() {
  local port_file="$SERVICES_DIR/silent-dns.port"
  rm -f "$port_file"
  "$1" --silent-udp "$port_file" >/dev/null 2>&1 &
  echo $! >"$SERVICES_DIR/silent-dns.pid"
  services_wait_file "$port_file" || { services_log "silent UDP server did not start"; return 1; }
  SILENT_DNS_PORT=$(cat "$port_file")
}

# start_dnsmasq NAME=IP... → DNS_PORT. Names outside the given ones under .test are NXDOMAIN.
start_dnsmasq() {
  local records=() record port attempt
  for record in "$@"; do records+=("--host-record=${record%%=*},${record#*=}"); done
  local user_args=()
  [ "$(id -u)" -eq 0 ] && user_args=(--user=root --group=root)
  for attempt in 1 2 3 4 5; do
    port=$(services_random_port)
    dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts \
      --listen-address=127.0.0.1 --bind-interfaces --port="$port" \
      --pid-file="$SERVICES_DIR/dnsmasq.pidfile" "${user_args[@]}" --local=/test/ \
      "${records[@]}" >"$SERVICES_DIR/dnsmasq.log" 2>&1 &
    echo $! >"$SERVICES_DIR/dnsmasq.pid"
    sleep 0.2
    if kill -0 "$(cat "$SERVICES_DIR/dnsmasq.pid")" 2>/dev/null; then DNS_PORT=$port; return 0; fi
  done
  services_log "dnsmasq did not start: $(cat "$SERVICES_DIR/dnsmasq.log")"
  return 1
}

# start_redis PASSWORD [MAX_CLIENTS] [PORT] → REDIS_PORT (requirepass PASSWORD; saves only when
# told, to $SERVICES_DIR/dump.rdb, which a restart on the same PORT loads; DEBUG from loopback)
start_redis() {
  local password=$1 max=${2:-100} port attempt
  for attempt in 1 2 3 4 5; do
    port=${3:-$(services_random_port)}
    redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --requirepass "$password" \
      --enable-debug-command local --maxclients "$max" --dir "$SERVICES_DIR" --logfile "$SERVICES_DIR/redis.log" &
    echo $! >"$SERVICES_DIR/redis.pid"
    for _ in $(seq 50); do
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && { REDIS_PORT=$port; return 0; }
      kill -0 "$(cat "$SERVICES_DIR/redis.pid")" 2>/dev/null || break
      sleep 0.1
    done
  done
  services_log "redis did not start: $(tail -3 "$SERVICES_DIR/redis.log" 2>/dev/null)"
  return 1
}

# init_postgres NAME [MAX_CONNECTIONS] → a cluster with role app (password app-secret) and
# database app; host connections need the password (scram), so a wrong one is refused.
init_postgres() {
  local name=$1 max=${2:-20} dir="$SERVICES_DIR/pg-$1"
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
  services_as_pg "$PG_BIN/initdb" -D "$dir/data" --auth-local=trust --auth-host=scram-sha-256 \
    -U postgres --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
  echo "$max" >"$dir/max_connections"
}

# start_postgres NAME [nowait] → PG_PORT (the port is chosen on the first start, then kept)
start_postgres() {
  local name=$1 mode=${2:-wait} dir="$SERVICES_DIR/pg-$1" attempt port wait_flag=-w
  [ "$mode" = nowait ] && wait_flag=-W
  for attempt in 1 2 3 4 5; do
    port=$(cat "$dir/port" 2>/dev/null || services_random_port)
    if services_as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/log" $wait_flag -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=$(cat "$dir/max_connections") -c superuser_reserved_connections=0 -c fsync=off" \
      start >/dev/null 2>&1; then
      echo "$port" >"$dir/port"
      PG_PORT=$port
      [ "$mode" = nowait ] && return 0
      services_as_pg "$PG_BIN/psql" -h "$dir" -p "$port" -U postgres -qAt -v ON_ERROR_STOP=1 \
        -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app') THEN CREATE ROLE app LOGIN PASSWORD 'app-secret'; END IF; END \$\$;" \
        >/dev/null &&
        { services_as_pg "$PG_BIN/psql" -h "$dir" -p "$port" -U postgres -qAt -c "SELECT 1 FROM pg_database WHERE datname = 'app'" | grep -q 1 ||
          services_as_pg "$PG_BIN/createdb" -h "$dir" -p "$port" -U postgres -O app app; }
      return
    fi
    rm -f "$dir/port"
  done
  services_log "postgres $name did not start: $(tail -5 "$dir/log" 2>/dev/null)"
  return 1
}

stop_postgres() {
  local dir="$SERVICES_DIR/pg-$1"
  [ -d "$dir/data" ] && services_as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1
  return 0
}

services_stop_all() {
  local pidfile dir
  for pidfile in "$SERVICES_DIR"/*.pid; do
    [ -f "$pidfile" ] || continue
    kill "$(cat "$pidfile")" 2>/dev/null || true  # it may have died already
    rm -f "$pidfile"
  done
  for dir in "$SERVICES_DIR"/pg-*; do
    [ -d "$dir" ] && stop_postgres "${dir##*/pg-}"
  done
  wait 2>/dev/null
  return 0
}
