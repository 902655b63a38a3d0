#!/usr/bin/env bash
# `preflight check` against real local services: PostgreSQL, dnsmasq and the health server on
# 127.0.0.1, each started by this script on ports chosen at run time and stopped at exit.
# Usage: check_cases.sh PREFLIGHT_BINARY HEALTH_SERVER_BINARY CASE
set -uo pipefail
PREFLIGHT=$1 HEALTH_SERVER=$2 CASE=$3
WORK=$(mktemp -d /tmp/preflight-it-XXXXXX)
chmod 755 "$WORK"
export SERVICES_DIR="$WORK/services"
source "$(dirname "$0")/../../ci/lib/services.sh"
trap 'services_stop_all; rm -rf "$WORK"' EXIT

fail() { echo "FAIL [$CASE]: $*" >&2; exit 1; }
# run_check EXPECTED_EXIT [preflight check args...]: runs with a JSON and JUnit report, keeps output.
run_check() {
  local expected=$1; shift
  "$PREFLIGHT" check --json "$WORK/report.json" --junit "$WORK/report.xml" "$@" >"$WORK/out.txt" 2>&1
  local code=$?
  cat "$WORK/out.txt"
  [ "$code" -eq "$expected" ] || fail "exit code $code, expected $expected"
}
expect_output() { grep -qE -- "$1" "$WORK/out.txt" || fail "console output lacks: $1"; }
expect_json() { grep -qE -- "$1" "$WORK/report.json" || { cat "$WORK/report.json"; fail "JSON lacks: $1"; }; }
expect_junit() { grep -qE -- "$1" "$WORK/report.xml" || { cat "$WORK/report.xml"; fail "JUnit lacks: $1"; }; }
# The JSON duration of the whole run, in whole milliseconds.
run_ms() { sed -n 's/^  "duration_ms": \([0-9]*\).*/\1/p' "$WORK/report.json"; }
config() { cat >"$WORK/preflight.toml"; echo "--config $WORK/preflight.toml"; }
# A connector that answers 503 for longer than anyone waits; sets $args.
a_connector_down_for_a_minute() {
  start_health_server "$HEALTH_SERVER" || fail "health server"
  args=$(config <<TOML
[checks.api]
type = "http"
url = "http://127.0.0.1:$HTTP_PORT/down"
warmup = "60s"
TOML
)
}
# A connector that answers 503, and a .env.staging.tests with the given lines; sets $args.
bypass_against_a_down_connector() {
  start_health_server "$HEALTH_SERVER" || fail "health server"
  printf "$1" >"$WORK/.env.staging.tests"
  args=$(config <<TOML
[retry]
attempts = 1
[bypass]
env_files = [".env.staging.tests"]
[checks.api]
type = "http"
url = "http://127.0.0.1:$HTTP_PORT/down"
warmup = "500ms"
TOML
)
}

case "$CASE" in
healthy)
  init_postgres main && start_postgres main || fail "postgres did not start"
  start_dnsmasq api.staging.test=127.0.0.1 db.staging.test=127.0.0.1 || fail "dnsmasq"
  start_health_server "$HEALTH_SERVER" || fail "health server"
  args=$(config <<TOML
[checks.dns]
type = "dns"
hosts = ["api.staging.test", "db.staging.test"]
servers = ["127.0.0.1:$DNS_PORT"]
[checks.vpc_connector]
type = "http"
url = "http://127.0.0.1:$HTTP_PORT/health"
expect_status = [200]
expect_json = { "/status" = "healthy", "/connection_pool_utilization" = "<= 0.8" }
after = ["dns"]
[checks.database]
type = "postgres"
dsn = "postgres://app:app-secret@127.0.0.1:$PG_PORT/app"
after = ["dns"]
TOML
)
  run_check 0 $args
  expect_output "✓ dns .*api.staging.test → 127.0.0.1"
  expect_output "✓ database .*PostgreSQL"
  expect_json '"status": "passed"'
  expect_junit 'tests="3" failures="0" errors="0" skipped="0"'
  # Budgets are upper bounds, not sleeps: healthy staging takes far less than one 45 s budget.
  [ "$(run_ms)" -lt 10000 ] || fail "healthy pre-flight took $(run_ms) ms"
  ! grep -q app-secret "$WORK/out.txt" "$WORK/report.json" "$WORK/report.xml" || fail "password leaked"
  ;;
