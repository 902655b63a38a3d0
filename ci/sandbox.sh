#!/usr/bin/env bash
# A local stand-in for staging on 127.0.0.1: PostgreSQL, dnsmasq (staging.test names) and the
# health server, on ports chosen at run time. `up` writes the ports and DATABASE_URL to
# $PREFLIGHT_SANDBOX_DIR/sandbox.env (default .preflight/sandbox) for configs/local.toml.
# Usage: ci/sandbox.sh up|down      (needs a build: cmake --preset dev && cmake --build --preset dev)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export SERVICES_DIR=${PREFLIGHT_SANDBOX_DIR:-$root/.preflight/sandbox}
health_server=${PREFLIGHT_BUILD_DIR:-$root/build/dev}/tests/preflight_health_server

case "${1:-}" in
up)
  [ -x "$health_server" ] || { echo "sandbox: $health_server not built; run: cmake --preset dev && cmake --build --preset dev" >&2; exit 2; }
  [ ! -e "$SERVICES_DIR/sandbox.env" ] || { echo "sandbox: already up ($SERVICES_DIR); run: ci/sandbox.sh down" >&2; exit 2; }
  mkdir -p "$SERVICES_DIR" && chmod 755 "$SERVICES_DIR"
  source "$root/ci/lib/services.sh"
  trap 'services_stop_all' ERR
  init_postgres main && start_postgres main
  start_dnsmasq staging.test=127.0.0.1 api.staging.test=127.0.0.1 db.staging.test=127.0.0.1
  start_health_server "$health_server"
  cat >"$SERVICES_DIR/sandbox.env" <<ENV
# Written by ci/sandbox.sh up; removed by ci/sandbox.sh down.
SANDBOX_DNS_PORT=$DNS_PORT
SANDBOX_HTTP_PORT=$HTTP_PORT
SANDBOX_PG_PORT=$PG_PORT
SANDBOX_RUN=$(date +%s)-$$
DATABASE_PASSWORD=app-secret
DATABASE_URL=postgres://app:\${DATABASE_PASSWORD}@127.0.0.1:$PG_PORT/app
ENV
  echo "sandbox up: dns 127.0.0.1:$DNS_PORT, http 127.0.0.1:$HTTP_PORT, postgres 127.0.0.1:$PG_PORT ($SERVICES_DIR/sandbox.env)"
  ;;
down)
  [ -d "$SERVICES_DIR" ] || { echo "sandbox: not up"; exit 0; }
  source "$root/ci/lib/services.sh"
  services_stop_all
  rm -rf "$SERVICES_DIR"
  echo "sandbox down"
  ;;
*)
  echo "usage: ci/sandbox.sh up|down" >&2
  exit 2
  ;;
esac
