#!/usr/bin/env bash
# `preflight run` end to end: a real pre-flight against a local health server, then the sample
# suite (gtest_listener/sample_suite_test.cc) as a real child process.
# Usage: run_cases.sh PREFLIGHT_BINARY HEALTH_SERVER_BINARY SAMPLE_SUITE_BINARY CASE
set -uo pipefail
PREFLIGHT=$1 HEALTH_SERVER=$2 SUITE=$3 CASE=$4
WORK=$(mktemp -d /tmp/preflight-run-it-XXXXXX)
export SERVICES_DIR="$WORK/services"
source "$(dirname "$0")/../../ci/lib/services.sh"
trap 'services_stop_all; rm -rf "$WORK"' EXIT
fail() { echo "FAIL [$CASE]: $*" >&2; exit 1; }
start_health_server "$HEALTH_SERVER" || fail "health server"
path=/health
[[ "$CASE" = preflight_failed_suite_not_started || "$CASE" = in_process_preflight_not_ready ||
   "$CASE" = only_when_unmet_skips_the_preflight ]] && path=/down
cat >"$WORK/preflight.toml" <<TOML
[retry]
attempts = 1
delay = "200ms"
[checks.api]
type = "http"
url = "http://127.0.0.1:$HTTP_PORT$path"
warmup = "500ms"
TOML
# expect_exit EXPECTED_EXIT COMMAND...: runs it with its output in $WORK/out.txt (shown too).
expect_exit() {
  local expected=$1; shift
  "$@" >"$WORK/out.txt" 2>&1
  local code=$?
  cat "$WORK/out.txt"
  [ "$code" -eq "$expected" ] || fail "$1: exit code $code, expected $expected"
}
# run_suite EXPECTED_EXIT [run options...] -- [suite args...]
run_suite() {
  local expected=$1; shift
  local options=() suite_args=()
  while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do options+=("$1"); shift; done
  shift
  suite_args=("$@")
  expect_exit "$expected" "$PREFLIGHT" run --config "$WORK/preflight.toml" --json "$WORK/report.json" \
    --junit "$WORK/report.xml" "${options[@]}" -- "$SUITE" "${suite_args[@]}"
}
has() { grep -qE -- "$2" "$1" || fail "$1 lacks: $2"; }

case "$CASE" in
green)
  # A PREFLIGHT_REPORT of the caller's does not take the suite's report away from run, and a
  # PREFLIGHT_CONFIG does not make the suite run the pre-flight a second time.
  PREFLIGHT_CONFIG=$WORK/preflight.toml PREFLIGHT_REPORT=$WORK/elsewhere.json \
    GITHUB_STEP_SUMMARY=$WORK/step-summary.md run_suite 0 --markdown "$WORK/summary.md" -- --gtest_filter='Passing.*'
  has "$WORK/summary.md" '^### preflight: 1 test: 1 passed'
  has "$WORK/step-summary.md" '^### preflight: 1 test: 1 passed'
  [ "$(grep -c '^### preflight' "$WORK/step-summary.md")" -eq 1 ] || fail "the step summary was written twice"
  has "$WORK/report.json" '"summary":\{"total":1,"passed":1'
  has "$WORK/report.json" '"preflight":\{"schema":"preflight.check/v1","status":"passed"'
  [ "$(grep -c '^preflight passed' "$WORK/out.txt")" -eq 1 ] || fail "the pre-flight ran twice"
  ;;
code_failure_wins_and_is_never_retried)
  run_suite 1 --retry-infra 2 -- --gtest_filter='Code.*:Infra.*'
  has "$WORK/out.txt" 're-running 3 infra-failed tests'
  ! grep -q 're-running .*Code\.' "$WORK/out.txt" || fail "a code failure was retried"
  [ "$(grep -c 'RUN .*Code.WrongArithmetic' "$WORK/out.txt")" -eq 1 ] || fail "Code.WrongArithmetic did not run exactly once"
  [ "$(grep -c 'RUN .*Infra.BackendRefusesConnections' "$WORK/out.txt")" -eq 3 ] || fail "infra tests were not retried twice"
  has "$WORK/report.json" '"failed_code":4'
  ;;
