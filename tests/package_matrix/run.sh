#!/usr/bin/env bash
# Builds the matrix consumer against the installed package for each cell "VERSION:ORDER:LEGACY"
# (VERSION 1.12.1 is Debian's /usr/src/googletest, others the archives in third_party; ORDER
# preflight-first|gtest-first; LEGACY default|removed) and checks every report. Debian's GoogleTest
# package is hidden from find_package: the consumer's own GoogleTest is all there is.
# Usage: run.sh BUILD_DIR SOURCE_DIR CELL...   (exit 77 when an archive is not on this machine)
set -euo pipefail
build_dir=$1 source_dir=$2
shift 2
third_party=${PREFLIGHT_THIRD_PARTY:-$(cd "$source_dir/../../.." && pwd)/../shared/third_party}
[ -d "$third_party" ] || third_party=/work/shared/third_party
scratch=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$scratch"' EXIT
fail() { echo "FAIL [$cell]: $*" >&2; exit 1; }
summary() {
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); s=r["summary"]
print(s["total"], s["passed"], s["failed_code"], s["failed_config"], s["failed_infra"], s["skipped"], r["status"])' "$1"
}
cmake --install "$build_dir" --prefix "$scratch/prefix" >/dev/null
for cell in "$@"; do
  IFS=: read -r version order legacy <<<"$cell"
  source=/usr/src/googletest
  if [ "$version" != 1.12.1 ]; then
    source=$third_party/googletest/googletest-$version.tar.gz
    [ -f "$source" ] || { echo "SKIP: $source is not on this machine" >&2; exit 77; }
  fi
  build=$scratch/build-$version-$order-$legacy
  start=$SECONDS
  cmake -S "$source_dir" -B "$build" -DCMAKE_PREFIX_PATH="$scratch/prefix" \
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF -DGTEST_SOURCE="$source" \
    -DCMAKE_DISABLE_FIND_PACKAGE_GTest=ON \
    -DPREFLIGHT_FIRST=$([ "$order" = preflight-first ] && echo ON || echo OFF) \
    -DLEGACY_REMOVED=$([ "$legacy" = removed ] && echo ON || echo OFF) >"$build.log" 2>&1 ||
    { cat "$build.log"; fail "configure"; }
  cmake --build "$build" -j2 --target matrix_gtest matrix_gmock >>"$build.log" 2>&1 ||
    { tail -40 "$build.log"; fail "build"; }
  # Their GoogleTest, not Debian's prebuilt one, is what the suites link.
  ! grep -rqE "/usr/lib[^ ]*lib(gtest|gmock)" "$build"/CMakeFiles/matrix_g*.dir/link.txt ||
    fail "Debian's libgtest.a is linked"
  PREFLIGHT_REPORT=$build/gtest.json "$build/matrix_gtest" >"$build/gtest.txt" 2>&1 && fail "a red suite exited 0"
  [ "$(summary "$build/gtest.json")" = "4 1 1 0 1 1 complete" ] || fail "gtest_main: $(summary "$build/gtest.json")"
  PREFLIGHT_REPORT=$build/gmock.json "$build/matrix_gmock" --gmock_verbose=info >"$build/gmock.txt" 2>&1 &&
    fail "a red suite exited 0"
  [ "$(summary "$build/gmock.json")" = "2 1 1 0 0 0 complete" ] || fail "gmock_main: $(summary "$build/gmock.json")"
  grep -q "Function call: Now()" "$build/gmock.txt" || fail "--gmock_verbose was not GoogleMock's flag"
  echo "[$cell] reports correct ($((SECONDS - start)) s)"
done
