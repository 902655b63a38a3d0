#!/usr/bin/env bash
# Runs the bare-assertions suite in a private network namespace (only loopback; staging's names
# fail at once with EAI_AGAIN, nothing leaves the machine) and checks that its infrastructure
# failures are infra by network evidence, its bugs code, and that PREFLIGHT_NETWORK_EVIDENCE=0
# turns the evidence off.
set -uo pipefail
suite=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
has() { grep -qE -- "$2" "$1" || { echo "--- $1:"; cat "$1"; fail "$1 lacks: $2"; }; }
if ! unshare -n true 2>/dev/null; then
  echo "SKIP: cannot make a private network namespace (unshare -n needs root)"; exit 77
fi
in_namespace() { unshare -n sh -c 'ip link set lo up && exec "$@"' sh "$@"; }

PREFLIGHT_REPORT=$work/report.json in_namespace "$suite" >"$work/out.txt" 2>&1
cat "$work/out.txt"
has "$work/out.txt" '^\[preflight\] 10 tests: 1 passed, 6 failed for infrastructure \(4 connect, 2 dns\), 3 failed in code$'
for test in BackendAcceptsConnections HealthReplyIsOk HealthByNameReplyIsOk DatabaseConnects ServerDiesBeforeReplying; do
  has "$work/out.txt" "^\[preflight\]   infra .* Infra\.$test  \(network.during_test: during the test: "
done
# getaddrinfo's own return code, compared with 0, is named from its table.
has "$work/out.txt" 'Infra\.StagingNameResolves  \(getaddrinfo.dns: getaddrinfo -3 \(EAI_AGAIN\)\)'
has "$work/out.txt" 'Infra\.HealthByNameReplyIsOk  \(network.during_test: during the test: getaddrinfo\(api.staging.invalid\) Temporary failure in name resolution\)'
has "$work/out.txt" 'Infra\.BackendAcceptsConnections  \(network.during_test: during the test: connect 127.0.0.1:[0-9]+ refused\)'
for test in TotalIsWrong ProbesAClosedPortThenComputesAWrongTotal NetworkRecoveredBeforeTheFailure; do
  has "$work/out.txt" "^\[preflight\]   code +assertion +Code\.$test$"
done
has "$work/out.txt" 'Infra\.ServerDiesBeforeReplying  \(network.during_test: during the test: recv 127.0.0.1:[0-9]+ closed before replying\)'
has "$work/report.json" '"failed_infra": ?6'
has "$work/report.json" '"failed_code": ?3'

PREFLIGHT_NETWORK_EVIDENCE=0 PREFLIGHT_REPORT=$work/off.json in_namespace "$suite" >"$work/off.txt" 2>&1
has "$work/off.json" '"failed_infra": ?1'  # StagingNameResolves: its return code says it
has "$work/off.json" '"failed_code": ?8'
/usr/bin/python3 "$(dirname "$0")/../tests/validate_report.py" "$work"/*.json || fail "a report does not match its schema"
echo "network evidence end-to-end: ok"
