#!/usr/bin/env bash
# Installs every Debian package the build, the tests and the local sandbox need.
# Idempotent: does nothing (and needs no network) when everything is already installed.
set -euo pipefail

packages=(
  build-essential cmake pkg-config ninja-build
  file                      # cpack: the .deb's dependencies (dpkg-shlibdeps)
  ca-certificates iproute2 procps  # TLS probes; the private network namespaces; pgrep and ps
  libgtest-dev libgmock-dev
  libc-ares-dev libcurl4-openssl-dev libpq-dev
  libtomlplusplus-dev libfmt-dev nlohmann-json3-dev
  libre2-dev libuv1-dev libcli11-dev libcpp-httplib-dev
  libhiredis-dev
  libsqlite3-dev            # the history store's embedded default
  postgresql-15 dnsmasq redis-server
  curl bind9-dnsutils time  # bench/: the stock tools preflight is compared with
  python3-jsonschema        # tests: every report is validated against docs/schemas/
  clang-16 libclang-rt-16-dev  # tests/fuzz: the libFuzzer targets (the `fuzz` preset)
  valgrind                  # tests: the CLI's main paths under memcheck
  chromium                  # tests: the history dashboard rendered in a real headless browser
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
((${#missing[@]})) || exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
