#!/usr/bin/env bash
# Fleet admission end to end on a real PostgreSQL: concurrent `preflight run`s never hold more
# than `slots`, a waiting run names the holders, the wait has a budget, a killed holder frees its
# slot at once, a lost admission connection is reported, and `admission status` lists the slots.
# Usage: admission_cases.sh PREFLIGHT_BINARY CASE
set -uo pipefail
PREFLIGHT=$1 CASE=$2
WORK=$(mktemp -d /tmp/preflight-admission-it-XXXXXX)
chmod 755 "$WORK"
export SERVICES_DIR="$WORK/services"
source "$(dirname "$0")/../../ci/lib/services.sh"
trap 'pkill -9 -f "$WORK/suite.sh" 2>/dev/null; services_stop_all; rm -rf "$WORK"' EXIT
fail() { echo "FAIL [$CASE]: $*" >&2; exit 1; }
init_postgres adm 30 && start_postgres adm || fail "postgres"
DSN="postgres://app:app-secret@127.0.0.1:$PG_PORT/app"
# config SLOTS WAIT: a pre-flight of the database, and the admission table.
config() {
  cat >"$WORK/preflight.toml" <<TOML
[retry]
attempts = 1
[checks.database]
type = "postgres"
dsn = "$DSN"
warmup = "5s"
[admission]
dsn = "$DSN"
slots = $1
wait = "$2"
namespace = "it-$CASE"
TOML
}
# The suite: notes when it starts and ends, and holds its slot for SECONDS.
cat >"$WORK/suite.sh" <<'SH'
#!/bin/sh
echo "start $(date +%s.%N)" >>"$1"
echo $$ >"$1.pid"
sleep "$2"
echo "end $(date +%s.%N)" >>"$1"
SH
chmod +x "$WORK/suite.sh"
run() { "$PREFLIGHT" run --config "$WORK/preflight.toml" -- "$WORK/suite.sh" "$@"; }
status() { "$PREFLIGHT" admission status --config "$WORK/preflight.toml" "$@"; }
held() { status | sed -n 's|^\([0-9]*\)/[0-9]* held.*|\1|p'; }
wait_until_held() {  # N: until N slots are held (10 s at most)
  for _ in $(seq 100); do [ "$(held)" = "$1" ] && return 0; sleep 0.1; done
  fail "never $1 held: $(status)"
}

case "$CASE" in
never_more_holders_than_slots)
  config 2 60s
  for i in 1 2 3 4 5 6; do
    PREFLIGHT_RUN_NAME="job-$i" run "$WORK/times.log" 1 >"$WORK/run$i.txt" 2>&1 &
  done
  seen_max=0
  while [ "$(jobs -r | wc -l)" -gt 0 ]; do
    n=$(held); [ -n "$n" ] && [ "$n" -gt "$seen_max" ] && seen_max=$n
    sleep 0.1
  done
  wait
  for i in 1 2 3 4 5 6; do
    grep -q "took staging slot [12] of 2" "$WORK/run$i.txt" || { cat "$WORK/run$i.txt"; fail "run $i did not take a slot"; }
  done
  # The suites' own times: never more than 2 at once.
  overlap=$(sort -k2 -n "$WORK/times.log" | awk '$1=="start"{n++; if(n>m)m=n} $1=="end"{n--} END{print m}')
  echo "suites at once: at most $overlap; slots held at once: at most $seen_max"
  [ "$overlap" -le 2 ] || fail "$overlap suites ran at once with 2 slots"
  [ "$overlap" -eq 2 ] || fail "the slots were not used in parallel ($overlap at most)"
  [ "$seen_max" -le 2 ] || fail "$seen_max slots held"
  [ "$(held)" = 0 ] || fail "slots still held after every run ended: $(status)"
  ;;
waiting_names_the_holders_and_gives_up_at_the_budget)
  config 1 2s
  PREFLIGHT_RUN_NAME=holder-a run "$WORK/a.log" 20 >"$WORK/a.txt" 2>&1 &
  wait_until_held 1
  start=$(date +%s%N)
  PREFLIGHT_RUN_NAME=late-b run "$WORK/b.log" 0 >"$WORK/b.txt" 2>&1
  code=$? took=$(( ($(date +%s%N) - start) / 1000000 ))
  cat "$WORK/b.txt"
  [ "$code" -eq 75 ] || fail "exit $code, expected 75"
  grep -qE "waiting for a staging slot: 1/1 held by holder-a [^ ]+ \([0-9]+s\); [0-9]+s / 2s" "$WORK/b.txt" || fail "no waiting line naming the holder"
  grep -q "the suite was not started: no staging slot within 2s: 1/1 held by holder-a" "$WORK/b.txt" || fail "no refusal naming the holder"
  [ -e "$WORK/b.log" ] && fail "the suite ran without a slot"
  echo "refused after ${took} ms (the pre-flight, then a 2 s wait)"
  [ "$took" -lt 8000 ] || fail "took ${took} ms for a 2 s wait"
  kill -9 "$(cat "$WORK/a.log.pid")" 2>/dev/null; wait
  ;;
