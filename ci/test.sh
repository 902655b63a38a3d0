#!/usr/bin/env bash
# The README's test command: installs dependencies, builds the dev preset (-j2) and runs every
# test, then builds only the libFuzzer targets (the `fuzz` preset, clang-16) and runs each
# briefly. Ends with one line over everything it ran: "N passed, M failed".
# PRESET=asan runs the tests under AddressSanitizer + UndefinedBehaviorSanitizer instead.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${PRESET:-dev}
bash ci/install-deps.sh
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

# "N% tests passed, M tests failed out of T" of one ctest run → "T M"; a run that built nothing
# or crashed counts as one failure.
counts() { sed -n 's/.* tests passed, \([0-9]*\) tests\? failed out of \([0-9]*\).*/\2 \1/p' "$1" | tail -1; }
total=0 failed=0
run_ctest() {
  local name=$1
  shift
  set +e
  ctest "$@" 2>&1 | tee "$log/$name.txt"
  set -e
  read -r t f < <(counts "$log/$name.txt"; echo "1 1")
  total=$((total + t)) failed=$((failed + f))
}

cmake --preset "$preset"
cmake --build --preset "$preset" || { echo "0 passed, 1 failed (the $preset build)"; exit 1; }
run_ctest tests --preset "$preset" --output-on-failure
if [ "$preset" = dev ]; then
  if cmake --preset fuzz && cmake --build --preset fuzz; then
    run_ctest fuzz --preset fuzz
  else
    total=$((total + 1)) failed=$((failed + 1))
  fi
fi
echo
echo "$((total - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
