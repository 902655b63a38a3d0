#!/usr/bin/env bash
# Runs a command and checks its exit code and output: the CLI contract as users see it.
# Usage: expect.sh EXIT_CODE 'REGEX' ['!FORBIDDEN_REGEX'...] -- COMMAND [ARG...]
set -u
expected_exit=$1; shift
patterns=()
while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do patterns+=("$1"); shift; done
shift
output=$("$@" 2>&1)
actual_exit=$?
printf '%s\n' "$output"
status=0
if [ "$actual_exit" -ne "$expected_exit" ]; then
  echo "expect.sh: exit code $actual_exit, expected $expected_exit" >&2
  status=1
fi
for pattern in "${patterns[@]}"; do
  if [[ "$pattern" == !* ]]; then
    if grep -qE -- "${pattern:1}" <<<"$output"; then
      echo "expect.sh: output must not match: ${pattern:1}" >&2
      status=1
    fi
  elif ! grep -qE -- "$pattern" <<<"$output"; then
    echo "expect.sh: output does not match: $pattern" >&2
    status=1
  fi
done
exit $status
