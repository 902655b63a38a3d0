#!/usr/bin/env bash
# Fleet admission, simulated on the sandbox (issue 14): JOBS CI jobs start `preflight run` at
# once against a PostgreSQL with max_connections = 20; each suite checks out a pool of POOL
# connections and holds it for HOLD_MS. First without admission, then with [admission] slots = K
# chosen from capacity; then one holder is killed with kill -9 while another run waits.
# Usage: bench/admission_simulation.sh [JOBS] [POOL] [HOLD_MS]   (needs the release build: cmake --preset release && cmake --build --preset release)
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${PREFLIGHT_BUILD_DIR:-$root/build/release}
preflight=$build/preflight/preflight suite=$build/bench/preflight_pool_suite
jobs=${1:-12} pool=${2:-4} hold_ms=${3:-3000}
max_connections=20 headroom=3  # headroom: the pre-flights' checks and waiting runs' polls
work=$(mktemp -d /tmp/preflight-admission-sim-XXXXXX)
chmod 755 "$work"
export SERVICES_DIR="$work/services"
source "$root/ci/lib/services.sh"
trap 'services_stop_all; rm -rf "$work"' EXIT
init_postgres sim "$max_connections" && start_postgres sim || { echo "postgres did not start" >&2; exit 1; }
dsn="postgres://app:app-secret@127.0.0.1:$PG_PORT/app"
slots=$(( (max_connections - headroom) / (pool + 1) ))  # each holder: its pool + its admission connection
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# config NAME [SLOTS]: the pre-flight of the database, with [admission] when SLOTS is given.
config() {
  printf '[retry]\nattempts = 3\ndelay = "2s"\n[checks.database]\ntype = "postgres"\ndsn = "%s"\nwarmup = "45s"\n' "$dsn" >"$work/$1.toml"
  [ -n "${2:-}" ] && printf '[admission]\ndsn = "%s"\nslots = %s\nwait = "5m"\nnamespace = "sim-%s"\n' "$dsn" "$2" "$1" >>"$work/$1.toml"
  true
}
# simulate NAME: every job at once; prints "GREEN RED CONNECTION_FAILURES WALL_MS".
simulate() {
  local name=$1 start pids=() i green=0 red=0 codes=""
  start=$(now_ms)
  for i in $(seq "$jobs"); do
    POOL_DSN=$dsn POOL_SIZE=$pool POOL_HOLD_MS=$hold_ms PREFLIGHT_RUN_NAME="ci-$i" \
      "$preflight" run --config "$work/$name.toml" --json "$work/$name-$i.json" -- "$suite" \
      >"$work/$name-$i.txt" 2>&1 &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}"
    local code=$?
    if [ "$code" -eq 0 ]; then green=$((green + 1)); else red=$((red + 1)) codes="$codes $code"; fi
  done
  codes=$(echo $codes | tr ' ' '\n' | sort -u | paste -sd/ -)
  local wall=$(( $(now_ms) - start ))
  local failures
  failures=$(python3 - "$work/$name"-*.json <<'PY'
import json, sys
n = 0
for path in sys.argv[1:]:
    for t in json.load(open(path)).get("tests", []):
        if t["outcome"] == "failed" and "too many clients" in t.get("message", ""):
            n += 1
print(n)
PY
)
  echo "$green ${red}${codes:+ (exit $codes)} $failures $wall"
}

config without
config with "$slots"
IFS=' ' read -r w_green w_red w_fail w_wall < <(simulate without | sed 's/ (exit \([^)]*\))/_(exit_\1)/')
IFS=' ' read -r a_green a_red a_fail a_wall < <(simulate with | sed 's/ (exit \([^)]*\))/_(exit_\1)/')
w_red=${w_red//_/ } a_red=${a_red//_/ }
rounds=$(( (jobs + slots - 1) / slots ))
ideal=$(( rounds * hold_ms ))
kinds=$(cat "$work"/without-*.txt | grep -o '^\[preflight\]   [a-z]* *[a-z_]*' | sort | uniq -c | sed 's/\[preflight\] *//' | tr -s ' ' | sed 's/^ //' | paste -sd, -)

# kill -9 of a holder while another run waits: how soon is its slot free, and taken?
config kill 1
POOL_DSN=$dsn POOL_SIZE=1 POOL_HOLD_MS=60000 PREFLIGHT_RUN_NAME=doomed \
  "$preflight" run --config "$work/kill.toml" -- "$suite" >"$work/doomed.txt" 2>&1 &
doomed=$!
status() { "$preflight" admission status --config "$work/kill.toml" 2>/dev/null; }
for _ in $(seq 100); do status | grep -q "slot 1: doomed" && break; sleep 0.1; done
POOL_DSN=$dsn POOL_SIZE=1 POOL_HOLD_MS=100 PREFLIGHT_RUN_NAME=next \
  "$preflight" run --config "$work/kill.toml" -- "$suite" >"$work/next.txt" 2>&1 &
next=$!
for _ in $(seq 100); do grep -q "waiting for a staging slot" "$work/next.txt" && break; sleep 0.05; done
doomed_suite=$(pgrep -P "$doomed")
killed=$(now_ms)
kill -9 "$doomed" $doomed_suite
wait "$doomed" 2>/dev/null
freed=""
while [ -z "$freed" ]; do
  status | grep -q "doomed" || freed=$(( $(now_ms) - killed ))
  [ $(( $(now_ms) - killed )) -gt 10000 ] && freed="> 10000" && break
done
wait "$next"; next_exit=$?
taken=$(( $(now_ms) - killed ))

echo
echo "Fleet admission: $jobs CI jobs at once, PostgreSQL max_connections = $max_connections, each suite a pool"
echo "of $pool connections held ${hold_ms} ms; with admission, slots = ($max_connections - $headroom) / ($pool + 1) = $slots."
echo
row() { printf '| %-24s | %-12s | %-13s | %-24s | %-9s |\n' "$@"; }
row "" "suites green" "runs red" "too many clients in suites" "wall time"
row "------------------------" "------------" "-------------" "------------------------" "---------"
row "without admission" "$w_green of $jobs" "$w_red" "$w_fail" "$(awk -v m="$w_wall" 'BEGIN{printf "%.1f s", m/1000}')"
row "with admission, $slots slots" "$a_green of $jobs" "$a_red" "$a_fail" "$(awk -v m="$a_wall" 'BEGIN{printf "%.1f s", m/1000}')"
echo
echo "Ideal with $slots slots: $rounds rounds x ${hold_ms} ms = $(awk -v m="$ideal" 'BEGIN{printf "%.1f s", m/1000}'); with admission took $(awk -v a="$a_wall" -v i="$ideal" 'BEGIN{printf "%.2f", a/i}') x the ideal."
echo "Without admission, the failed tests' split: ${kinds:-none}"
echo "kill -9 of a slot's holder: its slot was free after ${freed} ms; the waiting run took it and finished (exit $next_exit) ${taken} ms after the kill."