cold_connector)
  start_health_server "$HEALTH_SERVER" || fail "health server"
  args=$(config <<TOML
[checks.vpc_connector]
type = "http"
url = "http://127.0.0.1:$HTTP_PORT/cold/2/it"
warmup = "20s"
TOML
)
  run_check 0 $args
  expect_json '"attempts": 1'
  ms=$(run_ms)
  [ "$ms" -ge 2000 ] || fail "passed after $ms ms, before the connector was warm"
  [ "$ms" -lt 15000 ] || fail "took $ms ms to notice a connector warm after 2 s"
  ;;
flaky_connector_is_seen_ready)
  start_health_server "$HEALTH_SERVER" || fail "health server"
  args=$(config <<TOML
[checks.api]
type = "http"
url = "http://127.0.0.1:$HTTP_PORT/flaky/it"
warmup = "10s"
TOML
)
  run_check 0 $args
  expect_json '"probes": 2'
  ;;
http_failures_have_distinct_categories)
  start_health_server "$HEALTH_SERVER" || fail "health server"
  closed=$(services_random_port)
  args=$(config <<TOML
deadline = "30s"
[retry]
attempts = 1
[checks.gateway]
type = "http"
url = "http://127.0.0.1:$HTTP_PORT/bad-gateway"
warmup = "500ms"
[checks.degraded]
type = "http"
url = "http://127.0.0.1:$HTTP_PORT/unhealthy"
warmup = "500ms"
expect_json = { "/status" = "healthy", "/connection_pool_utilization" = "<= 0.8" }
[checks.missing]
type = "http"
url = "http://127.0.0.1:$HTTP_PORT/not-found"
warmup = "500ms"
[checks.refused]
type = "http"
url = "http://127.0.0.1:$closed/health"
warmup = "500ms"
[checks.slow]
type = "http"
url = "http://127.0.0.1:$HTTP_PORT/slow/3000"
warmup = "500ms"
TOML
)
  run_check 75 $args
  expect_output 'gateway .*http_5xx: .*HTTP 502 .*"502 Bad Gateway"'
  expect_output 'degraded .*unhealthy: .*/connection_pool_utilization is 0.93, expected <= 0.8'
  expect_output 'missing .*http_status: .*HTTP 404'
  expect_output 'refused .*connection_refused: .*Connection refused'
  expect_output 'slow .*timeout: '
  expect_junit '<error type="infra:http_5xx"'
  ;;
tls_to_a_plain_port_is_config)
  # TLS spoken to a port that does not: waiting never fixes it, the URL must change (exit 2,
  # one attempt), as the listener calls the same text config.
  start_health_server "$HEALTH_SERVER" || fail "health server"
  args=$(config <<TOML
[checks.tls]
type = "http"
url = "https://127.0.0.1:$HTTP_PORT/health"
warmup = "5s"
TOML
)
  run_check 2 $args
  expect_output 'tls .*1 attempt .*config: .*wrong version number'
  ;;
tcp_checks_connect_refuse_and_resolve)
  start_health_server "$HEALTH_SERVER" || fail "health server"
  closed=$(services_random_port)
  args=$(config <<TOML
[retry]
attempts = 2
delay = "100ms"
[checks.open]
type = "tcp"
address = "127.0.0.1:$HTTP_PORT"
[checks.closed]
type = "tcp"
address = "127.0.0.1:$closed"
warmup = "300ms"
TOML
)
  run_check 75 $args
  expect_output "✓ open +tcp .*127.0.0.1:$HTTP_PORT accepted the connection"
  expect_json '"category": "connection_refused"'
  expect_output "connect to 127.0.0.1:$closed: Connection refused"
  expect_output "closed .*2 attempts"
  # By name: localhost comes from /etc/hosts (no query leaves the machine); its addresses are
  # tried in order, so ::1 refusing does not hide 127.0.0.1 accepting.
  printf '[checks.named]\ntype = "tcp"\naddress = "localhost:%s"\n' "$HTTP_PORT" >"$WORK/named.toml"
  run_check 0 --config "$WORK/named.toml"
  expect_output "127.0.0.1:$HTTP_PORT accepted the connection"
  ;;