github_annotations_for_code_failures_only)
  GITHUB_ACTIONS=true run_suite 1 -- --gtest_filter='Code.*:Infra.*'
  has "$WORK/out.txt" '^::error file=.*sample_suite_test.cc,line=[0-9]+,title=Code.WrongArithmetic failed in code \(assertion\)::'
  [ "$(grep -c '^::error' "$WORK/out.txt")" -eq 4 ] || fail "expected 4 annotations (the code failures)"
  ;;
infra_only_exits_75)
  run_suite 75 -- --gtest_filter='Infra.*'
  has "$WORK/report.xml" '<error type="infra:connect"'
  ;;
flaky_infra_passes_on_retry)
  run_suite 0 --retry-infra 1 --set-env SAMPLE_FLAKY_MARKER=$WORK/flaky.marker -- --gtest_filter='Flaky.*:Passing.*'
  has "$WORK/out.txt" 're-running 1 infra-failed test'
  has "$WORK/report.json" '"flaky":1'
  has "$WORK/report.json" '"name":"Flaky.SecondTimeLucky","classname":"Flaky","outcome":"passed".*"attempts":2'
  has "$WORK/report.xml" '<flakyError type="infra:connect" message="GET http://127.0.0.1/orders: Recv failure: Connection reset by peer">'
  ;;
preflight_failed_suite_not_started)
  # Staging down, the headline case: every report says the pre-flight failed and the suite did
  # not run, with the checks, why, and how long was waited.
  GITHUB_STEP_SUMMARY=$WORK/step-summary.md run_suite 75 --markdown "$WORK/summary.md" -- --gtest_filter='Passing.*'
  has "$WORK/out.txt" 'the suite was not started because the pre-flight failed'
  ! grep -q 'Passing.Works' "$WORK/out.txt" || fail "the suite ran"
  has "$WORK/report.json" '"status":"failed"'
  has "$WORK/report.json" '"not_run":"the pre-flight failed: api \(http_5xx\)"'
  has "$WORK/report.xml" '<system-out>the suite did not run: the pre-flight failed: api \(http_5xx\)</system-out>'
  for summary in "$WORK/summary.md" "$WORK/step-summary.md"; do
    has "$summary" '^### preflight: the suite did not run — the pre-flight failed: api \(http_5xx\) \(exit 75\)'
    has "$summary" '^\| `api` \| http \| failed \| http_5xx: GET http://127.0.0.1:[0-9]+/down: HTTP 503.* \| [0-9.]+m?s \(budget 500ms per attempt\) \| 1 \|$'
  done
  has "$WORK/report.xml" '<testcase classname="preflight.http" name="api".*'
  has "$WORK/report.xml" '<error type="infra:http_5xx"'
  ;;
without_a_config)
  # No preflight.toml and no --config: no pre-flight, one line says so; the split still works.
  mkdir -p "$WORK/empty" && cd "$WORK/empty"
  expect_exit 1 "$PREFLIGHT" run --json "$WORK/report.json" -- "$SUITE" --gtest_filter='Passing.*:Code.WrongArithmetic:Infra.BackendRefusesConnections'
  has "$WORK/out.txt" '^preflight run: no pre-flight \(preflight.toml not found and no --config\)'
  has "$WORK/report.json" '"summary":\{"total":3,"passed":1,"failed_code":1,"failed_config":0,"failed_infra":1'
  cd - >/dev/null
  # A --config that does not exist is still an error.
  expect_exit 2 "$PREFLIGHT" run --config "$WORK/missing.toml" -- "$SUITE"
  ;;
env_files_reach_the_suite)
  # The .env files given to run are the suite's environment too; real variables win.
  printf 'FROM_FILE=file-value\nBOTH=file-loses\n' >"$WORK/extra.env"
  BOTH=real-wins expect_exit 0 "$PREFLIGHT" run --config "$WORK/preflight.toml" --env-file "$WORK/extra.env" \
    -- sh -c 'echo "FROM_FILE=$FROM_FILE BOTH=$BOTH"'
  has "$WORK/out.txt" '^FROM_FILE=file-value BOTH=real-wins$'
  ;;
suite_output_masks_secrets)
  # What the suite prints passes through run with the secrets preflight knows masked; GitHub
  # Actions is told to mask them too.
  DB_PASSWORD=hunter2-secret GITHUB_ACTIONS=true expect_exit 0 "$PREFLIGHT" run --config "$WORK/preflight.toml" \
    -- sh -c 'echo "connecting with hunter2-secret"; echo "GET http://ci:pw-in-url@host/x" >&2'
  has "$WORK/out.txt" '^::add-mask::hunter2-secret$'
  has "$WORK/out.txt" '^connecting with \*\*\*$'
  has "$WORK/out.txt" '^GET http://ci:\*\*\*@host/x$'
  [ "$(grep -c 'hunter2-secret' "$WORK/out.txt")" -eq 1 ] || fail "the secret was printed outside ::add-mask::"
  ! grep -q pw-in-url "$WORK/out.txt" || fail "a URL password was printed"
  ;;
