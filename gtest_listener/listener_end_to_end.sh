#!/usr/bin/env bash
# Runs the sample suite under the listener and checks its console summary, JSON, JUnit and
# Markdown reports, the unchanged exit code, and the circuit breaker.
set -uo pipefail
suite=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
has() { grep -qE -- "$2" "$1" || { echo "--- $1:"; cat "$1"; fail "$1 lacks: $2"; }; }

PREFLIGHT_REPORT=$work/report.json PREFLIGHT_JUNIT=$work/junit.xml GITHUB_STEP_SUMMARY=$work/summary.md \
  TEST_INFRASTRUCTURE_FAILURE_FILE=$work/infra.txt DB_PASSWORD=hunter2-secret "$suite" >"$work/out.txt" 2>&1
code=$?
cat "$work/out.txt"
[ "$code" -eq 1 ] || fail "the suite's own exit code changed: $code"
# 15 records: 14 tests (Database.Query is skipped by GoogleTest after its SetUpTestSuite failed)
# and the failing SetUpTestSuite itself, which GoogleTest's own reports do not count.
has "$work/out.txt" '^\[preflight\] 15 tests: 5 passed, 2 skipped, 4 failed for infrastructure \(1 connect, 2 database, 1 payments_sandbox\), 4 failed in code$'
has "$work/out.txt" 'infra +connect +Infra.BackendRefusesConnections +\(libcurl.connect: .*Couldn.t connect to server'
has "$work/out.txt" 'code +assertion +Code.InfraWordsInTheExpressionAreNotEvidence +\(structure.expected_error: the test expected this error'
has "$work/out.txt" 'code +http_4xx +Code.ClientErrorIsCode'
has "$work/out.txt" 'code +assertion +Code.TimeoutInProseIsNotEvidence$'
has "$work/out.txt" 'infra +database +Database.\[SetUpTestSuite\]'
has "$work/report.json" '"schema": ?"preflight.tests/v1"'
has "$work/report.json" '"failed_code": ?4'
has "$work/report.json" '"failed_infra": ?4'
has "$work/report.json" '"name": ?"Infra.ExplicitInfraError"'
has "$work/junit.xml" '<testcase classname="Infra" name="BackendRefusesConnections" time="[0-9.]+">'
has "$work/junit.xml" '<error type="infra:connect" message="'
has "$work/junit.xml" '<failure type="assertion" message="'
has "$work/junit.xml" '<skipped message="needs a GPU"/>'
has "$work/summary.md" '^\| 15 \| 5 \| 4 \| 0 \| 4 \| 2 \| 0 \|$'
[ ! -e "$work/infra.txt" ] || fail "an infrastructure failure file was written although code failed"
! grep -q hunter2-secret "$work/out.txt" "$work/report.json" "$work/junit.xml" || fail "a secret leaked"

# Only infra failures: Bazel's infrastructure failure file, component on line 1.
TEST_INFRASTRUCTURE_FAILURE_FILE=$work/infra.txt "$suite" --gtest_filter='Infra.*' >/dev/null 2>&1
[ "$(head -1 "$work/infra.txt")" = connect ] || fail "infra file line 1: $(head -1 "$work/infra.txt")"

# Circuit breaker: after 2 consecutive infra failures the rest is skipped, with the reason.
PREFLIGHT_CIRCUIT_BREAKER=2 PREFLIGHT_REPORT=$work/breaker.json "$suite" --gtest_filter='Infra.*:Code.*' >"$work/breaker.txt" 2>&1
cat "$work/breaker.txt"
has "$work/breaker.txt" 'circuit breaker open: 2 consecutive infrastructure failures'
has "$work/breaker.json" '"skip_reason": ?"not run: infrastructure is down'
has "$work/breaker.json" '"failed_infra": ?2'
# Sharding works unchanged: two shards report disjoint halves that add up to the whole run.
for index in 0 1; do
  GTEST_TOTAL_SHARDS=2 GTEST_SHARD_INDEX=$index PREFLIGHT_REPORT=$work/shard$index.json "$suite" >/dev/null 2>&1
done
total() { sed -n 's/.*"summary":{"total":\([0-9]*\).*/\1/p' "$1"; }
shards=$(($(total "$work/shard0.json") + $(total "$work/shard1.json")))
# The whole run has 14 records (Database has one test, so one shard reports its SetUpTestSuite).
[ "$shards" -eq 15 ] && [ "$(total "$work/shard0.json")" -lt 15 ] || fail "shards reported $shards records"
/usr/bin/python3 "$(dirname "$0")/../tests/validate_report.py" "$work"/*.json || fail "a report does not match its schema"
echo "ok"
