#!/usr/bin/env bash
# Resources: (1) 1 000 consecutive pre-flights in one process (HTTP, DNS and PostgreSQL checks
# against local services) without fd or memory growth; (2) one pre-flight of 10 000 DNS names
# and 1 000 HTTP endpoints on one host, under `ulimit -n 256`: it passes because connections to
# a host are capped (8 at once) and reused, not opened a thousand at once. The health server
# counts how many requests it served at once: at most 8.
# Usage: resource_soak.sh PREFLIGHT_BINARY SOAK_BINARY HEALTH_SERVER_BINARY [RUNS]
set -uo pipefail
PREFLIGHT=$1 SOAK=$2 HEALTH_SERVER=$3 RUNS=${4:-1000}
WORK=$(mktemp -d /tmp/preflight-soak-XXXXXX)
chmod 755 "$WORK"
export SERVICES_DIR="$WORK/services"
source "$(dirname "$0")/../../ci/lib/services.sh"
trap 'services_stop_all; rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

start_health_server "$HEALTH_SERVER" || fail "health server"
init_postgres main && start_postgres main || fail "postgres"
# Every name under soak.test resolves: 10 000 distinct names, one dnsmasq.
user_args=()
[ "$(id -u)" -eq 0 ] && user_args=(--user=root --group=root)
for attempt in 1 2 3 4 5; do
  DNS_PORT=$(services_random_port)
  dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts --listen-address=127.0.0.1 \
    --bind-interfaces --port="$DNS_PORT" "${user_args[@]}" --address=/soak.test/127.0.0.1 \
    --dns-forward-max=10000 --cache-size=0 >"$SERVICES_DIR/dnsmasq.log" 2>&1 &
  echo $! >"$SERVICES_DIR/dnsmasq.pid"
  sleep 0.2
  kill -0 "$(cat "$SERVICES_DIR/dnsmasq.pid")" 2>/dev/null && break
done

cat >"$WORK/small.toml" <<TOML
[checks.api]
type = "http"
url = "http://127.0.0.1:$HTTP_PORT/health"
[checks.dns]
type = "dns"
hosts = ["api.soak.test", "db.soak.test"]
servers = ["127.0.0.1:$DNS_PORT"]
[checks.db]
type = "postgres"
dsn = "postgresql://app:app-secret@127.0.0.1:$PG_PORT/app"
TOML
echo "== $RUNS consecutive pre-flights in one process"
"$SOAK" "$WORK/small.toml" "$RUNS" || fail "resources grew, or a check failed"

{
  echo 'deadline = "60s"'
  echo '[checks.dns]'
  echo 'type = "dns"'
  printf 'hosts = ['
  for i in $(seq 10000); do printf '"n%d.soak.test",' "$i"; done
  echo ']'
  echo "servers = [\"127.0.0.1:$DNS_PORT\"]"
  echo 'timeout = "30s"'
  for i in $(seq 1000); do
    printf '[checks.api%d]\ntype = "http"\nurl = "http://127.0.0.1:%s/slow/20?n=%d"\nwarmup = "30s"\n' \
      "$i" "$HTTP_PORT" "$i"
  done
} >"$WORK/big.toml"
echo "== 10 000 DNS names and 1 000 HTTP endpoints on one host, ulimit -n 256"
start=$(date +%s%N)
(ulimit -n 256 && exec /usr/bin/time -f "peak RSS %M KiB" "$PREFLIGHT" check --config "$WORK/big.toml" \
  --json "$WORK/big.json") >"$WORK/big.out" 2>&1
code=$?
wall=$((($(date +%s%N) - start) / 1000000))
tail -3 "$WORK/big.out"
echo "exit $code in $wall ms"
[ "$code" -eq 0 ] || { head -40 "$WORK/big.out"; fail "the big pre-flight did not pass"; }
peak=$(curl -s "http://127.0.0.1:$HTTP_PORT/stats" | sed 's/.*"slow_peak_concurrency":\([0-9]*\).*/\1/')
echo "requests the health server served at once, at most: $peak (the cap per host is 8)"
[ "$peak" -le 8 ] || fail "$peak connections to one host at once"