exec_checks_exit_time_out_and_keep_output)
  # Exit 0, exit 1 with its output kept (the secret redacted), a script still running when its
  # budget ends (killed with its process group), and a program that is not there (config).
  args=$(config <<TOML
[retry]
attempts = 2
delay = "100ms"
[checks.ok]
type = "exec"
command = ["true"]
[checks.failing]
type = "exec"
command = ["echo migrations pending for postgresql://app:exec-secret-9@db/app; exit 3"]
shell = true
warmup = "300ms"
required = false
[checks.slow]
type = "exec"
command = ["sh", "-c", "echo \$\$ >>$WORK/slow.pids; sleep 30 & echo \$! >>$WORK/slow.pids; sleep 30"]
warmup = "400ms"
required = false
TOML
)
  run_check 0 $args
  expect_output "✓ ok +exec .*exit 0 in"
  expect_output "failing .*2 attempts .*command_failed: sh -c '.*': exit 3; output: migrations pending for postgresql://app:\*\*\*@db/app"
  expect_output "slow .*timeout: sh -c echo .*: still running after [0-9.]+m?s"
  grep -q "exec-secret-9" "$WORK/out.txt" "$WORK/report.json" && fail "the secret in the output was printed"
  # Its shell and the shell's background child, in both attempts: all gone with the group.
  [ "$(wc -l <"$WORK/slow.pids")" -eq 4 ] || fail "the slow command did not record its processes"
  sleep 0.2
  # (A killed background child waits as a zombie until PID 1 reaps it: dead, not running.)
  while read -r pid; do
    state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)
    [ -z "$state" ] || [ "$state" = Z ] || { kill -9 "$pid"; fail "process $pid of the timed-out command survived ($state)"; }
  done <"$WORK/slow.pids"
  printf '[checks.missing]\ntype = "exec"\ncommand = ["/no/such/program"]\n' >"$WORK/missing.toml"
  run_check 2 --config "$WORK/missing.toml"
  expect_output "cannot run /no/such/program: no such file or directory"
  ;;
redis_checks_auth_select_and_capacity)
  start_redis redis-secret-7 1 || fail "redis"
  args=$(config <<TOML
[retry]
attempts = 2
delay = "100ms"
[checks.cache]
type = "redis"
url = "redis://:redis-secret-7@127.0.0.1:$REDIS_PORT/2"
TOML
)
  run_check 0 $args
  expect_output "✓ cache +redis .*127.0.0.1:$REDIS_PORT answered PONG"
  grep -q "redis-secret-7" "$WORK/out.txt" "$WORK/report.json" && fail "the password was printed"
  # A wrong password and a missing one: settings to fix, not retried.
  printf '[checks.cache]\ntype = "redis"\nurl = "redis://:wrong@127.0.0.1:%s"\n' "$REDIS_PORT" >"$WORK/wrong.toml"
  run_check 2 --config "$WORK/wrong.toml"
  expect_output "config: .*WRONGPASS"
  expect_output "cache +redis .*1 attempt"
  printf '[checks.cache]\ntype = "redis"\nurl = "redis://127.0.0.1:%s"\n' "$REDIS_PORT" >"$WORK/none.toml"
  run_check 2 --config "$WORK/none.toml"
  expect_output "config: .*NOAUTH"
  # maxclients 1, held by another client: "max number of clients reached" is capacity, retried.
  exec 7<>"/dev/tcp/127.0.0.1/$REDIS_PORT"
  printf 'deadline = "10s"\n[retry]\nattempts = 2\ndelay = "100ms"\n[checks.cache]\ntype = "redis"\nurl = "redis://:redis-secret-7@127.0.0.1:%s"\nwarmup = "300ms"\n' "$REDIS_PORT" >"$WORK/full.toml"
  run_check 75 --config "$WORK/full.toml"
  expect_json '"category": "capacity"'
  expect_output "max number of clients reached"
  exec 7>&-
  ;;
