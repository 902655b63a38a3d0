#!/usr/bin/env bash
# Benchmarks `preflight check` on a local healthy staging (real PostgreSQL, dnsmasq, HTTP server)
# against the sequential stock-tools script teams write today (dig, curl, psql), a 160-probe
# config against the 4-probe one, peak memory, and how soon a warming connector is seen ready.
# Prints medians and ratios against the targets. Usage: bench/preflight_vs_stock.sh [RUNS]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-15}
build=${PREFLIGHT_BUILD_DIR:-$root/build/release}
preflight=$build/preflight/preflight
[ -x "$preflight" ] || { echo "bench: build first (cmake --preset release && cmake --build --preset release)" >&2; exit 2; }
work=$(mktemp -d /tmp/preflight-bench-XXXXXX)
chmod 755 "$work"
export SERVICES_DIR=$work/services
source "$root/ci/lib/services.sh"
trap 'services_stop_all; rm -rf "$work"' EXIT

records=(api.staging.test=127.0.0.1 db.staging.test=127.0.0.1)
for i in $(seq 50); do records+=("h$i.staging.test=127.0.0.1"); done
init_postgres main 40 && start_postgres main && start_dnsmasq "${records[@]}" &&
  start_health_server "$build/tests/preflight_health_server" >/dev/null
dsn="postgres://app:app-secret@127.0.0.1:$PG_PORT/app"

cat >"$work/four.toml" <<TOML
[checks.dns]
type = "dns"
hosts = ["api.staging.test", "db.staging.test"]
servers = ["127.0.0.1:$DNS_PORT"]
[checks.api]
type = "http"
url = "http://127.0.0.1:$HTTP_PORT/health"
after = ["dns"]
[checks.db]
type = "postgres"
dsn = "$dsn"
after = ["dns"]
TOML
{
  hosts=$(for i in $(seq 50); do printf '"h%s.staging.test",' "$i"; done)
  printf '[checks.dns]\ntype = "dns"\nhosts = [%s]\nservers = ["127.0.0.1:%s"]\n' "${hosts%,}" "$DNS_PORT"
  for i in $(seq 100); do printf '[checks.api%s]\ntype = "http"\nurl = "http://127.0.0.1:%s/health"\n' "$i" "$HTTP_PORT"; done
  for i in $(seq 10); do printf '[checks.db%s]\ntype = "postgres"\ndsn = "%s"\n' "$i" "$dsn"; done
} >"$work/many.toml"
# The same without 9 of the databases: password-authenticated PostgreSQL connections cost CPU
# (SCRAM key derivation in libpq, on the loop thread) that DNS and HTTP probes do not.
sed '/^\[checks.db[2-9]\]$/,+2d; /^\[checks.db10\]$/,+2d' "$work/many.toml" >"$work/many_one_db.toml"

stock() {
  dig +short +time=5 +tries=1 -p "$DNS_PORT" @127.0.0.1 api.staging.test >/dev/null
  dig +short +time=5 +tries=1 -p "$DNS_PORT" @127.0.0.1 db.staging.test >/dev/null
  curl -fsS --max-time 60 "http://127.0.0.1:$HTTP_PORT/health" >/dev/null
  PGPASSWORD=app-secret psql -h 127.0.0.1 -p "$PG_PORT" -U app -d app -qAtc 'SELECT 1' >/dev/null
}

verdict() { awk -v v="$1" -v t="$2" 'BEGIN { print (v <= t) ? "meets" : "MISSES" }'; }

# Each must work before it is timed (a failing run would be timed as fast).
for config in four many many_one_db; do
  "$preflight" check --config "$work/$config.toml" --quiet >/dev/null || { echo "bench: $config.toml failed" >&2; exit 1; }
done
stock || { echo "bench: the stock script failed" >&2; exit 1; }
four=$(median_ms "$runs" "$preflight" check --config "$work/four.toml" --quiet)
stock_ms=$(median_ms "$runs" stock)
many=$(median_ms "$runs" "$preflight" check --config "$work/many.toml" --quiet)
many_one_db=$(median_ms "$runs" "$preflight" check --config "$work/many_one_db.toml" --quiet)
rss_four=$(/usr/bin/time -f %M "$preflight" check --config "$work/four.toml" --quiet 2>&1 >/dev/null | tail -1)
rss_many=$(/usr/bin/time -f %M "$preflight" check --config "$work/many.toml" --quiet 2>&1 >/dev/null | tail -1)

# Readiness: a connector that turns healthy T seconds after the first probe must be seen by
# T + max(10% T, 250 ms).
lags=()
for spec in 2:a 2:b 2:c 6:d; do
  t=${spec%%:*}
  cat >"$work/cold.toml" <<TOML
[checks.api]
type = "http"
url = "http://127.0.0.1:$HTTP_PORT/cold/$t/bench-${spec/:/-}-$$"
TOML
  "$preflight" check --config "$work/cold.toml" --quiet --json "$work/cold.json" >/dev/null
  ms=$(sed -n 's/^  "duration_ms": \([0-9.]*\).*/\1/p' "$work/cold.json")
  lags+=("$(awk -v ms="$ms" -v t="$t" 'BEGIN { lag = ms - t * 1000; allowed = (t * 100 > 250) ? t * 100 : 250; printf "T=%ss: seen after %.0f ms, lag %.0f ms (allowed %d ms): %s", t, ms, lag, allowed, (lag <= allowed) ? "meets" : "MISSES" }')")
done

ratio_stock=$(awk -v a="$four" -v b="$stock_ms" 'BEGIN { printf "%.3f", a / b }')
ratio_many=$(awk -v a="$many" -v b="$four" 'BEGIN { printf "%.2f", a / b }')
ratio_many_one_db=$(awk -v a="$many_one_db" -v b="$four" 'BEGIN { printf "%.2f", a / b }')
cat <<REPORT
preflight bench ($runs runs each, medians; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ))
  healthy 4-probe pre-flight (2 DNS names, 1 HTTP, 1 PostgreSQL): ${four} ms
  stock sequential script (dig, dig, curl, psql):                 ${stock_ms} ms
    ratio ${ratio_stock} (target <= 0.25): $(verdict "$ratio_stock" 0.25)
  160-probe pre-flight (50 DNS names, 100 HTTP, 10 PostgreSQL):   ${many} ms
    ratio to 4-probe ${ratio_many} (target <= 2): $(verdict "$ratio_many" 2)
  151-probe pre-flight (50 DNS names, 100 HTTP, 1 PostgreSQL):    ${many_one_db} ms
    ratio to 4-probe ${ratio_many_one_db} (target <= 2): $(verdict "$ratio_many_one_db" 2)
  peak RSS: 4-probe $((rss_four / 1024)) MiB, 160-probe $((rss_many / 1024)) MiB (target <= 20 MiB): $(verdict "$((rss_many / 1024))" 20)
  readiness of a warming connector:
$(printf '    %s\n' "${lags[@]}")
REPORT
