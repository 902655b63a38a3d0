#!/usr/bin/env bash
# Installs the build tree into a scratch prefix, then configures, builds and runs the consumer
# project against that prefix only. Usage: run.sh BUILD_DIR CONSUMER_SOURCE_DIR SANITIZE(0|1)
set -euo pipefail
build_dir=$1 source_dir=$2 sanitize=$3
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cmake --install "$build_dir" --prefix "$scratch/prefix" >/dev/null
# A project as strict as cpr's (-Werror on top of its warnings) and without exceptions, as
# sogou/workflow's tests: the listener it compiles builds.
cxx_flags="-Wall -Wextra -Wpedantic -Wconversion -Wshadow -Werror -fno-exceptions"
flags=()
if [ "$sanitize" = 1 ]; then
  cxx_flags+=" -fsanitize=address,undefined"
  flags=(-DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined")
fi
cmake -S "$source_dir" -B "$scratch/build" -DCMAKE_PREFIX_PATH="$scratch/prefix" \
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF -DCMAKE_CXX_FLAGS="$cxx_flags" "${flags[@]}" >/dev/null
cmake --build "$scratch/build" -j2 >/dev/null
test -x "$scratch/prefix/bin/preflight"
"$scratch/prefix/bin/preflight" --version
PREFLIGHT_REPORT="$scratch/report.json" "$scratch/build/consumer_e2e_tests"
grep -q '"schema":"preflight.tests/v1"' "$scratch/report.json" || { echo "the installed listener wrote no report" >&2; exit 1; }
# preflight_add_e2e_test: the suite runs when staging is up and is "Not Run" when it is down.
(cd "$scratch/build" && ctest --output-on-failure >"$scratch/ctest.txt" 2>&1) || true
cat "$scratch/ctest.txt"
grep -qE 'e2e_up.preflight .*Passed' "$scratch/ctest.txt" && grep -qE 'e2e_up .*Passed' "$scratch/ctest.txt" &&
  grep -qE 'e2e_down.preflight .*Failed' "$scratch/ctest.txt" && grep -qE 'e2e_down .*Not Run' "$scratch/ctest.txt" ||
  { echo "preflight_add_e2e_test did not gate the suite on the pre-flight" >&2; exit 1; }
