#!/usr/bin/env bash
# `preflight report merge` of a large report (60 000 failed tests with 1 KB messages, about
# 70 MB) peaks at no more than 2 x its input in resident memory: tests are read one at a time
# and the JSON and JUnit are written in parts. Prints the ratio.
# Usage: merge_memory.sh PREFLIGHT_BINARY
set -uo pipefail
PREFLIGHT=$1
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 - "$WORK/in.json" <<'PY'
import json, sys
n = 60000
tests = [{"name": f"S{i % 100}.T{i}", "classname": f"S{i % 100}", "outcome": "failed",
          "failure_kind": "code", "category": "assertion", "evidence": None, "attempts": 1,
          "duration_ms": 1.5, "message": "x" * 1000 + str(i)} for i in range(n)]
summary = {"total": n, "passed": 0, "failed_code": n, "failed_config": 0, "failed_infra": 0,
           "skipped": 0, "flaky": 0}
json.dump({"schema": "preflight.tests/v1", "summary": summary, "preflight": None,
           "tests": tests}, open(sys.argv[1], "w"))
PY
input_kb=$(( $(stat -c %s "$WORK/in.json") / 1024 ))
/usr/bin/time -f "%M" -o "$WORK/peak" "$PREFLIGHT" report merge --json "$WORK/out.json" \
  --junit "$WORK/out.xml" "$WORK/in.json" >/dev/null
peak_kb=$(tail -1 "$WORK/peak")  # after "Command exited with non-zero status 1": merge exits with the split
python3 -c 'import json,sys; assert len(json.load(open(sys.argv[1]))["tests"]) == 60000' "$WORK/out.json" ||
  { echo "FAIL: the merged report does not hold the 60 000 tests"; exit 1; }
echo "report merge: input $input_kb KB, peak resident $peak_kb KB: $(awk -v p="$peak_kb" -v i="$input_kb" 'BEGIN { printf "%.2f", p / i }') x"
[ "$peak_kb" -le $((2 * input_kb)) ] || { echo "FAIL: more than 2 x the input"; exit 1; }
