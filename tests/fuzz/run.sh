#!/usr/bin/env bash
# Runs a libFuzzer target from its seed corpus for SECONDS, in a scratch corpus (the seeds in the
# repository are never written to), and prints the figures: executions, coverage, corpus size.
# A crash, leak, timeout or failed invariant fails the run and keeps the input in ./fuzz-crashes.
# Usage: run.sh FUZZER_BINARY SEED_DIR SECONDS
set -uo pipefail
fuzzer=$1 seeds=$2 seconds=$3
work=$(mktemp -d /tmp/preflight-fuzz-XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" fuzz-crashes
TMPDIR=$work "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -print_final_stats=1 -artifact_prefix="$PWD/fuzz-crashes/$(basename "$fuzzer")-" \
  "$work/corpus" "$seeds" >"$work/log" 2>&1
code=$?
grep -E '^#[0-9]+.*(DONE|pulse)' "$work/log" | tail -1
grep -E '^stat::(number_of_executed_units|new_units_added|peak_rss_mb)' "$work/log"
echo "corpus: $(ls "$work/corpus" | wc -l) inputs"
if [ "$code" -ne 0 ]; then
  grep -E 'ERROR|SUMMARY|Require|abort|==[0-9]+==' "$work/log" | head -20
  echo "FAIL: $(basename "$fuzzer") exited $code; inputs in fuzz-crashes/"
  exit 1
fi