circuit_breaker_asks_staging_first)
  # Staging's checks pass: the breaker stays closed and no test is hidden (outage_cases.sh
  # covers a staging that is down).
  run_suite 75 --circuit-breaker 2 -- --gtest_filter='Infra.*:Passing.*'
  has "$WORK/out.txt" "2 consecutive infrastructure failures, but staging's checks pass: continuing"
  ! grep -q '"outcome":"skipped"' "$WORK/report.json" || fail "a test was skipped"
  ;;
circuit_breaker_share_of_the_first_tests)
  run_suite 1 --circuit-breaker 0 --circuit-breaker-share 50%/4 -- --gtest_filter='Passing.*:Infra.*:Code.*'
  has "$WORK/out.txt" "3 of the first 4 tests failed for infrastructure \(more than 50%\), but staging's checks pass: continuing"
  has "$WORK/report.json" '"name":"Code.WrongArithmetic","classname":"Code","outcome":"failed"'
  run_suite 2 --circuit-breaker-share half -- --gtest_filter='Passing.*'
  has "$WORK/out.txt" 'preflight run: --circuit-breaker-share "half": write PERCENT%/TESTS, e.g. 50%/20'
  ;;
suite_without_the_listener_keeps_its_exit_code)
  # No preflight report: no split to tell, and the suite's own exit code, not a made-up "code".
  expect_exit 3 "$PREFLIGHT" run --config "$WORK/preflight.toml" -- sh -c 'echo a plain suite; exit 3'
  has "$WORK/out.txt" "^\[preflight run\] no split \(the suite is not linked with preflight's listener\): it exited 3$"
  expect_exit 0 "$PREFLIGHT" run --config "$WORK/preflight.toml" -- true
  ;;
rules_file_classifies_the_suites_failures)
  # Without the rules the failed SetUpTestSuite is infra (exit 75); a rule of the team's says
  # it is their known bug.
  printf '[[rule]]\nname = "known_bug"\ncategory = "known_bug"\nkind = "code"\npatterns = ["port 1 failed"]\n' \
    >"$WORK/rules.toml"
  run_suite 75 -- --gtest_filter='Database.*'
  run_suite 1 --rules "$WORK/rules.toml" -- --gtest_filter='Database.*'
  has "$WORK/report.json" '"failure_kind":"code","category":"known_bug","evidence":\{"rule":"user.known_bug"'
  # A bad rules file stops the run before the pre-flight, with its line.
  printf '[[rule]]\nname = "broken"\nkind = "sometimes"\n' >"$WORK/bad-rules.toml"
  run_suite 2 --rules "$WORK/bad-rules.toml" -- --gtest_filter='Passing.*'
  has "$WORK/out.txt" 'bad-rules.toml:3'
  ! grep -q '^\[ RUN' "$WORK/out.txt" || fail "the suite ran with a bad rules file"
  ;;
pass_env_gives_the_suite_only_what_is_named)
  KEEP_ME=kept DROP_ME=dropped "$PREFLIGHT" run --config "$WORK/preflight.toml" --pass-env 'KEEP_*' \
    --set-env ADDED=1 -- env >"$WORK/out.txt" 2>&1 || fail "exit code $?"
  cat "$WORK/out.txt"
  for expected in '^KEEP_ME=kept$' '^ADDED=1$' '^PATH=' '^PREFLIGHT_REPORT='; do has "$WORK/out.txt" "$expected"; done
  has "$WORK/out.txt" 'preflight run: env wrote no preflight report, so there is no infra/code split: link it with preflight::gtest_main'
  ! grep -q DROP_ME "$WORK/out.txt" || fail "DROP_ME was passed"
  KEEP_ME=kept DROP_ME=dropped "$PREFLIGHT" run --config "$WORK/preflight.toml" -- env >"$WORK/out.txt" 2>&1
  has "$WORK/out.txt" '^DROP_ME=dropped$'
  run_suite 2 --pass-env 'KEEP-*' -- --gtest_filter='Passing.*'
  has "$WORK/out.txt" 'preflight run: --pass-env KEEP-\*: write a variable name'
  ;;