redis_loading_is_waited_for)
  # A real Redis loading a 2 M-key dump answers PING with LOADING for a second or more: a
  # dependency starting up, polled within the budget (not a failure), then ready.
  start_redis redis-secret-7 || fail "redis"
  cli() { redis-cli -p "$REDIS_PORT" -a redis-secret-7 --no-auth-warning "$@"; }
  cli debug populate 2000000 key 64 >/dev/null && cli save >/dev/null || fail "filling redis"
  cli shutdown nosave >/dev/null 2>&1
  for _ in $(seq 50); do kill -0 "$(cat "$SERVICES_DIR/redis.pid")" 2>/dev/null || break; sleep 0.1; done
  start_redis redis-secret-7 100 "$REDIS_PORT" || fail "redis restart"
  cli ping | grep -q LOADING || fail "redis was not loading: $(cli ping)"
  printf 'deadline = "60s"\n[checks.cache]\ntype = "redis"\nurl = "redis://:redis-secret-7@127.0.0.1:%s"\nwarmup = "50s"\n' "$REDIS_PORT" >"$WORK/loading.toml"
  run_check 0 --config "$WORK/loading.toml" --verbose
  expect_output "LOADING Redis is loading the dataset in memory"
  expect_output "✓ cache +redis .*answered PONG"
  ;;
nxdomain)
  start_dnsmasq api.staging.test=127.0.0.1 || fail "dnsmasq"
  args=$(config <<TOML
[retry]
attempts = 2
delay = "200ms"
[checks.dns]
type = "dns"
hosts = ["api.staging.test", "missing.staging.test"]
servers = ["127.0.0.1:$DNS_PORT"]
TOML
)
  # A name that does not exist is a setting to fix: exit 2 at once, not retried.
  run_check 2 $args
  expect_output "missing.staging.test: no such domain \(NXDOMAIN\) from 127.0.0.1:$DNS_PORT$"
  expect_json '"category": "dns_nxdomain"'
  ;;
silent_dns_server_times_out_on_budget)
  start_silent_dns "$HEALTH_SERVER" || fail "silent udp"
  args=$(config <<TOML
[retry]
attempts = 1
[checks.dns]
type = "dns"
hosts = ["api.staging.test"]
servers = ["127.0.0.1:$SILENT_DNS_PORT"]
timeout = "1s"
TOML
)
  run_check 75 $args
  expect_json '"category": "dns_timeout"'
  # c-ares' defaults would wait 75 s; the check's 1 s timeout must bound it.
  [ "$(run_ms)" -lt 10000 ] || fail "a 1 s DNS timeout took $(run_ms) ms"
  ;;
database_started_during_the_check)
  init_postgres late || fail "initdb"
  start_postgres late && stop_postgres late || fail "postgres"  # fixes the port and creates app
  port=$(cat "$SERVICES_DIR/pg-late/port")
  args=$(config <<TOML
[checks.database]
type = "postgres"
dsn = "postgres://app:app-secret@127.0.0.1:$port/app"
warmup = "30s"
TOML
)
  (sleep 2; start_postgres late) &
  starter=$!
  run_check 0 $args
  wait "$starter"  # before the teardown: stopping a server pg_ctl is still starting costs 30 s
  expect_json '"attempts": 1'
  [ "$(run_ms)" -ge 1500 ] || fail "passed before the database started"
  ;;
