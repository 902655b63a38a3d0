#!/usr/bin/env bash
# Installs dependencies, configures, builds (-j2) and runs every test. The README's test command.
# PRESET=asan runs the same under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${PRESET:-dev}
bash ci/install-deps.sh
cmake --preset "$preset"
cmake --build --preset "$preset"
ctest --preset "$preset" --output-on-failure
