#!/usr/bin/env bash
# The main job: builds what it runs (the CLI, the example suite with the listener, the sandbox's
# health server), starts the local sandbox staging, then runs the example e2e
# suite under `preflight run` — pre-flight (the VPC connector is cold for 3 s: watch it warm),
# the suite, the infra-vs-code split — and tears the sandbox down.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/install-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev --target preflight staging_e2e_tests preflight_health_server
bash ci/sandbox.sh up
trap 'bash ci/sandbox.sh down' EXIT
set +e  # the suite reaches the sandbox through sandbox.env: run gives it the --env-file's values
build/dev/preflight/preflight run --config configs/local.toml --env-file .preflight/sandbox/sandbox.env \
  --retry-infra 1 --json .preflight/report.json --junit .preflight/report.xml --markdown .preflight/report.md \
  -- build/dev/examples/staging_e2e_tests
code=$?
set -e
echo
echo "preflight run exited $code; reports: .preflight/report.json, .preflight/report.xml, .preflight/report.md"
case $code in
  0) echo "(0: everything passed)" ;;
  1) echo "(1: code failures — the example suite has two deliberate bugs; its infra failures alone would give 75)" ;;
  75) echo "(75: only infrastructure failures: retry later)" ;;
  *) exit "$code" ;;
esac
