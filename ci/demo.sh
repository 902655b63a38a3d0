#!/usr/bin/env bash
# The main job: builds preflight, starts the local sandbox staging, runs the pre-flight against
# it (the VPC connector is cold for 3 s: watch it warm), then tears the sandbox down.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/install-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev
bash ci/sandbox.sh up
trap 'bash ci/sandbox.sh down' EXIT
set +e
build/dev/preflight/preflight check --config configs/local.toml --env-file .preflight/sandbox/sandbox.env \
  --json .preflight/preflight.json --junit .preflight/preflight.xml
code=$?
set -e
echo "preflight check exited $code; reports: .preflight/preflight.json, .preflight/preflight.xml"
exit $code
