#!/usr/bin/env bash
# Installs dependencies, configures, builds (-j2) and runs every test, then a short run of each
# libFuzzer target (the `fuzz` preset, clang-16). The README's test command.
# PRESET=asan runs the tests under AddressSanitizer + UndefinedBehaviorSanitizer instead.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${PRESET:-dev}
bash ci/install-deps.sh
cmake --preset "$preset"
cmake --build --preset "$preset"
ctest --preset "$preset" --output-on-failure
if [ "$preset" = dev ]; then
  cmake --preset fuzz
  cmake --build --preset fuzz
  ctest --preset fuzz
fi