merge_of_three_shards_equals_the_unsharded_run)
  PREFLIGHT_REPORT=$WORK/all.json "$SUITE" >/dev/null 2>&1
  for index in 0 1 2; do
    GTEST_TOTAL_SHARDS=3 GTEST_SHARD_INDEX=$index PREFLIGHT_REPORT=$WORK/shard$index.json "$SUITE" >/dev/null 2>&1
  done
  # Exit 1: the suite has code failures.
  expect_exit 1 "$PREFLIGHT" report merge "$WORK"/shard{0,1,2}.json --json "$WORK/merged.json" \
    --junit "$WORK/merged.xml" --markdown "$WORK/merged.md"
  summary() { sed -n 's/^"summary":\(.*\),$/\1/p' "$1"; }
  [ -n "$(summary "$WORK/all.json")" ] || fail "no summary in the unsharded report"
  [ "$(summary "$WORK/merged.json")" = "$(summary "$WORK/all.json")" ] || fail "summaries differ: $(summary "$WORK/merged.json") vs $(summary "$WORK/all.json")"
  outcomes() { grep -o '"name":"[^"]*","classname":"[^"]*","outcome":"[a-z]*","failure_kind":[a-z"]*' "$1" | sort; }
  [ "$(outcomes "$WORK/merged.json")" = "$(outcomes "$WORK/all.json")" ] || fail "per-test outcomes differ"
  has "$WORK/merged.xml" '<error type="infra:connect"'
  has "$WORK/merged.md" 'Failed for infrastructure'
  expect_exit 2 "$PREFLIGHT" report merge "$WORK/shard0.json" "$WORK/shard0.json"
  has "$WORK/out.txt" 'preflight report merge: .* is in both .*shard0.json and .*shard0.json: give each shard.s report once'
  ;;
crash_in_the_middle_later_tests_still_run)
  SAMPLE_CRASH=1 run_suite 1 --
  has "$WORK/out.txt" 'the suite was killed by signal 6 .*running the 8 tests it had not reached in a fresh process'
  has "$WORK/report.json" '"name":"Crash.AbortsTheProcess","classname":"Crash","outcome":"failed","failure_kind":"code","category":"crash".*signal 6'
  has "$WORK/report.json" '"name":"Code.WrongArithmetic"'
  has "$WORK/report.json" '"name":"Infra.ScopedTag"'
  has "$WORK/report.json" '"summary":\{"total":15,'
  has "$WORK/report.json" 'signal 6 [^"]*last output:\\n\[ RUN      \] Crash.AbortsTheProcess\\ncharging the card, then the process dies"'
  ;;
sigterm_is_forwarded_and_reports_are_written)
  "$PREFLIGHT" run --config "$WORK/preflight.toml" --json "$WORK/report.json" -- sh -c 'sleep 29.75' >"$WORK/out.txt" 2>&1 &
  pid=$!
  sleep 1
  kill -TERM "$pid"
  wait "$pid"
  code=$?
  cat "$WORK/out.txt"
  [ "$code" -eq 143 ] || fail "exit code $code after SIGTERM, expected 143"
  has "$WORK/report.json" '"schema":"preflight.tests/v1"'
  # The suite's process group got the signal before run exited; give the kernel a moment to reap.
  for _ in $(seq 40); do pgrep -f 'sleep 29.75' >/dev/null || break; sleep 0.05; done
  ! pgrep -f 'sleep 29.75' >/dev/null || { pkill -f 'sleep 29.75'; fail "the suite outlived preflight run"; }
  ;;
hang_bounded_by_test_timeout)
  SAMPLE_HANG=1 run_suite 1 --test-timeout 1s -- --gtest_filter='Hang.*:Code.*:Passing.*'
  has "$WORK/report.json" '"name":"Hang.WaitsForever","classname":"Hang","outcome":"failed","failure_kind":"code","category":"hang".*Hang.WaitsForever ran longer than --test-timeout 1s: killed'
  has "$WORK/report.json" '"name":"Code.WrongArithmetic"'
  has "$WORK/report.json" '"summary":\{"total":6,"passed":1,"failed_code":5'
  # Its last output, with the password in the URL redacted.
  has "$WORK/report.json" 'killed\\nlast output:\\n\[ RUN      \] Hang.WaitsForever\\nGET http://app:\*\*\*@127.0.0.1/orders: waiting for the reply"'
  ! grep -q hang-secret "$WORK/report.json" "$WORK/report.xml" || fail "a password in the report"
  ;;
