#!/usr/bin/env bash
# `preflight run` stopped at every phase leaves a true report, no process and no scratch: SIGINT
# during the pre-flight; SIGINT mid-suite (the running test and those not reached are skipped,
# "status": "interrupted"); SIGINT or SIGKILL during the delay before a re-run (SIGKILL: the
# report marked incomplete at run's start stays, the next run removes the scratch); SIGHUP;
# SIGKILL to run mid-suite (the suite dies with it); a suite that ignores SIGTERM (killed when
# its grace is over).
# Usage: interrupt_cases.sh PREFLIGHT_BINARY DYING_SUITE SAMPLE_SUITE CASE
set -uo pipefail
PREFLIGHT=$1 DYING=$2 SAMPLE=$3 CASE=$4
WORK=$(mktemp -d /tmp/preflight-interrupt-XXXXXX)
export TMPDIR=$WORK/tmp  # run's scratch directories go here
mkdir -p "$TMPDIR"
trap 'kill -9 $(jobs -p) 2>/dev/null; rm -rf "$WORK"' EXIT
fail() { echo "FAIL [$CASE]: $*" >&2; [ -f "$WORK/out.txt" ] && cat "$WORK/out.txt" >&2; exit 1; }
wait_for() {  # wait_for FILE [PATTERN]: up to 20 s
  for _ in $(seq 400); do
    if [ -n "${2:-}" ]; then grep -q "$2" "$1" 2>/dev/null && return 0; else [ -e "$1" ] && return 0; fi
    sleep 0.05
  done
  fail "timed out waiting for $1 ${2:-}"
}
suite_pid() { pgrep -P "$1" | head -1; }  # run's child: the suite
gone() {  # gone PID: dead (or a zombie) within 5 s
  for _ in $(seq 100); do
    state=$(ps -o stat= -p "$1" 2>/dev/null) || return 0
    [[ $state == Z* ]] && return 0
    sleep 0.05
  done
  return 1
}
# start_run ARGS...: `preflight run ARGS` in the background (its pid in $run, output in out.txt).
start_run() {
  "$PREFLIGHT" run "$@" >"$WORK/out.txt" 2>&1 &
  run=$!
}
# stop_run SIGNAL EXIT: sends SIGNAL to run and expects it to exit with EXIT.
stop_run() {
  kill -"$1" "$run"; wait "$run"; code=$?
  [ "$code" -eq "$2" ] || fail "exit $code, not $2"
}
interrupted() { [ "$(status_of "$WORK/r.json")" = interrupted ] || fail "the report is not marked interrupted"; }
no_scratch() { [ -z "$(ls -A "$TMPDIR")" ] || fail "scratch left behind: $(ls "$TMPDIR")"; }
status_of() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r.get("status"))' "$1"; }

case "$CASE" in
sigint_during_preflight)
  # Staging is cold: the pre-flight waits for a port nothing listens on; SIGINT ends the wait.
  printf '[retry]\nattempts = 1\n[checks.api]\ntype = "tcp"\naddress = "127.0.0.2:9"\nwarmup = "60s"\n' >"$WORK/slow.toml"
  start_run --config "$WORK/slow.toml" --json "$WORK/r.json" -- "$DYING"
  wait_for "$WORK/out.txt" "api"
  stop_run INT 130
  interrupted
  no_scratch
  ;;
sigint_mid_suite)
  DYING_HOW=hang DYING_MARKER=$WORK/started start_run --json "$WORK/r.json" -- "$DYING"
  wait_for "$WORK/started"
  stop_run INT 130
  python3 - "$WORK/r.json" <<'PY' || fail "the report does not say what was interrupted"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["status"] == "interrupted", r["status"]
t = {x["name"]: x for x in r["tests"]}
assert t["Dying.Before"]["outcome"] == "passed", t
assert t["Dying.Now"]["outcome"] == "skipped" and "interrupted" in t["Dying.Now"]["skip_reason"], t
assert t["Dying.NeverReached"]["outcome"] == "skipped", t
assert r["summary"]["failed_code"] == 0, r["summary"]
PY
  no_scratch
  ;;
sigint_during_rerun_delay)
  start_run --retry-infra 1 --json "$WORK/r.json" -- "$SAMPLE"
  wait_for "$WORK/out.txt" "re-running"
  stop_run INT 130
  interrupted
  no_scratch
  ;;
sigkill_during_rerun_delay)
  # SIGKILL cannot be handled: the report run marked "incomplete" at its start is what stays (not
  # the previous run's), and the next run removes the dead run's scratch directory.
  echo '{"schema":"preflight.tests/v1","summary":{"total":6,"passed":6,"failed_code":0,"failed_config":0,"failed_infra":0,"skipped":0,"flaky":0},"preflight":null,"tests":[]}' >"$WORK/r.json"
  start_run --retry-infra 1 --json "$WORK/r.json" -- "$SAMPLE"
  wait_for "$WORK/out.txt" "re-running"
  kill -9 "$run"; wait "$run" 2>/dev/null
  [ "$(status_of "$WORK/r.json")" = incomplete ] || fail "the report is not marked incomplete"
  [ -n "$(ls -A "$TMPDIR")" ] || fail "no scratch to clean: the case proves nothing"
  "$PREFLIGHT" run -- /bin/true >/dev/null 2>&1 || fail "the next run failed"
  no_scratch
  ;;
sighup_mid_suite)
  DYING_HOW=hang DYING_MARKER=$WORK/started start_run --json "$WORK/r.json" -- "$DYING"
  wait_for "$WORK/started"
  suite=$(suite_pid "$run")
  stop_run HUP 129
  gone "$suite" || fail "the suite outlived run"
  interrupted
  no_scratch
  ;;
sigkill_to_run)
  DYING_HOW=hang DYING_MARKER=$WORK/started start_run -- "$DYING"
  wait_for "$WORK/started"
  suite=$(suite_pid "$run")
  [ -n "$suite" ] || fail "no suite process found"
  kill -9 "$run"; wait "$run" 2>/dev/null
  gone "$suite" || fail "the suite ($suite) outlived a SIGKILLed run"
  ;;
suite_ignoring_sigterm)
  cat >"$WORK/stubborn.sh" <<SH
#!/bin/bash
trap '' TERM
touch "$WORK/started"
while true; do sleep 0.1; done
SH
  chmod +x "$WORK/stubborn.sh"
  start_run -- "$WORK/stubborn.sh"
  wait_for "$WORK/started"
  stop_run TERM 143  # returns when the grace (10 s) is over
  pgrep -f "$WORK/stubborn.sh" >/dev/null && fail "the suite that ignores SIGTERM is still running"
  no_scratch
  ;;
*) fail "unknown case" ;;
esac
echo "ok: $CASE"
