#!/usr/bin/env bash
# `preflight classify --jsonl` end to end (JSON lines in, JSON lines out, the CLI as a user runs
# it) against the in-process classifier on the same four real failure messages (~154 bytes:
# an HTTP 503 through the connector, libpq's refused connection, a wrong total, a 422).
# Usage: bench/classify_jsonl.sh [MESSAGES]   (default 400000; needs the release build:
#        cmake --preset release && cmake --build --preset release)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
count=${1:-400000}
build=${PREFLIGHT_BUILD_DIR:-$root/build/release}
preflight=$build/preflight/preflight bench=$build/bench/preflight_classify_bench
[ -x "$preflight" ] && [ -x "$bench" ] ||
  { echo "bench: build first (cmake --preset release && cmake --build --preset release)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bench" --write-jsonl "$count" "$work/in.jsonl"
start=$(date +%s%N)
"$preflight" classify --jsonl <"$work/in.jsonl" >"$work/out.jsonl" || true
seconds=$(awk -v ns="$(($(date +%s%N) - start))" 'BEGIN {print ns / 1e9}')
[ "$(wc -l <"$work/out.jsonl")" -eq "$count" ] || { echo "bench: not one result per message" >&2; exit 1; }
cli=$(awk -v n="$count" -v s="$seconds" 'BEGIN {printf "%.0f", n / s}')
inprocess=$("$bench" "$count" | sed -n 's/.* = \([0-9]*\) messages\/s.*/\1/p')
echo "classify --jsonl end to end: $count messages in ${seconds}s = $cli messages/s"
echo "in-process classifier (one thread): $inprocess messages/s; ratio CLI / in-process: $(awk -v a="$cli" -v b="$inprocess" 'BEGIN {printf "%.2f", a / b}')"
