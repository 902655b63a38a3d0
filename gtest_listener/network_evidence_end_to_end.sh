#!/usr/bin/env bash
# Runs the bare-assertions suite in a private network namespace (only loopback; staging's names
# fail at once with EAI_AGAIN, nothing leaves the machine), beside an outside HTTP server it
# kills and one it keeps, and checks each failure's kind and the principle that decided it
# (rule prefixes stages., endpoints., observed.), also with what the whole run saw of a host.
# Five runs must agree test by test, and
# PREFLIGHT_NETWORK_EVIDENCE=0 turns the evidence off.
set -uo pipefail
suite=$1
source "$(dirname "$0")/private_network.sh"
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
serve() {  # an HTTP server outside the test process, on port $1 of ${2:-127.0.0.1}; its pid in $served
  local address=${2:-127.0.0.1}
  python3 -m http.server --bind "$address" "$1" --directory "$work" >/dev/null 2>&1 &
  served=$!
  pids+=("$served")
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/$address/$1") 2>/dev/null && return; sleep 0.05; done
  fail "the outside server on port $1 did not start"
}

live=$(free_port)
serve "$live"
late=$(free_port)
serve "$late" 127.0.0.3
declared=$(free_port) wrong=$(free_port)
cat >"$work/check.json" <<JSON
{"schema":"preflight.check/v1","status":"passed","duration_ms":3.0,
 "bypass":{"active":false,"expiry":null,"flags":[],"ignored_reason":null},
 "checks":[{"name":"orders","type":"http","status":"passed","attempts":1,"duration_ms":1.0,
            "target":"http://127.0.0.1:$declared/health","error":null}]}
JSON

run_suite() {  # $1: the report; the rest: extra environment
  local report=$1; shift
  local port; port=$(free_port)
  serve "$port"
  env "$@" EXTERNAL_PORT="$port" EXTERNAL_PID="$served" LIVE_PORT="$live" DECLARED_PORT="$declared" \
    WRONG_PORT="$wrong" LATE_PORT="$late" PREFLIGHT_CHECK_REPORT="$work/check.json" PREFLIGHT_REPORT="$report" \
    "$suite" >"$report.out" 2>&1
}

run_suite "$work/run1.json"
cat "$work/run1.json.out"
python3 - "$work/run1.json" <<'PY' || fail "a failure got the wrong kind or principle (report above)"
import json, sys
expected = {  # test: (kind, rule prefix)
    "Early.WrongPortBeforeAnythingAnsweredThere": ("code", "endpoints.cannot_tell"),
    "Infra.StagingNameResolves": ("infra", "getaddrinfo.dns"),
    "Infra.HealthByNameReplyIsOk": ("infra", "endpoints.outage"),
    "Infra.BackendOnAHostThatNeverAnswered": ("infra", "endpoints.outage"),
    "Infra.DatabaseOnAHostThatNeverAnswered": ("infra", "endpoints.outage"),
    "Infra.ServiceThatAnsweredThenDied": ("infra", "endpoints.outage"),
    "Infra.DeclaredDependencyRefuses": ("infra", "endpoints.outage"),
    "Infra.ExpectedATlsErrorButNeverConnected": ("infra", "stages.not_reached"),
    "Infra.ExpectedACurlTimeoutButTheConnectWasRefused": ("infra", "stages.not_reached"),
    "Code.OwnServerClosesBeforeReplying": ("code", "endpoints.own_server"),
    "Code.OwnServerNeverReplies": ("code", "observed.contradicts"),
    "Code.OwnServerAnnouncedOnTheWrongPort": ("code", "endpoints.own_server"),
    "Code.UndeclaredPortOnAHostThatAnswers": ("code", "endpoints.cannot_tell"),
    "Code.MangledAddressOfAHealthyDependency": ("code", "endpoints.cannot_tell"),
    "Code.ProvokedLookupFailureMappedWrongly": ("code", "stages.tested"),
    "Code.ClaimsACouldNotConnectItDidNotHave": ("code", "observed.contradicts"),
    "Code.UnixSocketPathMissing": ("code", "observed.contradicts"),
    "Code.TotalIsWrong": ("code", None),
    "Code.NetworkRecoveredBeforeTheFailure": ("code", None),
    "Late.ClientFailsBeforeItOpensAConnection": ("infra", None),  # refusals came before
}
report = json.load(open(sys.argv[1]))
tests = {t["name"]: t for t in report["tests"]}
wrong = 0
for name, (kind, rule) in expected.items():
    t = tests.get(name, {})
    got_rule = (t.get("evidence") or {}).get("rule") or ""
    if t.get("failure_kind") != kind or (rule and not got_rule.startswith(rule)):
        print(f"{name}: expected {kind} by {rule}, got {t.get('failure_kind')} by {got_rule!r}: "
              f"{(t.get('evidence') or {}).get('text')}")
        wrong += 1
