#!/usr/bin/env bash
# One process per test under CTest, against the installed package: preflight_discover_tests and
# plain gtest_discover_tests give one true report for a `ctest -j2` run with failures of every
# kind; staging down is never "100% tests passed"; listing the tests starts no pre-flight.
# Usage: run.sh BUILD_DIR SOURCE_DIR UP_CONFIG DOWN_CONFIG
set -euo pipefail
build_dir=$1 source_dir=$2 up=$3 down=$4
here=$(cd "$(dirname "$0")" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
summary() {  # FILE → "total passed code config infra skipped status"
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); s=r["summary"]
print(s["total"], s["passed"], s["failed_code"], s["failed_config"], s["failed_infra"], s["skipped"], r["status"])' "$1"
}

cmake --install "$build_dir" --prefix "$scratch/prefix" >/dev/null
# Discovery runs while the build does, with PREFLIGHT_CONFIG (staging down) exported.
export PREFLIGHT_CONFIG=$down
cmake -S "$source_dir" -B "$scratch/build" -DCMAKE_PREFIX_PATH="$scratch/prefix" \
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF -DSTAGING_CONFIG="$up" >/dev/null
cmake --build "$scratch/build" -j2 >/dev/null || fail "the build (with its test discovery) failed"
listed=$("$scratch/build/discovered_tests" --gtest_list_tests 2>&1)
! grep -q '\[preflight\]\|pre-flight' <<<"$listed" || fail "listing the tests printed preflight's lines: $listed"
unset PREFLIGHT_CONFIG
cd "$scratch/build"

# Staging up: 2 x 6 tests, 3 failing in each registration (code, config, infra).
set +e; ctest -j2 >ctest.txt 2>&1; code=$?; set -e
cat ctest.txt
[ "$code" -ne 0 ] || fail "ctest exited 0 for a red run"
grep -q "tests passed, 6 tests failed out of 14" ctest.txt || fail "ctest's count"
[ "$(summary reports/report.json)" = "6 3 1 1 1 0 complete" ] ||
  fail "preflight_discover_tests' report: $(summary reports/report.json)"
[ "$(summary plain-report.json)" = "6 3 1 1 1 0 complete" ] || fail "plain report: $(summary plain-report.json)"
grep -q '<testsuites name="AllTests" tests="6" failures="2" errors="1" skipped="0"' reports/junit.xml ||
  fail "the JUnit report: $(head -3 reports/junit.xml)"
# Validated with the installed schemas, in a network namespace of its own: nothing is fetched.
offline=(); unshare -n true 2>/dev/null && offline=(unshare -n)
echo "schemas: validating ${offline[*]:-with the network (no namespace could be made)}"
"${offline[@]}" /usr/bin/python3 "$here/../validate_report.py" --schemas "$scratch/prefix/share/preflight/schemas" \
  reports/report.json plain-report.json reports/check.json || fail "a report does not match the installed schemas"
for kind in code:Code.WrongSum config:Config.WrongPassword infra:Infra.BackendDown; do
  grep -q "\"name\":\"${kind#*:}\".*\"failure_kind\":\"${kind%%:*}\"" reports/report.json ||
    fail "${kind#*:} is not ${kind%%:*} in the report"
done

# Staging down: the fixture fails once, the tests do not run, no report says passed.
cmake . -DSTAGING_CONFIG="$down" >/dev/null
set +e; ctest -j2 -E '^plain\.' >ctest-down.txt 2>&1; code=$?; set -e
cat ctest-down.txt
[ "$code" -ne 0 ] || fail "ctest exited 0 with staging down"
! grep -q "100% tests passed" ctest-down.txt || fail "staging down reads as passed"
grep -q "discovered_tests.preflight .*Failed" ctest-down.txt || fail "the fixture did not fail"
[ "$(grep -c 'Not Run' ctest-down.txt)" -ge 6 ] || fail "the tests are not shown Not Run"
[ ! -e reports/report.json ] || fail "the last run's report outlived a run where no test ran"

# The pre-flight per test process (PREFLIGHT_CONFIG exported, plain registration): each exits 75,
# and CTest counts that as failed, not skipped.
set +e; PREFLIGHT_CONFIG=$down ctest -R '^plain\.Passing' >ctest-each.txt 2>&1; code=$?; set -e
cat ctest-each.txt
[ "$code" -ne 0 ] && grep -q "0% tests passed, 2 tests failed out of 2" ctest-each.txt ||
  fail "a pre-flight failing in each test process was not a failure"
[ "$(summary plain-report.json)" = "2 0 0 0 0 2 complete" ] || fail "plain report: $(summary plain-report.json)"

# By hand, the pre-flight's .env files are the tests' environment; a real variable wins.
PREFLIGHT_CONFIG=$here/by_hand.toml ./discovered_tests --gtest_filter='Environment.*' >by-hand.txt 2>&1 ||
  { cat by-hand.txt; fail "by hand, the test did not get the .env file's variable"; }
DISCOVERY_FROM_ENV_FILE=real PREFLIGHT_CONFIG=$here/by_hand.toml ./discovered_tests \
  --gtest_filter='Environment.*' >by-hand.txt 2>&1 && fail "the .env file won over a real variable"
grep -q 'Which is: "real"' by-hand.txt || { cat by-hand.txt; fail "the real variable was not seen"; }
echo "discovery: reports, JUnit and ctest agree"
