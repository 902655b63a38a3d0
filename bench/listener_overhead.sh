#!/usr/bin/env bash
# Wall time of a 10 000-test suite (1% infra failures, 1% code failures) under GoogleTest's main
# and under preflight's (listener installed): without report files, and with reports (GoogleTest's
# own XML vs preflight's JUnit + JSON). Medians of N runs; then the classifier's throughput.
# Usage: bench/listener_overhead.sh [RUNS]   (needs a build: cmake --build --preset dev)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/.." && pwd)
build=${PREFLIGHT_BUILD_DIR:-$root/build/dev}/bench
runs=${1:-11}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
overhead() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.1f%%", (a / b - 1) * 100 }'; }
plain=$(median_ms "$runs" "$build/preflight_suite_gtest_main")
listener=$(median_ms "$runs" "$build/preflight_suite_preflight_main")
gtest_xml=$(median_ms "$runs" "$build/preflight_suite_gtest_main" --gtest_output="xml:$work/g.xml")
reports=$(median_ms "$runs" env PREFLIGHT_REPORT="$work/r.json" PREFLIGHT_JUNIT="$work/r.xml" "$build/preflight_suite_preflight_main")
echo "10 000-test suite, $runs runs, medians (goal: overhead <= 3%):"
echo "  no report files:  GoogleTest main ${plain} ms, preflight main ${listener} ms: $(overhead "$listener" "$plain")"
echo "  with reports:     GoogleTest XML ${gtest_xml} ms, preflight JUnit + JSON ${reports} ms: $(overhead "$reports" "$gtest_xml")"
"$build/preflight_classify_bench"
