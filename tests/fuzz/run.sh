#!/usr/bin/env bash
# Runs a libFuzzer target from its seed corpus in a scratch corpus (the seeds in the repository
# are never written to) and prints the figures: executions, coverage, corpus size.
# BUDGET is either N, N executions from seed 1 (CI's smoke: the same inputs on every machine and
# every run, so it passes or fails by the code alone), or Ns, N seconds from a random seed (to
# explore: what it finds goes in the seeds once fixed).
# A crash, leak, timeout or failed invariant fails the run and keeps the input in ./fuzz-crashes.
# Usage: run.sh FUZZER_BINARY SEED_DIR BUDGET
set -uo pipefail
fuzzer=$(realpath "$1") seeds=$(realpath "$2") budget=$3
# A fixed seed alone is not enough: comparisons of addresses feed the mutations, so the smoke also
# runs without address-space randomisation where the system allows it.
case "$budget" in
*s) limit=(-max_total_time="${budget%s}") fixed=() ;;
*) limit=(-runs="$budget" -seed=1) fixed=(setarch "$(uname -m)" -R) ;;
esac
[ "${#fixed[@]}" -eq 0 ] || "${fixed[@]}" true 2>/dev/null || fixed=()
work=$(mktemp -d /tmp/preflight-fuzz-XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/scratch" fuzz-crashes
crashes=$PWD/fuzz-crashes
(cd "$work" && TMPDIR=scratch "${fixed[@]}" "$fuzzer" "${limit[@]}" -timeout=10 -rss_limit_mb=2048 \
  -max_len=65536 -print_final_stats=1 -artifact_prefix="$crashes/$(basename "$fuzzer")-" \
  corpus "$seeds" >log 2>&1)
code=$?
grep -E '^#[0-9]+.*(DONE|pulse)' "$work/log" | tail -1
grep -E '^stat::(number_of_executed_units|new_units_added|peak_rss_mb)' "$work/log"
echo "corpus: $(ls "$work/corpus" | wc -l) inputs"
if [ "$code" -ne 0 ]; then
  grep -E 'ERROR|SUMMARY|Require|abort|what\(\)|==[0-9]+==' "$work/log" | head -20
  echo "FAIL: $(basename "$fuzzer") exited $code; inputs in fuzz-crashes/"
  exit 1
fi