hang_before_the_first_test_bounded_by_test_timeout)
  # The global set-up hangs in every process: each is killed, once, and no test is lost.
  SAMPLE_SETUP_HANG=1 run_suite 1 --test-timeout 1s -- --gtest_filter='Code.*:Passing.*'
  has "$WORK/out.txt" 'the suite was killed \(the suite ran longer than --test-timeout 1s before its first test\); running the 5 tests it had not reached in a fresh process'
  has "$WORK/report.json" '"name":"preflight_listener_sample_suite.\[before Passing.Works\]","classname":"preflight_listener_sample_suite","outcome":"failed","failure_kind":"code","category":"hang".*the suite ran longer than --test-timeout 1s before its first test: killed\\nlast output:\\n[^"]*starting the fixture server"'
  has "$WORK/report.json" '"name":"Code.WrongArithmetic","classname":"Code","outcome":"skipped".*"skip_reason":"not run: the suite was killed \(the suite ran longer than --test-timeout 1s before its first test\) before reaching it, in a fresh process too"'
  has "$WORK/report.json" '"summary":\{"total":6,"passed":0,"failed_code":1,"failed_config":0,"failed_infra":0,"skipped":5'
  ;;
hang_bounded_by_suite_timeout)
  SAMPLE_HANG=1 run_suite 1 --suite-timeout 2s -- --gtest_filter='Hang.*:Code.*:Passing.*'
  has "$WORK/report.json" '"category":"hang".*the suite ran longer than --suite-timeout 2s'
  has "$WORK/report.json" '"name":"Code.WrongArithmetic","classname":"Code","outcome":"skipped".*"skip_reason":"not run: the suite ran longer than --suite-timeout 2s"'
  ;;
in_process_preflight_not_ready)
  PREFLIGHT_CLI=$PREFLIGHT PREFLIGHT_CONFIG=$WORK/preflight.toml PREFLIGHT_REPORT=$WORK/report.json \
    expect_exit 75 "$SUITE" --gtest_output=xml:"$WORK/gtest.xml"
  has "$WORK/out.txt" '^\[preflight\] no test ran: preflight FAILED: api \(http_5xx\)'
  ! grep -q 'Expected equality' "$WORK/out.txt" || fail "a test body ran"
  # GoogleTest's XML says skipped, never passed. Its console is silent: a "[  SKIPPED ]" line
  # would make CTest (gtest_discover_tests' skip regex) count staging down as a skip.
  ! grep -q '^\[  SKIPPED \]\|^\[  PASSED  \]' "$WORK/out.txt" || fail "GoogleTest's console said skipped or passed"
  has "$WORK/gtest.xml" '<testsuites tests="14" .*skipped="14"|<testsuites tests="14" failures="0" disabled="0" errors="0"'
  [ "$(grep -c 'no test ran: \|^not run: ' "$WORK/out.txt")" -eq 1 ] || fail "the reason was printed more than once"
  has "$WORK/report.json" '"skip_reason":"not run: preflight FAILED: api \(http_5xx\)'
  has "$WORK/report.json" '"summary":\{"total":14,"passed":0,"failed_code":0,"failed_config":0,"failed_infra":0,"skipped":14'
  has "$WORK/report.json" '"preflight":\{"schema":"preflight.check/v1","status":"failed"'
  # Without the CLI: a clear usage error, and still no test body runs.
  PREFLIGHT_CLI=$WORK/no-such-preflight PREFLIGHT_CONFIG=$WORK/preflight.toml expect_exit 2 "$SUITE"
  has "$WORK/out.txt" 'no test ran: cannot run .*no-such-preflight: No such file or directory'
  ! grep -q 'Expected equality' "$WORK/out.txt" || fail "a test body ran"
  ;;
in_process_preflight_ready)
  PREFLIGHT_CONFIG=$WORK/preflight.toml PREFLIGHT_REPORT=$WORK/report.json \
    expect_exit 0 "$SUITE" --gtest_filter='Passing.*'
  has "$WORK/out.txt" 'preflight passed: 1 check'
  has "$WORK/out.txt" 'OK \] Passing.Works'
  has "$WORK/report.json" '"preflight":\{"schema":"preflight.check/v1","status":"passed"'
  ;;
