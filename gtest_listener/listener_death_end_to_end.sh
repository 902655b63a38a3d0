#!/usr/bin/env bash
# However the test process ends, its reports tell the truth, never an earlier run's: a crash
# (SIGSEGV, abort, std::terminate) or exit() during a test gives an "incomplete" report naming
# the test and the signal, with the tests not reached; a kill -9 leaves the "incomplete" report
# written at the start; a death test's child changes nothing; bytes that are not UTF-8 keep the
# JUnit well-formed; an unwritable report path stops the suite before any test, exit 2, and one
# that cannot be written at the end does not exit 0.
set -uo pipefail
suite=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
stale() {  # an earlier run's green reports
  echo '{"schema":"preflight.tests/v1","summary":{"total":6,"passed":6,"failed_code":0,"failed_config":0,"failed_infra":0,"skipped":0,"flaky":0},"preflight":null,"tests":[]}' >"$work/report.json"
  echo '<testsuites tests="6" failures="0" errors="0"/>' >"$work/junit.xml"
}
check() {  # $1: how it died; $2: what the report must say of it
  python3 - "$work/report.json" "$1" "$2" <<'PY' || fail "the report after '$1' is not a true record"
import json, sys
report, how, says = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3]
assert report["status"] == "incomplete", report.get("status")
assert says in report["status_reason"], report["status_reason"]
tests = {t["name"]: t for t in report["tests"]}
if how != "kill":
    assert tests["Dying.Before"]["outcome"] == "passed", tests
    assert tests["Dying.Now"]["outcome"] == "failed" and tests["Dying.Now"]["category"] == "crash", tests
    assert tests["Dying.NeverReached"]["outcome"] == "skipped", tests
    assert "during Dying.Now" in tests["Dying.NeverReached"]["skip_reason"], tests
else:
    assert report["summary"]["failed_code"] == 1 and "[preflight].[incomplete]" in tests, tests
print(f"{how}: {report['status_reason']}")
PY
  python3 -c 'import sys, xml.dom.minidom as m; d = m.parse(sys.argv[1]); assert d.getElementsByTagName("failure"), "no failure in the JUnit"' "$work/junit.xml" ||
    fail "the JUnit after '$1' is not well-formed or shows no failure"
}

for how in segv abort terminate exit; do
  stale
  DYING_HOW=$how PREFLIGHT_REPORT=$work/report.json PREFLIGHT_JUNIT=$work/junit.xml "$suite" >"$work/out.txt" 2>&1
  case $how in
    segv) check segv "signal 11 (Segmentation fault) during Dying.Now" ;;
    abort) check abort "signal 6 (Aborted) during Dying.Now" ;;
    terminate) check terminate "std::terminate was called" ;;
    exit) check exit "the process exited (exit() was called) during Dying.Now" ;;
  esac
done

stale
DYING_HOW=hang DYING_MARKER=$work/started PREFLIGHT_REPORT=$work/report.json PREFLIGHT_JUNIT=$work/junit.xml "$suite" >"$work/out.txt" 2>&1 &
pid=$!
for _ in $(seq 200); do [ -e "$work/started" ] && break; sleep 0.05; done
[ -e "$work/started" ] || fail "the hanging test did not start"
kill -9 "$pid"; wait "$pid" 2>/dev/null
check kill "it was killed before it could write its report"

# It does not die: a complete report, the death test's child notwithstanding.
stale
PREFLIGHT_REPORT=$work/report.json PREFLIGHT_JUNIT=$work/junit.xml "$suite" >"$work/out.txt" 2>&1 || fail "the healthy run failed"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["status"]=="complete" and r["summary"]["passed"]==3, r' "$work/report.json" ||
  fail "a healthy run's report is not complete"

# A failure message that is not UTF-8: the JUnit stays well-formed XML.
DYING_HOW=badbytes PREFLIGHT_REPORT=$work/report.json PREFLIGHT_JUNIT=$work/junit.xml "$suite" >"$work/out.txt" 2>&1
python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' "$work/junit.xml" || fail "the JUnit of a non-UTF-8 failure is not well-formed"

# A report path that cannot be written: said before any test runs, exit 2.
mkdir "$work/a-directory"
PREFLIGHT_REPORT=$work/a-directory "$suite" >"$work/out.txt" 2>&1; code=$?
cat "$work/out.txt"
[ "$code" -eq 2 ] || fail "an unwritable report path: exit $code, not 2"
grep -q "PREFLIGHT_REPORT=$work/a-directory: .*directory" "$work/out.txt" || fail "the unwritable path is not named"
grep -q "Dying.Before" "$work/out.txt" && fail "tests ran although the report could not be written"
# A report that cannot be written at the end: the suite passed, but does not exit 0.
mkdir "$work/vanishing"
DYING_HOW=rmdir PREFLIGHT_REPORT=$work/vanishing/report.json "$suite" >"$work/out.txt" 2>&1; code=$?
[ "$code" -eq 2 ] || { cat "$work/out.txt"; fail "a report that could not be written: exit $code, not 2"; }
grep -q "cannot write $work/vanishing/report.json" "$work/out.txt" || fail "the failed write is not said"

/usr/bin/python3 "$(dirname "$0")/../tests/validate_report.py" "$work"/report.json || fail "a report does not match its schema"
echo "listener death end-to-end: ok"