print(f"{len(expected) - wrong} of {len(expected)} failures as labelled")
s = report["summary"]
assert (s["failed_infra"], s["failed_code"], s["passed"]) == (9, 11, 2), s
sys.exit(1 if wrong else 0)
PY
grep -q 'connect 127.0.0.1:[0-9]* refused: nothing ever answered there, while 127.0.0.1:[0-9]* answered this process' "$work/run1.json" ||
  fail "the cannot-tell evidence does not name both possibilities"
grep -q 'connect 127.0.0.4:[0-9]* refused: nothing ever answered on that host, while the pre-flight found 127.0.0.1:[0-9]* on the same port healthy' "$work/run1.json" ||
  fail "a mangled address of a healthy dependency does not say so: $(grep -o "connect 127.0.0.4[^\"]*" "$work/run1.json")"
grep -q 'connect 127.0.0.3:[0-9]* refused: nothing ever answered there, while 127.0.0.3:[0-9]* answered this process later in the run' "$work/run1.json" ||
  fail "an outage decided before anything answered on its host was not judged again at the end"

# The same failures get the same kinds on every run.
kinds() {
  python3 -c 'import json,sys; [print(t["name"], t.get("failure_kind")) for t in json.load(open(sys.argv[1]))["tests"]]' "$1" ||
    fail "cannot read the kinds of $1"
}
kinds "$work/run1.json" >"$work/kinds1"
[ "$(wc -l <"$work/kinds1")" -eq 22 ] || fail "run 1 should list 22 tests: $(cat "$work/kinds1")"
for run in 2 3 4 5; do
  run_suite "$work/run$run.json"
  kinds "$work/run$run.json" >"$work/kinds$run"
  diff "$work/kinds1" "$work/kinds$run" || fail "run $run gave other kinds than run 1"
done

# After passing tests only (every connect connected), the same claim without a connect is code.
run_suite "$work/late.json" GTEST_FILTER='Passing.*:Late.*'
python3 -c 'import json,sys; t={t["name"]: t for t in json.load(open(sys.argv[1]))["tests"]}["Late.ClientFailsBeforeItOpensAConnection"]; assert (t["failure_kind"], t["evidence"]["rule"]) == ("code", "observed.contradicts"), t' "$work/late.json" ||
  fail "a connect claim without a connect, after connects that all connected, should be code"

run_suite "$work/off.json" PREFLIGHT_NETWORK_EVIDENCE=0
# Off: only the texts speak: getaddrinfo's return code, the timeout of the test's own server,
# and the three "Couldn't connect" the watcher contradicts when it is on (a stale one, one without
# a connect, one at a Unix socket path that does not exist).
python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; assert (s["failed_infra"], s["failed_code"]) == (5, 15), s' "$work/off.json" ||
  fail "with the evidence off, only the five texts should say infra"
/usr/bin/python3 "$(dirname "$0")/../tests/validate_report.py" "$work"/*.json || fail "a report does not match its schema"
echo "network evidence end-to-end: ok (22 tests, 5 runs alike)"