only_when_unmet_skips_the_preflight)
  printf '[run]\nonly_when = { TEST_ENV = "staging" }\n' | cat - "$WORK/preflight.toml" >"$WORK/only.toml"
  mv "$WORK/only.toml" "$WORK/preflight.toml"
  unset TEST_ENV
  run_suite 0 -- --gtest_filter='Passing.*'
  has "$WORK/out.txt" 'pre-flight skipped: TEST_ENV is not set, not "staging"'
  TEST_ENV=local run_suite 0 -- --gtest_filter='Passing.*'
  has "$WORK/out.txt" 'pre-flight skipped: TEST_ENV is "local", not "staging" \(\[run\] only_when'
  TEST_ENV=staging run_suite 75 -- --gtest_filter='Passing.*'
  has "$WORK/out.txt" 'the suite was not started because the pre-flight failed'
  ;;
failure_naming_a_degraded_dependency_is_infra)
  # The connector fails the pre-flight but is not required: the suite runs, and a plain
  # assertion naming the connector's host and port is attributed to it.
  cat >"$WORK/preflight.toml" <<TOML
[retry]
attempts = 1
[checks.connector]
type = "http"
url = "http://127.0.0.1:$HTTP_PORT/down"
warmup = "300ms"
required = false
TOML
  SAMPLE_ORDERS_URL=http://127.0.0.1:$HTTP_PORT run_suite 75 -- --gtest_filter='Degraded.*'
  has "$WORK/report.json" '"name":"Degraded.OrderNeverArrives","classname":"Degraded","outcome":"failed","failure_kind":"infra","category":"http_5xx","evidence":\{"rule":"preflight.degraded_dependency","text":"GET http://127.0.0.1:[0-9]+/orders/7 returned no order \[connector failed the pre-flight \(http_5xx: '
  # The same failure naming another backend is a code failure.
  SAMPLE_ORDERS_URL=http://127.0.0.1:1 run_suite 1 -- --gtest_filter='Degraded.*'
  has "$WORK/report.json" '"name":"Degraded.OrderNeverArrives","classname":"Degraded","outcome":"failed","failure_kind":"code","category":"assertion"'
  ;;
suite_output_passes_through)
  # stdout and stderr stay apart, and can be opened again by path as /dev/stdout is (pipes can,
  # sockets cannot).
  "$PREFLIGHT" run --config "$WORK/preflight.toml" -- \
    sh -c 'echo via-fd-1 >/proc/self/fd/1 && echo via-fd-2 >/proc/self/fd/2' \
    >"$WORK/out.txt" 2>"$WORK/err.txt" || { cat "$WORK/out.txt" "$WORK/err.txt"; fail "exit code $?"; }
  has "$WORK/out.txt" '^via-fd-1$'
  has "$WORK/err.txt" '^via-fd-2$'
  # A daemon the suite leaves behind holds the pipes open: run still ends (after a short drain).
  start=$(date +%s)
  "$PREFLIGHT" run --config "$WORK/preflight.toml" -- sh -c '(exec sleep 37 &); echo started' \
    >"$WORK/out.txt" 2>&1 || fail "exit code $?"
  pkill -f 'sleep 37'
  has "$WORK/out.txt" '^started$'
  [ $(($(date +%s) - start)) -lt 20 ] || fail "run waited for the daemon"
  ;;
missing_suite_is_a_usage_error)
  # Said at once, even while staging is down (the pre-flight would take its budget first).
  sed -i 's|/health"|/down"|' "$WORK/preflight.toml"
  SUITE=$WORK/no-such-suite run_suite 2 --
  has "$WORK/out.txt" 'cannot run the suite: .*no-such-suite: no such file'
  ! grep -q 'preflight FAILED' "$WORK/out.txt" || fail "the pre-flight ran first"
  SUITE=e2e_testz run_suite 2 --
  has "$WORK/out.txt" 'e2e_testz: not found on PATH'
  SUITE=/ run_suite 2 --
  has "$WORK/out.txt" 'cannot run the suite: /: is a directory'
  ;;
