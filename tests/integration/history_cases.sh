#!/usr/bin/env bash
# The history of runs end to end: real suites' reports recorded in a SQLite file and in the
# PostgreSQL the tests start (the same schema, created by the tool), re-adds recorded once,
# concurrent writers from several processes, prune, and the dashboard opened in a real headless
# Chromium: no console errors, one mark per run, a screenshot kept as an artefact.
# Usage: history_cases.sh PREFLIGHT_BINARY HEALTH_SERVER SAMPLE_SUITE_BINARY ARTEFACT_DIR CASE
set -uo pipefail
PREFLIGHT=$1 HEALTH_SERVER=$2 SUITE=$3 ARTEFACTS=$4 CASE=$5
WORK=$(mktemp -d /tmp/preflight-history-it-XXXXXX)
chmod 755 "$WORK"
export SERVICES_DIR="$WORK/services"
source "$(dirname "$0")/../../ci/lib/services.sh"
trap 'services_stop_all; rm -rf "$WORK"' EXIT
fail() { echo "FAIL [$CASE]: $*" >&2; exit 1; }
# A real report: a pre-flight of a local health server, then the sample suite (passes, infra
# and code failures) under `preflight run`.
start_health_server "$HEALTH_SERVER" || fail "health server"
printf '[checks.api]\ntype = "http"\nurl = "http://127.0.0.1:%s/health"\nwarmup = "5s"\n' "$HTTP_PORT" >"$WORK/preflight.toml"
"$PREFLIGHT" run --config "$WORK/preflight.toml" --json "$WORK/real.json" -- "$SUITE" >"$WORK/suite.txt" 2>&1
[ -s "$WORK/real.json" ] || { cat "$WORK/suite.txt"; fail "the sample suite wrote no report"; }
# variants N: N reports of that run, each a different run (its own run_id, its tests' times).
variants() {
  python3 - "$WORK/real.json" "$WORK/variants" "$1" <<'PY'
import json, os, sys
base = json.load(open(sys.argv[1]))
os.makedirs(sys.argv[2], exist_ok=True)
for i in range(int(sys.argv[3])):
    report = json.loads(json.dumps(base))
    report["run_id"] = f"variant-{i}"
    for t in report["tests"]:
        t["duration_ms"] = i + 0.5
    if i % 4 == 0:  # a wrong password in every fourth run: a configuration failure
        for t in report["tests"]:
            if t.get("failure_kind") == "code":
                t.update(failure_kind="config", category="credentials", evidence={
                    "rule": "libpq.config.credentials",
                    "text": 'FATAL:  password authentication failed for user "app"'})
                report["summary"]["failed_code"] -= 1
                report["summary"]["failed_config"] += 1
                break
    json.dump(report, open(f"{sys.argv[2]}/r{i:03d}.json", "w"))
PY
}
runs_in() { "$PREFLIGHT" history report --store "$1" --since 3650d --json - | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["runs"]))'; }
stores() {
  init_postgres hist 40 && start_postgres hist || fail "postgres"
  echo "$WORK/store/history.db" "postgresql://app:app-secret@127.0.0.1:$PG_PORT/app"
}

case "$CASE" in
both_stores_record_once_and_report)
  for store in $(stores); do
    "$PREFLIGHT" run --config "$WORK/preflight.toml" --history "$store" --json "$WORK/run.json" -- "$SUITE" >"$WORK/out.txt" 2>&1
    grep -q "recorded in the history" "$WORK/out.txt" || { cat "$WORK/out.txt"; fail "run --history did not record"; }
    grep -q "app-secret" "$WORK/out.txt" && fail "the store's password was printed"
    "$PREFLIGHT" history add --store "$store" "$WORK/run.json" | tee "$WORK/add.txt"
    grep -q "0 runs recorded, 1 already there" "$WORK/add.txt" || fail "a re-add was recorded again"
    "$PREFLIGHT" history add --store "$store" --at 2026-01-01 "$WORK/real.json" >/dev/null || fail "add"
    [ "$(runs_in "$store")" = 2 ] || fail "$store holds $(runs_in "$store") runs, not 2"
    "$PREFLIGHT" history report --store "$store" --since 3650d --json "$WORK/h.json" --html "$WORK/h.html" --markdown "$WORK/h.md" || fail "report"
    python3 - "$WORK/h.json" <<'PY' || fail "history JSON"
import json, sys
h = json.load(open(sys.argv[1]))
assert h["schema"] == "preflight.history/v1", h
runs = h["runs"]
assert runs[0]["at"] > runs[1]["at"], "newest first"
for r in runs:
    s = r["split"]
    assert s["total"] == s["passed"] + s["failed_infra"] + s["failed_config"] + s["failed_code"] + s["skipped"], r
    assert s["failed_infra"] >= 1 and s["failed_code"] >= 1, r
PY
    grep -q "Tests failing for infrastructure most often" "$WORK/h.html" || fail "no infra ranking"
    grep -q "▁\|█" "$WORK/h.md" || fail "no sparkline"
    "$PREFLIGHT" history prune --store "$store" --older-than 30d | tee "$WORK/prune.txt"
    grep -q "1 run older than" "$WORK/prune.txt" || fail "prune"
    [ "$(runs_in "$store")" = 1 ] || fail "prune left $(runs_in "$store") runs"
    echo "ok: $store"
  done
  printf 'not json' >"$WORK/bad.json"
  "$PREFLIGHT" history add --store "$WORK/store/history.db" "$WORK/bad.json" >"$WORK/out.txt" 2>&1; code=$?
  cat "$WORK/out.txt"
  [ "$code" -eq 2 ] || fail "a bad report: exit $code"
  grep -q "bad.json: not JSON" "$WORK/out.txt" || fail "the bad report is not named"
  ;;