database_capacity_headroom_and_pressure)
  # 12 connections; 6 held idle in a transaction by application ci-runner (each says when it
  # holds its connection). planned_connections 3 fits at 75 %: elevated, a warning. 8 does not
  # fit: the check waits for headroom, then fails with the numbers. 9 fits only once all 3 holders
  # killed while it waits have left (their backends end one by one): then it passes. A live SKIP_CAPACITY_CHECKS bypass skips the capacity part.
  init_postgres cap 12 && start_postgres cap || fail "postgres"
  for i in 1 2 3 4 5 6; do
    # The feeder becomes the sleep (exec), with a pid file: the cleanup stops it, not its end.
    { echo "BEGIN;"; echo "SELECT 'holding';"; echo $BASHPID >"$SERVICES_DIR/feeder$i.pid"; exec sleep 60; } 2>/dev/null |
      PGPASSWORD=app-secret PGAPPNAME=ci-runner "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U app app -qAt \
        >"$WORK/holder$i.out" 2>&1 &
    echo $! >"$SERVICES_DIR/holder$i.pid"
  done
  for _ in $(seq 100); do [ "$(cat "$WORK"/holder*.out | grep -c holding)" -eq 6 ] && break; sleep 0.1; done
  [ "$(cat "$WORK"/holder*.out | grep -c holding)" -eq 6 ] || fail "the holders did not connect"
  capacity_config() {  # PLANNED WARMUP
    printf '[retry]\nattempts = 1\n[checks.database]\ntype = "postgres"\ndsn = "postgres://app:app-secret@127.0.0.1:%s/app"\nwarmup = "%s"\nplanned_connections = %s\n' \
      "$PG_PORT" "$2" "$1" >"$WORK/capacity.toml"
  }
  capacity_config 3 5s
  run_check 0 --config "$WORK/capacity.toml"
  expect_output "capacity_elevated: needs 3 connections, 6 free of 12, 0 reserved \(75 % used with this run's\); 6 idle in transaction by application ci-runner"
  expect_json '"status": "warned"'
  expect_json '"ready": true'
  capacity_config 8 1500ms
  run_check 75 --config "$WORK/capacity.toml"
  expect_output "capacity: needs 8 connections, 6 free of 12, 0 reserved \(116 % used with this run's\); 6 idle in transaction by application ci-runner"
  expect_json '"category": "capacity"'
  capacity_config 9 20s
  ( sleep 1.5; for i in 1 2 3; do kill "$(cat "$SERVICES_DIR/holder$i.pid")"; done ) &
  run_check 0 --config "$WORK/capacity.toml"
  expect_output "! database .*capacity_critical: needs 9 connections, 9 free of 12, 0 reserved \\(100 % used"
  ms=$(run_ms)
  [ "$ms" -ge 1000 ] || fail "passed after ${ms} ms: it did not wait for the holders to leave"
  capacity_config 11 1s
  printf 'SKIP_CAPACITY_CHECKS=true\nEMERGENCY_BYPASS_EXPIRY=2025-09-18\n' >"$WORK/.env.bypass"
  printf '[bypass]\nenv_files = [".env.bypass"]\n' >>"$WORK/capacity.toml"
  run_check 0 --config "$WORK/capacity.toml" --now 2025-09-17
  expect_output "EMERGENCY BYPASS ACTIVE"
  expect_json "capacity not checked: SKIP_CAPACITY_CHECKS \\(emergency bypass until 2025-09-18\\)"
  run_check 75 --config "$WORK/capacity.toml" --now 2025-09-20
  expect_output "emergency bypass expired"
  # The pool the app's own settings open.
  printf 'DATABASE_POOL_SIZE=5\nDATABASE_MAX_OVERFLOW=3\n' >"$WORK/.env.pool"
  printf '[bypass]\nenv_files = [".env.pool"]\n[checks.database]\ntype = "postgres"\ndsn = "postgres://app@127.0.0.1:%s/app"\n' "$PG_PORT" >"$WORK/pool.toml"
  "$PREFLIGHT" config validate --config "$WORK/pool.toml" >"$WORK/out.txt" 2>&1 || fail "config validate"
  expect_output "capacity for 8 connections \(DATABASE_POOL_SIZE 5 \+ DATABASE_MAX_OVERFLOW 3"
  ;;
