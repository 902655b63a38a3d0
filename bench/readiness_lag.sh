#!/usr/bin/env bash
# Readiness lag: how late `preflight check` and wait-on (its default 250 ms polling) see an HTTP
# health endpoint turn healthy after a cold start of 3 s, 20 s and 60 s. Both wait on the same
# endpoint at the same time; the server says when it turned healthy (/healthy-since/KEY), and
# each waiter's lag is its exit time minus that. Prints the median lag of RUNS per cold start.
# Usage: bench/readiness_lag.sh [RUNS] [COLD_SECONDS...]   (default: 3 runs of 3 20 60)
#        (needs the release build: cmake --preset release && cmake --build --preset release;
#         and wait-on: npm install -g wait-on)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
shift || true
[ "$#" -gt 0 ] && colds=("$@") || colds=(3 20 60)
build=${PREFLIGHT_BUILD_DIR:-$root/build/release}
preflight=$build/preflight/preflight server=$build/tests/preflight_health_server
command -v wait-on >/dev/null || { echo "bench: wait-on is not installed (npm install -g wait-on)" >&2; exit 2; }
[ -x "$preflight" ] && [ -x "$server" ] ||
  { echo "bench: build first (cmake --preset release && cmake --build --preset release)" >&2; exit 2; }
work=$(mktemp -d)
"$server" "$work/port" & server_pid=$!
trap 'kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
port=$(cat "$work/port")
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf '%-10s %-24s %-24s %s\n' "cold start" "preflight lag (ms)" "wait-on lag (ms)" "ratio"
for cold in "${colds[@]}"; do
  pf=() wo=()
  for run in $(seq "$runs"); do
    key=lag-$cold-$run-$$
    url=http://127.0.0.1:$port/cold/$cold/$key
    printf '[retry]\nattempts = 1\n[checks.api]\ntype = "http"\nurl = "%s"\nwarmup = "%ss"\n' \
      "$url" "$((cold + 30))" >"$work/lag.toml"
    ( "$preflight" check --config "$work/lag.toml" --quiet >/dev/null 2>&1; date +%s%N >"$work/pf.end" ) &
    waiters=($!)
    ( wait-on -i 250 "http-get://127.0.0.1:$port/cold/$cold/$key" >/dev/null 2>&1; date +%s%N >"$work/wo.end" ) &
    waiters+=($!)
    wait "${waiters[@]}"
    healthy=$(curl -s "http://127.0.0.1:$port/healthy-since/$key")
    pf+=($((($(cat "$work/pf.end") - healthy) / 1000000)))
    wo+=($((($(cat "$work/wo.end") - healthy) / 1000000)))
  done
  p=$(printf '%s\n' "${pf[@]}" | median) w=$(printf '%s\n' "${wo[@]}" | median)
  printf '%-10s %-24s %-24s %s\n' "${cold}s" "$p (${pf[*]})" "$w (${wo[*]})" \
    "$(awk -v p="$p" -v w="$w" 'BEGIN {printf "%.2f", (w > 0 ? p / w : 0)}')"
done
