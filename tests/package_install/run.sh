#!/usr/bin/env bash
# The packages: cpack makes a .deb and a .tar.gz; the .deb installs with dpkg -i and a consumer
# builds against /usr; the archive unpacked and moved elsewhere runs its own CLI; and a consumer
# of COMPONENTS gtest configures where the CLI's libraries (libpq, libcurl, c-ares, libuv,
# hiredis, SQLite) are not installed.
# Usage: run.sh BUILD_DIR CONSUMER_SOURCE_DIR UP_CONFIG
set -euo pipefail
build_dir=$1 consumer=$2 up=$3
scratch=$(mktemp -d)
installed=""
cleanup() {
  [ -z "$installed" ] || dpkg -r preflight >/dev/null 2>&1 || true
  rm -rf "$scratch"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

(cd "$scratch" && cpack --config "$build_dir/CPackConfig.cmake" -B "$scratch/packages" >cpack.log 2>&1) ||
  { cat "$scratch/cpack.log"; fail "cpack"; }
deb=$(ls "$scratch"/packages/preflight_*.deb) && archive=$(ls "$scratch"/packages/preflight-*.tar.gz) ||
  fail "cpack made no .deb or .tar.gz: $(ls "$scratch/packages")"
dpkg-deb --contents "$deb" >"$scratch/contents.txt"
for file in ./usr/bin/preflight ./usr/lib/cmake/Preflight/PreflightConfig.cmake \
  ./usr/share/preflight/gtest_listener/listener.cc ./usr/share/preflight/schemas/preflight.tests.v1.schema.json \
  ./usr/include/preflight/gtest_listener.h; do
  grep -q " $file\$" "$scratch/contents.txt" || fail "$file is not in the .deb"
done
echo "cpack: $(basename "$deb"), $(basename "$archive")"

# The archive, unpacked and then moved: its consumer runs the moved prefix's CLI.
mkdir -p "$scratch/unpacked" && tar -xzf "$archive" -C "$scratch/unpacked"
mv "$scratch/unpacked"/preflight-* "$scratch/moved"
cmake -S "$consumer" -B "$scratch/moved-build" -DCMAKE_PREFIX_PATH="$scratch/moved" \
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF >/dev/null
cmake --build "$scratch/moved-build" -j2 --target consumer_e2e_tests >/dev/null
PATH=/usr/bin:/bin PREFLIGHT_CONFIG=$up PREFLIGHT_REPORT=$scratch/moved.json \
  "$scratch/moved-build/consumer_e2e_tests" >"$scratch/moved.txt" 2>&1 ||
  { cat "$scratch/moved.txt"; fail "the moved prefix's suite with its pre-flight"; }
grep -q '"preflight":{"schema":"preflight.check/v1"' "$scratch/moved.json" ||
  fail "the moved prefix's CLI did not run the pre-flight"

# COMPONENTS gtest without the CLI's libraries: only re2's pkg-config file is visible, and
# libpq and libcurl cannot be found.
mkdir -p "$scratch/pkgconfig" && cp /usr/lib/x86_64-linux-gnu/pkgconfig/re2.pc "$scratch/pkgconfig/"
hide=(-DCMAKE_DISABLE_FIND_PACKAGE_PostgreSQL=ON -DCMAKE_DISABLE_FIND_PACKAGE_CURL=ON)
mkdir -p "$scratch/gtest-only"
cat >"$scratch/gtest-only/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.25)
project(gtest_only LANGUAGES CXX)
find_package(Preflight REQUIRED COMPONENTS \${COMPONENT})
add_executable(e2e $consumer/consumer_test.cc)
target_link_libraries(e2e PRIVATE preflight::gtest_main)
CMAKE
PKG_CONFIG_LIBDIR=$scratch/pkgconfig cmake -S "$scratch/gtest-only" -B "$scratch/gtest-only/build" \
  -DCOMPONENT=gtest -DCMAKE_PREFIX_PATH="$scratch/moved" "${hide[@]}" >"$scratch/gtest-only.log" 2>&1 ||
  { cat "$scratch/gtest-only.log"; fail "COMPONENTS gtest needed the CLI's libraries"; }
cmake --build "$scratch/gtest-only/build" -j2 >/dev/null && "$scratch/gtest-only/build/e2e" >/dev/null ||
  fail "the COMPONENTS gtest suite"
PKG_CONFIG_LIBDIR=$scratch/pkgconfig cmake -S "$scratch/gtest-only" -B "$scratch/core-build" \
  -DCOMPONENT=core -DCMAKE_PREFIX_PATH="$scratch/moved" "${hide[@]}" >"$scratch/core.log" 2>&1 &&
  fail "COMPONENTS core configured without its libraries"
grep -q "Preflight" "$scratch/core.log" || { cat "$scratch/core.log"; fail "no message names the package"; }

# The .deb, installed for real, and a consumer built against /usr.
if [ "$(id -u)" != 0 ] || dpkg -s preflight >/dev/null 2>&1; then
  echo "SKIP: the .deb is not installed (not root, or a preflight package is installed already)"
  exit 77
fi
installed=yes
dpkg -i "$deb" >"$scratch/dpkg.log" 2>&1 || { cat "$scratch/dpkg.log"; fail "dpkg -i"; }
cmake -S "$consumer" -B "$scratch/usr-build" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF >/dev/null
grep -q "Preflight_DIR:PATH=/usr/lib/cmake/Preflight" "$scratch/usr-build/CMakeCache.txt" ||
  fail "the consumer did not find the package in /usr"
cmake --build "$scratch/usr-build" -j2 --target consumer_e2e_tests >/dev/null
PREFLIGHT_CONFIG=$up PREFLIGHT_REPORT=$scratch/usr.json "$scratch/usr-build/consumer_e2e_tests" >/dev/null
grep -q '"failed_code":0' "$scratch/usr.json" || fail "the /usr consumer's report"
/usr/bin/preflight --version
echo "packages: .deb installed and used, archive relocated, COMPONENTS gtest without the CLI's libraries"