concurrent_writers_lose_nothing)
  variants 160
  for store in $(stores); do
    writers=()
    for p in 0 1 2 3 4 5 6 7; do
      ( for i in $(seq 0 19); do
          n=$(printf '%03d' $((p * 20 + i)))
          "$PREFLIGHT" history add --store "$store" "$WORK/variants/r$n.json" >/dev/null || echo "add $n failed" >&2
        done ) 2>>"$WORK/errors.txt" &
      writers+=($!)
    done
    wait "${writers[@]}"
    [ -s "$WORK/errors.txt" ] && { cat "$WORK/errors.txt"; fail "a writer failed"; }
    n=$(runs_in "$store")
    echo "$store: 8 writers x 20 runs: $n recorded"
    [ "$n" = 160 ] || fail "$n of 160 runs recorded"
  done
  ;;
every_run_is_recorded)
  # A run is an event: 20 runs at once with the same results are 20 rows, and so are three
  # runs one after another that differ only by their commit. Re-adding a report stays one row.
  store="$WORK/store/runs.db"
  mkdir -p "$WORK/parallel" && cd "$WORK/parallel" || fail "cd"
  runs=()
  for i in $(seq 20); do
    "$PREFLIGHT" run --history "$store" --json "$WORK/parallel/r$i.json" -- "$SUITE" >"$WORK/parallel/out$i.txt" 2>&1 &
    runs+=($!)
  done
  wait "${runs[@]}"
  [ "$(grep -l "recorded in the history" "$WORK"/parallel/out*.txt | wc -l)" = 20 ] || fail "not every run said it was recorded"
  [ "$(runs_in "$store")" = 20 ] || fail "20 parallel runs left $(runs_in "$store") rows"
  for commit in commit1 commit2 commit3; do
    PREFLIGHT_COMMIT=$commit "$PREFLIGHT" run --history "$WORK/store/seq.db" -- "$SUITE" >/dev/null 2>&1
  done
  [ "$(runs_in "$WORK/store/seq.db")" = 3 ] || fail "3 sequential runs left $(runs_in "$WORK/store/seq.db") rows"
  "$PREFLIGHT" history add --store "$store" "$WORK/parallel/r1.json" | grep -q "0 runs recorded, 1 already there" ||
    fail "re-adding a recorded report recorded it again"
  [ "$(runs_in "$store")" = 20 ] || fail "the re-add changed the row count"
  echo "ok: 20 parallel runs, 20 rows; 3 sequential runs, 3 rows; a re-add, no new row"
  ;;
dashboard_renders_in_chromium)
  command -v chromium >/dev/null || fail "chromium is not installed (ci/install-deps.sh installs it)"
  variants 30
  for i in $(seq 0 29); do
    "$PREFLIGHT" history add --store "$WORK/h.db" --at "$(date -u -d "2026-11-01 + $i days" +%Y-%m-%dT10:00:00Z)" \
      "$WORK/variants/r$(printf '%03d' "$i").json" >/dev/null || fail "add"
  done
  "$PREFLIGHT" history add --store "$WORK/h.db" "$WORK/real.json" >/dev/null
  "$PREFLIGHT" history report --store "$WORK/h.db" --since 3650d --html "$WORK/history.html" || fail "report"
  mkdir -p "$ARTEFACTS"
  timeout 120 chromium --headless --no-sandbox --disable-gpu --window-size=1100,2600 --enable-logging=stderr --v=0 \
    --screenshot="$ARTEFACTS/history.png" "file://$WORK/history.html" >/dev/null 2>"$WORK/chromium.err" || { tail "$WORK/chromium.err"; fail "chromium"; }
  [ -s "$ARTEFACTS/history.png" ] || fail "no screenshot"
  grep ":CONSOLE" "$WORK/chromium.err" && fail "the page logged to the console"
  timeout 120 chromium --headless --no-sandbox --disable-gpu --dump-dom "file://$WORK/history.html" 2>/dev/null >"$WORK/dom.html"
  marks=$(grep -o '<g class="run"' "$WORK/dom.html" | wc -l)
  waits=$(grep -o '<circle class="wait"' "$WORK/dom.html" | wc -l)
  echo "rendered: $marks per-run marks for 31 runs in 2 charts, $waits wait points; screenshot $ARTEFACTS/history.png"
  [ "$marks" -eq 62 ] || fail "$marks marks, expected 2 x 31"
  [ "$waits" -eq 31 ] || fail "$waits wait points, expected 31 (one check per run)"
  # Configuration has its section; a failure's excerpt is its values, not GoogleTest's framing;
  # the runs are on a time axis labelled with dates.
  grep -q '<h2>Configuration failures: a setting a person must change</h2>' "$WORK/dom.html" || fail "no config section"
  grep -q '<td>credentials</td><td>FATAL:  password authentication failed' "$WORK/dom.html" || fail "the config failure"
  ! grep -q '<td>Expected equality of these values:</td>' "$WORK/dom.html" || fail "an excerpt is GoogleTest's first line"
  [ "$(grep -o '<text [^>]*class="axis"[^>]*>Nov [0-9][0-9]</text>' "$WORK/dom.html" | wc -l)" -ge 4 ] ||
    fail "the time axis has no date labels"
  cp "$WORK/history.html" "$ARTEFACTS/history.html"
  ;;
*) fail "unknown case" ;;
esac
echo "ok [$CASE]"