bursts_of_connections)
  # burst = N opens N connections at once once the dependency is ready: 8 fit in a server of 12,
  # 20 do not (a capacity failure with the rate and the server's own refusal); an HTTP burst of
  # 20 against the health server.
  init_postgres burst 12 && start_postgres burst || fail "postgres"
  start_health_server "$HEALTH_SERVER" || fail "health server"
  burst_config() {  # N WARMUP
    printf '[retry]\nattempts = 1\n[checks.database]\ntype = "postgres"\ndsn = "postgres://app:app-secret@127.0.0.1:%s/app"\nwarmup = "%s"\nburst = %s\nmin_success = "85%%"\n[checks.api]\ntype = "http"\nurl = "http://127.0.0.1:%s/health"\nwarmup = "10s"\nburst = 20\nmax_p95 = "5s"\n' \
      "$PG_PORT" "$2" "$1" "$HTTP_PORT" >"$WORK/burst.toml"
  }
  burst_config 8 10s
  run_check 0 --config "$WORK/burst.toml"
  expect_output "✓ database .*burst of 8: 8 ready \(100%\), P50 .* P95 .* P99 "
  expect_output "✓ api .*burst of 20: 20 ready \(100%\), P50 "
  burst_config 20 1s
  run_check 75 --config "$WORK/burst.toml"
  expect_output "✗ database .*capacity: burst of 20: [0-9]+ ready \([0-9]+%\).*below min_success 85% \(first failure: .*too many clients"
  ;;
database_too_many_clients)
  # Two slots, both taken by sessions that sleep; each says when it holds its slot, so waiting for
  # them takes no connection of its own.
  init_postgres small 2 && start_postgres small || fail "postgres"
  for i in 1 2; do
    PGPASSWORD=app-secret "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U app app -qAt -c "SELECT 'holding'" \
      -c "SELECT pg_sleep(60)" >"$WORK/holder$i.out" 2>&1 &
    echo $! >"$SERVICES_DIR/holder$i.pid"
  done
  for i in $(seq 100); do
    grep -q holding "$WORK/holder1.out" && grep -q holding "$WORK/holder2.out" && break
    sleep 0.1
  done
  grep -q holding "$WORK/holder1.out" && grep -q holding "$WORK/holder2.out" ||
    fail "the two holding sessions did not connect: $(cat "$WORK"/holder*.out)"
  args=$(config <<TOML
[retry]
attempts = 1
[checks.database]
type = "postgres"
dsn = "postgres://app:app-secret@127.0.0.1:$PG_PORT/app"
warmup = "1s"
TOML
)
  run_check 75 $args
  expect_json '"category": "capacity"'
  expect_output "too many clients|remaining connection slots"
  ;;
database_bad_password_is_config)
  init_postgres main && start_postgres main || fail "postgres"
  args=$(config <<TOML
[checks.database]
type = "postgres"
dsn = "postgres://app:wrong-password@127.0.0.1:$PG_PORT/app"
TOML
)
  run_check 2 $args
  expect_json '"category": "config"'
  expect_json '"attempts": 1'
  expect_output "28P01"
  ! grep -q wrong-password "$WORK/out.txt" "$WORK/report.json" "$WORK/report.xml" || fail "password leaked"
  ;;
database_ping_needs_no_credentials)
  init_postgres main && start_postgres main || fail "postgres"
  args=$(config <<TOML
[checks.database]
type = "postgres"
dsn = "host=127.0.0.1 port=$PG_PORT user=nobody dbname=nothing"
probe = "ping"
TOML
)
  run_check 0 $args
  expect_output "accepting connections"
  ;;
database_by_host_name)
  # The name is resolved with c-ares (here from /etc/hosts: no query leaves the machine) and
  # libpq gets the addresses; a key=value DSN the same way.
  init_postgres main && start_postgres main || fail "postgres"
  args=$(config <<TOML
[checks.database]
type = "postgres"
dsn = "postgres://app:app-secret@localhost:$PG_PORT/app"
[checks.keywords]
type = "postgres"
dsn = "host=localhost port=$PG_PORT user=nobody dbname=nothing"
probe = "ping"
TOML
)
  run_check 0 $args
  expect_output '✓ database .*PostgreSQL [0-9.]+, "SELECT 1" ok; localhost → 127.0.0.1$'
  expect_output '✓ keywords .*accepting connections .*; localhost → 127.0.0.1$'
  ;;
deadline_bounds_the_run)
  start_health_server "$HEALTH_SERVER" || fail "health server"
  args=$(config <<TOML
deadline = "2s"
[checks.api]
type = "http"
url = "http://127.0.0.1:$HTTP_PORT/down"
warmup = "60s"
TOML
)
  run_check 75 $args
  expect_json '"category": "deadline"'
  [ "$(run_ms)" -lt 6000 ] || fail "a 2 s deadline took $(run_ms) ms"
  ;;
