#!/usr/bin/env bash
# A simulated month for the history (issue 15): RUNS runs of the example suite under
# `preflight run` against the local sandbox, spread over 30 days, with staging broken on some
# days (its PostgreSQL stopped: the pre-flight stops the suite). Each report is recorded with
# `preflight history add --at DAY` in a SQLite file and in a PostgreSQL store; prints the time
# to record and to report, the store sizes, and writes the page and its screenshot to OUT.
# The PostgreSQL store is a second server, so stopping staging's does not stop the history's.
# Usage: bench/history_month.sh [RUNS] [OUT]   (needs the release build: cmake --preset release && cmake --build --preset release)
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${PREFLIGHT_BUILD_DIR:-$root/build/release}
preflight=$build/preflight/preflight suite=$build/examples/staging_e2e_tests
runs=${1:-200} out=$(realpath -m "${2:-$root/docs}")
work=$(mktemp -d /tmp/preflight-history-month-XXXXXX)
chmod 755 "$work"
export PREFLIGHT_SANDBOX_DIR=$work/sandbox
bash "$root/ci/sandbox.sh" up >/dev/null || exit 1
export SERVICES_DIR=$PREFLIGHT_SANDBOX_DIR
source "$root/ci/lib/services.sh"
trap 'bash "$root/ci/sandbox.sh" down >/dev/null; rm -rf "$work"' EXIT
env_file=$PREFLIGHT_SANDBOX_DIR/sandbox.env
# The sandbox's config with short budgets: a broken day fails fast instead of waiting minutes.
sed -e 's|/cold/3/${SANDBOX_RUN}|/health|' -e 's|warmup = "60s"|warmup = "2s"|' \
  -e 's|warmup = "45s"|warmup = "2s"|' -e 's|attempts = 3|attempts = 1|' \
  "$root/configs/local.toml" >"$work/month.toml"
broken_days=" 4 5 11 19 20 26 "
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
run_ms=0 add_sqlite_ms=0 add_pg_ms=0 pg_stopped=0
init_postgres history 20 && start_postgres history || exit 1
history_port=$PG_PORT  # start_postgres main sets PG_PORT again after each broken day
pg_store="postgresql://app:app-secret@127.0.0.1:$history_port/app"
for i in $(seq 0 $((runs - 1))); do
  day=$(( i * 30 / runs ))
  if [[ "$broken_days" == *" $day "* ]]; then
    [ "$pg_stopped" = 1 ] || { stop_postgres main; pg_stopped=1; }
  elif [ "$pg_stopped" = 1 ]; then
    start_postgres main >/dev/null; pg_stopped=0
  fi
  at=$(date -u -d "2026-10-31 + $day days + $(( (i * 37) % 600 )) minutes" +%Y-%m-%dT%H:%M:%SZ)
  start=$(now_ms)
  PREFLIGHT_COMMIT=$(printf 'c0ffee%02d' $((day / 3))) PREFLIGHT_BRANCH=main PREFLIGHT_RUN_NAME="ci-$((9000 + i))" \
    "$preflight" run --config "$work/month.toml" --env-file "$env_file" --retry-infra 1 \
    --json "$work/r$i.json" -- "$suite" >"$work/run$i.txt" 2>&1
  run_ms=$(( run_ms + $(now_ms) - start ))
  start=$(now_ms)
  PREFLIGHT_COMMIT=$(printf 'c0ffee%02d' $((day / 3))) PREFLIGHT_BRANCH=main PREFLIGHT_RUN_NAME="ci-$((9000 + i))" \
    "$preflight" history add --store "$work/history.db" --at "$at" "$work/r$i.json" >/dev/null || { echo "add failed: run $i" >&2; exit 1; }
  add_sqlite_ms=$(( add_sqlite_ms + $(now_ms) - start ))
  start=$(now_ms)
  PREFLIGHT_COMMIT=$(printf 'c0ffee%02d' $((day / 3))) PREFLIGHT_BRANCH=main PREFLIGHT_RUN_NAME="ci-$((9000 + i))" \
    "$preflight" history add --store "$pg_store" --at "$at" "$work/r$i.json" >/dev/null || { echo "add failed: run $i (pg)" >&2; exit 1; }
  add_pg_ms=$(( add_pg_ms + $(now_ms) - start ))
done
[ "$pg_stopped" = 1 ] && start_postgres main >/dev/null
mkdir -p "$out"
start=$(now_ms)
"$preflight" history report --store "$work/history.db" --since 3650d --html "$out/history-month.html" --markdown "$work/month.md" --json "$work/month.json" || exit 1
report_sqlite_ms=$(( $(now_ms) - start ))
start=$(now_ms)
"$preflight" history report --store "$pg_store" --since 3650d --html "$work/pg.html" || exit 1
report_pg_ms=$(( $(now_ms) - start ))
recorded=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["runs"]))' "$work/month.json")
not_run=$(python3 -c 'import json,sys; print(sum(1 for r in json.load(open(sys.argv[1]))["runs"] if r["not_run"]))' "$work/month.json")
sqlite_bytes=$(du -cb "$work"/history.db* | tail -1 | cut -f1)
pg_bytes=$(PGPASSWORD=app-secret "$PG_BIN/psql" -h 127.0.0.1 -p "$history_port" -U app app -qAt \
  -c "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c WHERE c.relname LIKE 'history%' AND c.relkind = 'r'")
timeout 120 chromium --headless --no-sandbox --disable-gpu --window-size=1100,2400 \
  --screenshot="$out/history-month.png" "file://$out/history-month.html" >/dev/null 2>&1
echo
echo "Simulated month: $runs runs of the example suite over 30 days, staging's PostgreSQL down on days${broken_days% } (0-based)"
echo "  recorded: $recorded runs ($not_run not run: the pre-flight stopped them)"
echo "  running the $runs suites: $(awk -v m="$run_ms" 'BEGIN{printf "%.1f s", m/1000}')"
echo "  history add, one process per run: SQLite $(awk -v m="$add_sqlite_ms" -v n="$runs" 'BEGIN{printf "%.1f ms", m/n}') per run, PostgreSQL $(awk -v m="$add_pg_ms" -v n="$runs" 'BEGIN{printf "%.1f ms", m/n}') per run"
echo "  history report (HTML + Markdown + JSON of $recorded runs): SQLite $report_sqlite_ms ms; HTML from PostgreSQL $report_pg_ms ms"
echo "  store sizes: SQLite file $(( sqlite_bytes / 1024 )) KiB; PostgreSQL tables $(( ${pg_bytes:-0} / 1024 )) KiB"
echo "  page: $out/history-month.html ($(( $(stat -c %s "$out/history-month.html") / 1024 )) KiB); screenshot: $out/history-month.png"
echo
sed -n 1,12p "$work/month.md"