unusable_tmpdir_is_a_usage_error)
  # Said at once, not after the pre-flight and not as an abort (it was a filesystem_error).
  sed -i 's|/health"|/down"|' "$WORK/preflight.toml"
  for tmpdir in "$WORK/no-such-dir" /etc/passwd; do
    TMPDIR=$tmpdir run_suite 2 --
    has "$WORK/out.txt" "cannot create a scratch directory in $tmpdir: .*(No such file|Not a directory)"
    has "$WORK/out.txt" 'hint: set TMPDIR to a writable directory'
    ! grep -q 'preflight FAILED' "$WORK/out.txt" || fail "the pre-flight ran first"
  done
  ;;
bypassed_run_names_the_bypass)
  # Staging is down, but an emergency bypass is live: every report says so, with the expiry.
  expiry=$(date -u -d '+3 days' +%Y-%m-%d)
  printf 'BYPASS_INFRASTRUCTURE_VALIDATION=true\nEMERGENCY_BYPASS_EXPIRY=%s\n' "$expiry" >"$WORK/.env.bypass"
  sed -i 's|/health"|/down"|' "$WORK/preflight.toml"
  printf '[bypass]\nenv_files = ["%s"]\n' "$WORK/.env.bypass" >>"$WORK/preflight.toml"
  run_suite 0 --markdown "$WORK/summary.md" -- --gtest_filter='Passing.*'
  has "$WORK/summary.md" "EMERGENCY BYPASS active until $expiry \(BYPASS_INFRASTRUCTURE_VALIDATION\)"
  has "$WORK/report.xml" 'classname="\[preflight\]" name="\[emergency bypass\]"'
  grep -q "<skipped message=\"EMERGENCY BYPASS active until $expiry" "$WORK/report.xml" || fail "the JUnit does not name the bypass"
  "$PREFLIGHT" check --config "$WORK/preflight.toml" --junit "$WORK/check.xml" >/dev/null 2>&1
  has "$WORK/check.xml" "<skipped message=\"EMERGENCY BYPASS active until $expiry \(BYPASS_INFRASTRUCTURE_VALIDATION, set in .*\): failed, turned into a warning"
  has "$WORK/check.xml" '<property name="preflight.emergency_bypass"'
  ;;
reports_keep_their_mode_and_never_follow_symlinks)
  # A new report follows the umask; a replaced one keeps its mode; a step summary that is a
  # symbolic link is not followed (its target is left alone) and the run says so.
  (umask 077 && run_suite 1 -- --gtest_filter='Code.*')
  [ "$(stat -c %a "$WORK/report.json")" = 600 ] || fail "umask 077 gave $(stat -c %a "$WORK/report.json")"
  chmod 640 "$WORK/report.json"
  run_suite 1 -- --gtest_filter='Code.*'
  [ "$(stat -c %a "$WORK/report.json")" = 640 ] || fail "a 0640 report became $(stat -c %a "$WORK/report.json")"
  echo "precious" >"$WORK/target.md"
  ln -s "$WORK/target.md" "$WORK/summary-link.md"
  GITHUB_STEP_SUMMARY=$WORK/summary-link.md run_suite 1 -- --gtest_filter='Code.*'
  [ "$(cat "$WORK/target.md")" = precious ] || fail "the step summary's symlink was followed"
  has "$WORK/out.txt" 'summary-link.md: it is a symbolic link \(not followed\)'
  ;;
large_env_file)
  # 100 000 lines: read in linear time; more than a program's environment can hold, said at once
  # with a report, not after minutes.
  python3 -c 'print("\n".join(f"VAR_{i}=value-{i}-xxxxxxxxxxxxxxxxxxxx" for i in range(100000)))' >"$WORK/big.env"
  "$PREFLIGHT" config validate --config "$WORK/preflight.toml" --env-file "$WORK/big.env" >/dev/null || fail "validate"
  expect_exit 2 "$PREFLIGHT" run --env-file "$WORK/big.env" --json "$WORK/report.json" -- "$SUITE"
  has "$WORK/out.txt" 'its environment \(1000[0-9]{2} variables, [0-9]+ KiB, most from the .env files\) is more than the kernel gives'
  has "$WORK/report.json" '"not_run": ?"the suite could not be started: .*argument list too long'
  ;;
*) fail "unknown case" ;;
esac
# Every JSON report this case wrote matches the published schema (docs/schemas/).
reports=$(ls "$WORK"/*.json 2>/dev/null | grep -v '/expected' || true)
[ -z "$reports" ] || /usr/bin/python3 "$(dirname "$0")/../validate_report.py" $reports || fail "a report does not match its schema"
echo "ok [$CASE]"
