#!/usr/bin/env bash
# Wall time of a 10 000-test suite (1% infra failures, 1% code failures) under GoogleTest's main
# and under preflight's (listener installed): without report files, and with reports (GoogleTest's
# own XML vs preflight's JUnit + JSON). Medians of N runs of each, interleaved; instruction
# counts under callgrind (deterministic); then the classifier's throughput.
# Usage: bench/listener_overhead.sh [RUNS]   (needs the release build: cmake --preset release && cmake --build --preset release)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/.." && pwd)
build=${PREFLIGHT_BUILD_DIR:-$root/build/release}/bench
runs=${1:-11}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
overhead() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.1f%%", (a / b - 1) * 100 }'; }
read -r plain listener < <(interleaved_medians "$runs" "'$build/preflight_suite_gtest_main'" \
  "'$build/preflight_suite_preflight_main'")
read -r gtest_xml reports < <(interleaved_medians "$runs" \
  "'$build/preflight_suite_gtest_main' --gtest_output=xml:'$work/g.xml'" \
  "PREFLIGHT_REPORT='$work/r.json' PREFLIGHT_JUNIT='$work/r.xml' '$build/preflight_suite_preflight_main'")
echo "10 000-test suite, $runs runs, medians (goal: overhead <= 5%):"
echo "  no report files:  GoogleTest main ${plain} ms, preflight main ${listener} ms: $(overhead "$listener" "$plain")"
echo "  with reports:     GoogleTest XML ${gtest_xml} ms, preflight JUnit + JSON ${reports} ms: $(overhead "$reports" "$gtest_xml")"
# Wall times on a shared 2-core machine swing by 10-20%; instruction counts do not.
if command -v valgrind >/dev/null; then
  instructions() { { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null || true; } | sed -n 's/.*Collected : //p'; }
  plain_i=$(instructions "$build/preflight_suite_gtest_main")
  listener_i=$(instructions "$build/preflight_suite_preflight_main")
  echo "  instructions (callgrind): GoogleTest main ${plain_i}, preflight main ${listener_i}: $(overhead "$listener_i" "$plain_i")"
fi
"$build/preflight_classify_bench"