sigterm_while_waiting_for_a_slot)
  # A run waiting for a slot ends at the signal: exit 143, a report that says interrupted, its
  # suite never started, no scratch left.
  config 1 60s
  PREFLIGHT_RUN_NAME=holder-a run "$WORK/a.log" 20 >"$WORK/a.txt" 2>&1 &
  wait_until_held 1
  mkdir -p "$WORK/tmp"
  TMPDIR=$WORK/tmp "$PREFLIGHT" run --config "$WORK/preflight.toml" --json "$WORK/b.json" \
    -- "$WORK/suite.sh" "$WORK/b.log" 0 >"$WORK/b.txt" 2>&1 &
  waiting=$!
  for _ in $(seq 100); do grep -q "waiting for a staging slot" "$WORK/b.txt" && break; sleep 0.1; done
  grep -q "waiting for a staging slot" "$WORK/b.txt" || fail "the second run never waited"
  kill -TERM "$waiting"; wait "$waiting"; code=$?
  cat "$WORK/b.txt"
  [ "$code" -eq 143 ] || fail "exit $code, expected 143"
  grep -q 'interrupted by signal 15 (Terminated) while waiting for a staging slot' "$WORK/b.json" ||
    fail "the report does not say the wait was interrupted"
  [ -e "$WORK/b.log" ] && fail "the suite ran"
  [ -z "$(ls -A "$WORK/tmp")" ] || fail "scratch left: $(ls "$WORK/tmp")"
  kill -9 "$(cat "$WORK/a.log.pid")" 2>/dev/null; wait
  ;;
a_killed_holder_frees_its_slot_at_once)
  config 1 30s
  PREFLIGHT_RUN_NAME=doomed run "$WORK/a.log" 60 >"$WORK/a.txt" 2>&1 &
  holder=$!
  wait_until_held 1
  status --json "$WORK/status.json" | tee "$WORK/status.txt"
  grep -q "slot 1: doomed .* for " "$WORK/status.txt" || fail "status does not name the holder"
  python3 - "$WORK/status.json" <<'PY' || fail "status JSON"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["schema"] == "preflight.admission/v1" and s["slots"] == 1 and s["held"] == 1, s
assert s["holders"][0]["slot"] == 1 and s["holders"][0]["name"].startswith("doomed"), s
PY
  PREFLIGHT_RUN_NAME=next run "$WORK/b.log" 0 >"$WORK/b.txt" 2>&1 &
  waiter=$!
  sleep 1
  killed=$(date +%s%N)
  kill -9 "$holder"
  kill -9 "$(cat "$WORK/a.log.pid")" 2>/dev/null
  wait "$waiter"; code=$?
  freed=$(( ($(date +%s%N) - killed) / 1000000 ))
  cat "$WORK/b.txt"
  [ "$code" -eq 0 ] || fail "the next run exited $code"
  grep -q "took staging slot 1 of 1" "$WORK/b.txt" || fail "the next run did not take the freed slot"
  echo "the next run had the killed run's slot and finished ${freed} ms after kill -9"
  [ "$freed" -lt 5000 ] || fail "the slot was freed ${freed} ms after kill -9"
  grep -q "app-secret" "$WORK"/*.txt "$WORK/status.json" && fail "the admission password was printed"
  true
  ;;
a_lost_admission_connection_is_reported)
  config 1 10s
  run "$WORK/a.log" 3 >"$WORK/a.txt" 2>&1 &
  wait_until_held 1
  services_as_pg "$PG_BIN/psql" -h "$SERVICES_DIR/pg-adm" -p "$PG_PORT" -U postgres -qAt \
    -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'preflight %'" >/dev/null
  wait $!; code=$?
  cat "$WORK/a.txt"
  [ "$code" -eq 0 ] || fail "the suite's run exited $code"
  grep -q "lost the admission connection (.*): staging slot 1 is free for other runs now" "$WORK/a.txt" || fail "the lost connection was silent"
  ;;
bad_admission_config_is_a_usage_error)
  printf '[admission]\ndsn = "%s"\nslots = 0\nwiat = "1m"\n' "$DSN" >"$WORK/preflight.toml"
  "$PREFLIGHT" config validate --config "$WORK/preflight.toml" >"$WORK/out.txt" 2>&1; code=$?
  cat "$WORK/out.txt"
  [ "$code" -eq 2 ] || fail "exit $code"
  grep -q "preflight.toml:3:.*slots" "$WORK/out.txt" || fail "no error at the slots line"
  grep -q "preflight.toml:4:1: error: unknown key .wiat. in \[admission\]" "$WORK/out.txt" || fail "no error for wiat"
  grep -q "did you mean .wait.?" "$WORK/out.txt" || fail "no suggestion for wiat"
  printf '[admission]\ndsn = "postgres://app:app-secret@127.0.0.1:1/app"\nslots = 3\nnamespace = "e2e"\n[checks.db]\ntype = "postgres"\ndsn = "%s"\n' "$DSN" >"$WORK/valid.toml"
  "$PREFLIGHT" config validate --config "$WORK/valid.toml" >"$WORK/out.txt" 2>&1 || fail "config validate"
  grep -q 'admission: 3 slots in namespace "e2e" on postgres://app:\*\*\*@127.0.0.1:1/app, a run waits up to 10m' "$WORK/out.txt" || { cat "$WORK/out.txt"; fail "config validate does not show [admission]"; }
  printf '[admission]\ndsn = "postgres://app:app-secret@127.0.0.1:1/app"\nslots = 1\n[checks.db]\ntype = "postgres"\ndsn = "%s"\n' "$DSN" >"$WORK/preflight.toml"
  status >"$WORK/out.txt" 2>&1; code=$?
  cat "$WORK/out.txt"
  [ "$code" -eq 75 ] || fail "an unreachable admission database: exit $code, expected 75"
  grep -q "app-secret" "$WORK/out.txt" && fail "the password was printed"
  true
  ;;
*) fail "unknown case" ;;
esac
echo "ok [$CASE]"
