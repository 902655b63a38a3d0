#!/usr/bin/env bash
# The CLI's main paths under valgrind's memcheck: no invalid read or write, no use of
# uninitialised memory, no definite leak. Services are local: the health server on 127.0.0.1,
# a closed port, a DNS server on 127.0.0.1 that refuses.
# Usage: valgrind_cli.sh PREFLIGHT_BINARY HEALTH_SERVER_BINARY SUITE_BINARY
set -uo pipefail
PREFLIGHT=$1 HEALTH_SERVER=$2 SUITE=$3
SUPPRESSIONS=$(realpath "$(dirname "$0")/valgrind.supp")
WORK=$(mktemp -d /tmp/preflight-valgrind-XXXXXX)
chmod 755 "$WORK"
export SERVICES_DIR="$WORK/services"
source "$(dirname "$0")/../../ci/lib/services.sh"
trap 'services_stop_all; rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1

start_health_server "$HEALTH_SERVER" || { echo "health server did not start"; exit 1; }
closed=$(services_random_port)
cat >preflight.toml <<TOML
deadline = "20s"
[retry]
attempts = 2
delay = "100ms"
[checks.api]
type = "http"
url = "http://app:hunter22@127.0.0.1:$HTTP_PORT/health"
warmup = "2s"
[checks.down]
type = "http"
url = "http://127.0.0.1:$HTTP_PORT/down"
warmup = "300ms"
required = false
[checks.db]
type = "postgres"
dsn = "postgresql://app:hunter22@127.0.0.1:$closed/app"
warmup = "300ms"
required = false
[checks.dns]
type = "dns"
hosts = ["api.staging.test"]
servers = ["127.0.0.1:$closed"]
timeout = "300ms"
required = false
TOML

failures=0
# memcheck NAME EXPECTED_EXIT COMMAND...: the command's exit code must be the expected one and
# valgrind must report nothing (exit 99 when it does). STDIN=FILE feeds the command.
memcheck() {
  local name=$1 expected=$2 code
  shift 2
  valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
    --suppressions="$SUPPRESSIONS" \
    --show-leak-kinds=definite --track-origins=yes --log-file="$WORK/$name.valgrind" \
    "$@" >"$WORK/$name.out" 2>&1 <"${STDIN:-/dev/null}"
  code=$?
  if [ "$code" -eq 99 ] || [ -s "$WORK/$name.valgrind" ]; then
    echo "FAIL [$name]: valgrind reports:"; head -60 "$WORK/$name.valgrind"; failures=$((failures + 1))
  elif [ "$code" -ne "$expected" ]; then
    echo "FAIL [$name]: exit $code, expected $expected"; cat "$WORK/$name.out"; failures=$((failures + 1))
  else
    echo "ok   [$name] exit $code, valgrind clean"
  fi
}

memcheck config_validate 0 "$PREFLIGHT" config validate --config preflight.toml
memcheck check_with_failures_and_reports 0 "$PREFLIGHT" check --verbose --json c.json --junit c.xml
echo 'Failed to connect to db port 5432: Connection refused' >message.txt
STDIN=message.txt memcheck classify 75 "$PREFLIGHT" classify
memcheck run_suite 1 "$PREFLIGHT" run --json r.json --junit r.xml -- "$SUITE" --gtest_filter='All/Many.Case/1*'
memcheck report_merge 1 "$PREFLIGHT" report merge --json merged.json r.json
[ "$failures" -eq 0 ] || exit 1
