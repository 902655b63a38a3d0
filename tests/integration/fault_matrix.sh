#!/usr/bin/env bash
# The fault matrix: `preflight check` against servers on 127.0.0.1 that fail in every way staging
# does (fault_server.py; a real PostgreSQL whose backend is killed mid-query). For each fault: the
# category, the attempts (2 configured, 1 when waiting cannot help), and the pre-flight's duration
# (its report's duration_ms) against its bound (the deadline, or the budgets when they end first)
# + 100 ms; the whole process, start and exit included, within the bound + 500 ms (sanitizers
# take their time at exit). Prints the table.
# Usage: fault_matrix.sh PREFLIGHT_BINARY
set -uo pipefail
PREFLIGHT=$1
WORK=$(mktemp -d /tmp/preflight-faults-XXXXXX)
chmod 755 "$WORK"
export SERVICES_DIR="$WORK/services"
source "$(dirname "$0")/../../ci/lib/services.sh"
trap 'services_stop_all; rm -rf "$WORK"' EXIT

python3 "$(dirname "$0")/fault_server.py" "$WORK/ports" >"$SERVICES_DIR/faults.log" 2>&1 &
echo $! >"$SERVICES_DIR/faults.pid"
services_wait_file "$WORK/ports" || { cat "$SERVICES_DIR/faults.log"; exit 1; }
source "$WORK/ports"
init_postgres main && start_postgres main || { echo "postgres did not start"; exit 1; }
closed_port=$(services_random_port)

# Budgets small enough to run the matrix in seconds, the same shape as the defaults.
RETRY='[retry]
attempts = 2
delay = "200ms"'
http() { printf 'deadline = "%s"\n%s\n[checks.f]\ntype = "http"\nurl = "http://127.0.0.1:%s/health"\nwarmup = "%s"\n' "$1" "$RETRY" "$2" "$3"; }
dns() { printf 'deadline = "%s"\n%s\n[checks.f]\ntype = "dns"\nhosts = ["api.staging.test"]\nservers = ["127.0.0.1:%s"]\ntimeout = "%s"\n' "$1" "$RETRY" "$2" "$3"; }
pg() { printf 'deadline = "%s"\n%s\n[checks.f]\ntype = "postgres"\ndsn = "postgresql://app:app-secret@127.0.0.1:%s/app?sslmode=disable"\nwarmup = "%s"\n%s\n' "$1" "$RETRY" "$2" "$3" "${4:-}"; }

# Kills, once, the backend running the check's query, 500 ms after it starts.
kill_backend_soon() {
  (
    set +o pipefail
    for _ in $(seq 50); do
      sleep 0.1
      services_as_pg "$PG_BIN/psql" -h "$SERVICES_DIR/pg-main" -p "$PG_PORT" -U postgres -qAt -c \
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(30)%' AND now() - query_start > interval '500 ms'" |
        grep -q t && exit 0
    done
  ) &
  killer=$!
}

failures=0
rows=()
# case NAME BOUND_MS EXPECTED_STATUS EXPECTED_CATEGORY EXPECTED_ATTEMPTS MESSAGE_REGEX CONFIG
case_() {
  local name=$1 bound=$2 want_status=$3 want_category=$4 want_attempts=$5 want_message=$6
  printf '%s\n' "$7" >"$WORK/$name.toml"
  local start end wall
  start=$(date +%s%N)
  "$PREFLIGHT" check --config "$WORK/$name.toml" --json "$WORK/$name.json" >"$WORK/$name.out" 2>&1
  end=$(date +%s%N)
  wall=$(((end - start) / 1000000))
  local status category attempts ran message verdict=ok
  read -r status category attempts ran < <(python3 - "$WORK/$name.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
check = report["checks"][0]
print(check["status"], (check.get("error") or {}).get("category", "-"), check["attempts"],
      round(report["duration_ms"]))
PY
)
  message=$(python3 -c 'import json,sys; print((json.load(open(sys.argv[1]))["checks"][0].get("error") or {}).get("message",""))' "$WORK/$name.json")
  if [ "$status" != "$want_status" ]; then verdict="FAIL: status '$status'"
  elif [[ ! "$category" =~ ^($want_category)$ ]]; then verdict="FAIL: category $category"
  elif [ "$attempts" != "$want_attempts" ]; then verdict="FAIL: $attempts attempts"
  elif [[ ! "$message" =~ $want_message ]]; then verdict="FAIL: message '$message'"
  elif [ "${ran:-999999}" -gt $((bound + 100)) ]; then verdict="FAIL: $ran ms > bound $bound ms + 100"
  elif [ "$wall" -gt $((bound + 500)) ]; then verdict="FAIL: the process took $wall ms"
  fi
  [ "$verdict" = ok ] || { failures=$((failures + 1)); cat "$WORK/$name.out"; }
  rows+=("$(printf '%-26s %-7s %-19s %8s %7s ms %7s ms %7s ms %+7d ms  %s' "$name" "$status" \
    "$category" "$attempts" "$ran" "$wall" "$bound" $((${ran:-0} - bound)) "$verdict")")
}

