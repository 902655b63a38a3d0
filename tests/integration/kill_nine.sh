#!/usr/bin/env bash
# Data safety under kill -9: a 10 000-test suite writing its JSON and JUnit reports over the ones
# of a previous run, and `preflight report merge` writing over its previous output, are killed at
# random moments. Every time, each report is whole, never torn or missing: the suite's is the
# "incomplete" one its listener writes as it starts (or the new one; the previous run's only when
# the kill came before the listener was installed), merge's the previous output or the new one.
# Prints how many kills left which.
# Usage: kill_nine.sh PREFLIGHT_BINARY SUITE_BINARY [KILLS]
set -uo pipefail
PREFLIGHT=$(realpath "$1") SUITE=$(realpath "$2") KILLS=${3:-40}
WORK=$(mktemp -d /tmp/preflight-kill9-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1

# valid FILE KIND: "old" or "new" when FILE is a whole report of the first run (the tests
# All/Many.Case/1*, 1 111 of them) or of the second (all 10 000), "torn" otherwise.
valid() {
  python3 - "$1" "$2" <<'PY'
import json, sys, xml.etree.ElementTree as ET
path, kind = sys.argv[1], sys.argv[2]
try:
    if kind == "json":
        report = json.load(open(path))
        assert report["schema"] == "preflight.tests/v1"
        tests = len(report["tests"])
        if report.get("status") == "incomplete":
            tests = "incomplete"
    else:
        root = ET.parse(path).getroot()
        assert root.tag == "testsuites"
        cases = root.findall(".//testcase")
        tests = len(cases)
        if tests == 1 and cases[0].get("name") == "[incomplete]":
            tests = "incomplete"
    print({1111: "old", 10000: "new", "incomplete": "incomplete"}.get(tests, "torn"))
except Exception as error:
    print("torn:", error, file=sys.stderr)
    print("torn")
PY
}

run_suite() {
  PREFLIGHT_REPORT=$WORK/r.json PREFLIGHT_JUNIT=$WORK/r.xml PREFLIGHT_NETWORK_EVIDENCE=0 \
    "$SUITE" --gtest_filter="$1" >/dev/null 2>&1
}
run_suite 'All/Many.Case/1*'
cp r.json gen1.json
cp r.xml gen1.xml
[ "$(valid r.json json)" = old ] && [ "$(valid r.xml xml)" = old ] ||
  { echo "FAIL: the first run's reports are not what the check expects"; exit 1; }

# How long a whole run takes here: the kills land uniformly over it, and a little after.
start=$(date +%s%N)
run_suite '*'
run_ms=$((($(date +%s%N) - start) / 1000000 + 20))
random_moment() {
  local ms=$((RANDOM * $1 / 32768))
  printf '%d.%03d' $((ms / 1000)) $((ms % 1000))
}

counts_old=0 counts_new=0 counts_incomplete=0 failures=0
for i in $(seq "$KILLS"); do
  cp gen1.json r.json
  cp gen1.xml r.xml
  PREFLIGHT_REPORT=$WORK/r.json PREFLIGHT_JUNIT=$WORK/r.xml \
    PREFLIGHT_NETWORK_EVIDENCE=0 "$SUITE" >/dev/null 2>&1 &
  pid=$!
  sleep "$(random_moment "$run_ms")"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  for kind in json xml; do
    case "$(valid "r.$kind" "$kind")" in
      old) counts_old=$((counts_old + 1)) ;;
      incomplete) counts_incomplete=$((counts_incomplete + 1)) ;;
      new) counts_new=$((counts_new + 1)) ;;
      *) failures=$((failures + 1)); echo "FAIL: kill $i left a torn r.$kind" ;;
    esac
  done
done
echo "suite reports: $KILLS kills x 2 files: $counts_old old (killed before the process started its constructors), $counts_incomplete incomplete, $counts_new new, $failures torn"

# report merge writing over its previous output.
merge_old=0 merge_new=0
"$PREFLIGHT" report merge --json merged.json gen1.json >/dev/null 2>&1  # exits with the split
[ "$(valid merged.json json)" = old ] || { echo "FAIL: merge wrote no report"; exit 1; }
cp merged.json merged1.json
run_suite '*'
start=$(date +%s%N)
"$PREFLIGHT" report merge --json merged.json r.json >/dev/null 2>&1
merge_ms=$((($(date +%s%N) - start) / 1000000 + 5))
for i in $(seq "$KILLS"); do
  cp merged1.json merged.json
  "$PREFLIGHT" report merge --json merged.json r.json >/dev/null 2>&1 &
  pid=$!
  sleep "$(random_moment "$merge_ms")"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  case "$(valid merged.json json)" in
    old) merge_old=$((merge_old + 1)) ;;
    new) merge_new=$((merge_new + 1)) ;;
    *) failures=$((failures + 1)); echo "FAIL: kill $i left a torn merged.json" ;;
  esac
done
echo "report merge: $KILLS kills: $merge_old old, $merge_new new"
leftovers=$(ls | grep -c '\.tmp\.' || true)
echo "temporary files left by the kills: $leftovers (named FILE.tmp.XXXXXX beside the report)"
[ "$failures" -eq 0 ] || exit 1
# Both outcomes must have happened, or the kills did not land where they matter.
[ "$counts_incomplete" -gt 0 ] && [ "$counts_new" -gt 0 ] ||
  { echo "FAIL: the kills never hit both sides of the write"; exit 1; }
