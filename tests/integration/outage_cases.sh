#!/usr/bin/env bash
# The circuit breaker asks staging before it stops a suite, against a real PostgreSQL:
#   healthy_staging_keeps_the_breaker_closed — five dead endpoints in a row while staging's
#     checks pass: the breaker stays closed and the code bugs after them are reported (exit 1);
#   outage_mid_suite_pauses_and_resumes — the database is stopped mid-suite and restarted 4 s
#     later: the suite pauses (longer than --test-timeout, which does not count the pause),
#     resumes, the infra failures pass on re-run (exit 0);
#   outage_longer_than_the_pause_budget — the database stays down: the rest is skipped (exit 75).
# Usage: outage_cases.sh PREFLIGHT_BINARY OUTAGE_SUITE_BINARY CASE
set -uo pipefail
PREFLIGHT=$1 SUITE=$2 CASE=$3
WORK=$(mktemp -d /tmp/preflight-outage-XXXXXX)
chmod 755 "$WORK"  # postgres must reach its data directory
export SERVICES_DIR="$WORK/services"
source "$(dirname "$0")/../../ci/lib/services.sh"
trap 'services_stop_all; rm -rf "$WORK"' EXIT
fail() { echo "FAIL [$CASE]: $*" >&2; exit 1; }
has() { grep -qE -- "$2" "$1" || fail "$1 lacks: $2"; }
init_postgres main && start_postgres main || fail "postgres did not start"
export OUTAGE_DSN="postgresql://app:app-secret@127.0.0.1:$PG_PORT/app?connect_timeout=3"
export DEAD_DSN="postgresql://app:app-secret@127.0.0.1:$(services_random_port)/app"
export OUTAGE_MARKER=$WORK/outage-started
export OUTAGE_STOP="$(declare -f services_as_pg); SERVICES_DIR=$SERVICES_DIR; services_as_pg $PG_BIN/pg_ctl -D $SERVICES_DIR/pg-main/data -m immediate -w stop >/dev/null"
cat >"$WORK/preflight.toml" <<TOML
[retry]
attempts = 1
delay = "100ms"
[checks.database]
type = "postgres"
dsn = "$OUTAGE_DSN"
warmup = "2s"
TOML
run() {
  local expected=$1; shift
  "$PREFLIGHT" run --config "$WORK/preflight.toml" --json "$WORK/report.json" "$@" >"$WORK/out.txt" 2>&1
  local code=$?
  cat "$WORK/out.txt"
  [ "$code" -eq "$expected" ] || fail "exit code $code, expected $expected"
}

case "$CASE" in
healthy_staging_keeps_the_breaker_closed)
  run 1 -- "$SUITE" --gtest_filter='Dead.*:Bug.*'
  has "$WORK/out.txt" "5 consecutive infrastructure failures, but staging's checks pass: continuing"
  has "$WORK/report.json" '"failed_code":3'
  has "$WORK/report.json" '"failed_infra":5'
  has "$WORK/report.json" '"skipped":0'
  ;;
outage_mid_suite_pauses_and_resumes)
  # Restart the database 4 s after the suite stopped it.
  ( for _ in $(seq 300); do [ -e "$OUTAGE_MARKER" ] && break; sleep 0.1; done
    sleep 4; start_postgres main ) &
  run 0 --circuit-breaker 2 --pause-budget 90s --retry-infra 1 --test-timeout 3s -- "$SUITE" --gtest_filter='Db.*'
  wait
  has "$WORK/out.txt" 'circuit breaker: 2 consecutive infrastructure failures; asking staging'
  has "$WORK/out.txt" 'staging is down \(.*database.*\): suite paused'
  has "$WORK/out.txt" 'staging is back after [0-9.]+m?s: resuming the suite'
  # The breaker's quick checks speak through its own lines, never as a failed pre-flight.
  ! grep -q 'preflight FAILED' "$WORK/out.txt" || fail "a quick check printed a failed pre-flight"
  has "$WORK/report.json" '"earlier_failures":\[\{"failure_kind":"infra","category":"database"'
  has "$WORK/report.json" '"summary":\{"total":8,"passed":8,"failed_code":0,"failed_config":0,"failed_infra":0,"skipped":0,"flaky":2\}'
  ;;
outage_longer_than_the_pause_budget)
  run 75 --circuit-breaker 2 --pause-budget 3s --retry-infra 1 -- "$SUITE" --gtest_filter='Db.*'
  has "$WORK/out.txt" "staging's checks still fail after [0-9.]+m?s: "
  # The re-run asks staging once and does not pause again: --pause-budget bounds the whole run.
  [ "$(grep -c "still fail after" "$WORK/out.txt")" -eq 2 ] || fail "expected one stop per attempt"
  [ "$(grep -c "suite paused" "$WORK/out.txt")" -le 2 ] || fail "the re-run paused again"
  has "$WORK/report.json" '"passed":2,'
  has "$WORK/report.json" '"skipped":4'
  ;;
*) fail "unknown case" ;;
esac
# Every JSON report this case wrote matches the published schema (docs/schemas/).
reports=$(ls "$WORK"/*.json 2>/dev/null | grep -v '/expected' || true)
[ -z "$reports" ] || /usr/bin/python3 "$(dirname "$0")/../validate_report.py" $reports || fail "a report does not match its schema"
echo "ok [$CASE]"