# Two attempts of a 1 s budget and a retry delay of at most 200 ms: 2200 ms at most.
case_ http_refused 2200 failed 'connection_refused|connect' 2 'refused' "$(http 4s "$closed_port" 1s)"
case_ http_syn_blackhole 2200 failed timeout 2 'imed out' "$(http 4s "$tcp_blackhole" 1s)"
case_ http_accept_then_silent 2200 failed timeout 2 'imed out' "$(http 4s "$http_silent" 1s)"
case_ http_slow_headers 2200 failed timeout 2 'imed out' "$(http 4s "$http_slow_headers" 1s)"
case_ http_slow_body 2200 failed timeout 2 'imed out' "$(http 4s "$http_slow_body" 1s)"
case_ http_reset_mid_body 2200 failed 'connection_reset|connect' 2 'reset|Recv failure' "$(http 4s "$http_reset_body" 1s)"
case_ http_503_forever 2200 failed http_5xx 2 '503' "$(http 4s "$http_503" 1s)"
case_ http_redirect_loop 2200 failed http_status 2 '302.*redirected to http://127.0.0.1:[0-9]+/health' "$(http 4s "$http_redirect_loop" 1s)"
case_ http_huge_body 2200 failed unhealthy 2 'larger than 1 MiB' "$(http 4s "$http_huge" 1s)"
case_ dns_silent 2200 failed dns_timeout 2 'no answer' "$(dns 4s "$dns_silent" 1s)"
case_ dns_refused 2200 failed dns_refused 2 'query refused \(REFUSED\)' "$(dns 4s "$dns_refused" 1s)"
case_ dns_servfail 2200 failed dns_servfail 2 'server failure \(SERVFAIL\)' "$(dns 4s "$dns_servfail" 1s)"
case_ dns_slow_answers_in_time 2200 passed - 1 '' "$(dns 4s "$dns_slow" 2s)"
case_ pg_refused 2200 failed 'connection_refused|connect' 2 'refused' "$(pg 4s "$closed_port" 1s)"
case_ pg_syn_blackhole 2200 failed timeout 2 'no TCP connection yet' "$(pg 4s "$tcp_blackhole" 1s)"
case_ pg_accept_then_silent 2200 failed timeout 2 'no reply to the startup packet' "$(pg 4s "$pg_silent" 1s)"
case_ pg_starting_up 2200 failed database_starting 2 'starting up' "$(pg 4s "$pg_starting" 1s)"
case_ pg_too_many_clients 2200 failed capacity 2 'too many clients' "$(pg 4s "$pg_too_many" 1s)"
kill_backend_soon
case_ pg_killed_mid_query 4000 failed connect 2 '57P01: terminating connection due to administrator command' \
  "$(pg 4s "$PG_PORT" 1500ms 'query = "SELECT pg_sleep(30)"')"
# The deadline ends the run in the middle of a poll: what the poll had seen is kept.
case_ deadline_cuts_http 1500 failed deadline 1 'connected to 127.0.0.1:[0-9]+, no HTTP response after' \
  "$(http 1500ms "$http_silent" 10s)"
case_ deadline_cuts_dns 1500 failed deadline 1 "no answer from 127.0.0.1:$dns_silent for api.staging.test after" \
  "$(dns 1500ms "$dns_silent" 10s)"
case_ deadline_cuts_pg 1500 failed deadline 1 'accepted the connection, no reply to the startup packet after' \
  "$(pg 1500ms "$pg_silent" 10s)"
wait "$killer"

printf '%-26s %-7s %-19s %8s %10s %10s %10s %10s  %s\n' fault status category attempts pre-flight process bound overshoot verdict
printf '%s\n' "${rows[@]}"
[ "$failures" -eq 0 ] || { echo "$failures fault(s) handled wrongly"; exit 1; }