sigterm_stops_at_once_with_a_report)
  a_connector_down_for_a_minute
  "$PREFLIGHT" check $args --json "$WORK/report.json" >"$WORK/out.txt" 2>&1 &
  pid=$!
  sleep 1.5
  kill -TERM "$pid"
  wait "$pid"
  code=$?
  cat "$WORK/out.txt"
  [ "$code" -eq 143 ] || fail "exit code $code after SIGTERM, expected 143"
  expect_json '"category": "cancelled"'
  expect_json 'interrupted by SIGTERM'
  expect_json '^  "status": "interrupted"'
  expect_output '^preflight INTERRUPTED: 1 check'
  ! grep -q 'exit 75' "$WORK/out.txt" || fail "the verdict names an exit code it does not have"
  ;;
unwritable_report_path_is_refused_before_checking)
  a_connector_down_for_a_minute
  "$PREFLIGHT" check $args --json "$WORK/no-such-dir/report.json" >"$WORK/out.txt" 2>&1
  code=$?
  cat "$WORK/out.txt"
  [ "$code" -eq 2 ] || fail "exit code $code, expected 2"
  expect_output "cannot write .*no-such-dir/report.json: .*no-such-dir \\(No such file or directory\\): create it"
  ! grep -q '1 check from' "$WORK/out.txt" || fail "it ran the checks first"
  ;;
concurrent_bypassed_runs_append_whole_audit_lines)
  # 20 runs at once under a live bypass: each appends its line in one O_APPEND write.
  bypass_against_a_down_connector 'EMERGENCY_DEVELOPMENT_MODE=true\nEMERGENCY_BYPASS_EXPIRY=2025-09-18\n'
  pids=()
  for i in $(seq 20); do
    USER=ci-$i "$PREFLIGHT" check $args --now 2025-09-17 >/dev/null 2>&1 &
    pids+=($!)
  done
  wait "${pids[@]}"
  lines=$(wc -l <"$WORK/.preflight/audit.jsonl")
  [ "$lines" -eq 20 ] || fail "$lines audit lines, expected 20"
  python3 -c '
import json, sys
actors = sorted(json.loads(line)["actor"] for line in open(sys.argv[1]))
assert actors == sorted("ci-%d" % i for i in range(1, 21)), actors
' "$WORK/.preflight/audit.jsonl" || fail "torn or missing audit lines"
  ;;
bypass_live_turns_failure_into_warning)
  bypass_against_a_down_connector 'EMERGENCY_DEVELOPMENT_MODE=true\nSKIP_CAPACITY_CHECKS=true\nEMERGENCY_BYPASS_EXPIRY=2025-09-18\n'
  USER=it-user run_check 0 $args --now 2025-09-17
  expect_output "EMERGENCY BYPASS ACTIVE until the end of 2025-09-18 UTC \\(2 days left\\)"
  expect_json '"status": "bypassed"'
  expect_json '"active": true'
  grep -q '"actor":"it-user"' "$WORK/.preflight/audit.jsonl" || fail "no audit line"
  ;;
bypass_expired_is_enforced)
  bypass_against_a_down_connector 'EMERGENCY_DEVELOPMENT_MODE=true\nEMERGENCY_BYPASS_EXPIRY=2025-09-18\n'
  run_check 75 $args --now 2025-11-22
  expect_output "emergency bypass expired 2025-09-18, 65 days ago"
  expect_json '"ignored_reason": "emergency bypass expired'
  [ ! -e "$WORK/.preflight/audit.jsonl" ] || fail "an ignored bypass was audited as honoured"
  ;;
*)
  fail "unknown case"
  ;;
esac
# Every JSON report this case wrote matches the published schema (docs/schemas/).
reports=$(ls "$WORK"/*.json 2>/dev/null | grep -v '/expected' || true)
[ -z "$reports" ] || /usr/bin/python3 "$(dirname "$0")/../validate_report.py" $reports || fail "a report does not match its schema"
echo "ok [$CASE]"
