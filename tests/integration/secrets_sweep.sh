#!/usr/bin/env bash
# No secret in any byte written: secrets planted in URL userinfo, DSN passwords (URI and
# key=value), a header from the environment and .env keys named *PASSWORD*, *SECRET*, *TOKEN*,
# *KEY*; then check, run, classify, report merge and config validate, passing and failing, with
# every output format and --verbose/--quiet. Every byte of stdout, stderr, reports, step summary
# and logs is searched for every secret. Prints what ran and how many bytes were searched.
# A GoogleTest suite under run leaks them in its failure messages (whole, as a bearer token
# alone, numeric, across a long line's 64 KiB parts): its reports, the step summary, the history
# database and its HTML page are searched too; and a .env syntax error on a password's line.
# Usage: secrets_sweep.sh PREFLIGHT_BINARY HEALTH_SERVER_BINARY LEAKY_SUITE_BINARY
set -uo pipefail
PREFLIGHT=$(realpath "$1") HEALTH_SERVER=$(realpath "$2") LEAKY_SUITE=$(realpath "$3")
WORK=$(mktemp -d /tmp/preflight-secrets-XXXXXX)
chmod 755 "$WORK"
export SERVICES_DIR="$WORK/services"
source "$(dirname "$0")/../../ci/lib/services.sh"
trap 'services_stop_all; rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

start_health_server "$HEALTH_SERVER" || fail "health server"
init_postgres main && start_postgres main || fail "postgres"
closed=$(services_random_port)
IN=$WORK/in OUT=$WORK/out
mkdir -p "$IN" "$OUT"

# The secrets. app-secret is the real database's password (ci/lib/services.sh).
SECRETS=(URLPASS-7f3a91 KVPASS-91c2e4 HDRTOKEN-55e1b7 ENVPASS-aa01f3 ENVSECRET-bb02c8
  ENVTOKEN-cc03d9 ENVKEY-dd04e5 app-secret 73519284 BADENV-9e8d7c)
cat >"$IN/.env.staging.tests" <<ENV
DB_PASSWORD=app-secret
SERVICE_SECRET=ENVSECRET-bb02c8
GITHUB_TOKEN=ENVTOKEN-cc03d9
STRIPE_KEY=ENVKEY-dd04e5
BROKEN_PASSWORD=ENVPASS-aa01f3
NUMERIC_PASSWORD=73519284
ENV
printf 'GOOD=1\nDATABASE_PASSWORD="BADENV-9e8d7c\n' >"$IN/.env.broken"
export API_TOKEN=HDRTOKEN-55e1b7
config() { # config NAME HEALTH_PATH DB_PORT
  cat >"$IN/$1.toml" <<TOML
deadline = "10s"
[retry]
attempts = 2
delay = "100ms"
[bypass]
env_files = [".env.staging.tests"]
[checks.api]
type = "http"
url = "http://svc:URLPASS-7f3a91@127.0.0.1:$HTTP_PORT/$2"
headers = { Authorization = "Bearer \${API_TOKEN}" }
warmup = "500ms"
[checks.db]
type = "postgres"
dsn = "postgresql://app:\${DB_PASSWORD}@127.0.0.1:$3/app"
warmup = "500ms"
[checks.db_kv]
type = "postgres"
dsn = "host=127.0.0.1 port=$3 user=app password=KVPASS-91c2e4 dbname=app"
warmup = "500ms"
required = false
TOML
}
config passing health "$PG_PORT"
config failing down "$closed"
# A suite that prints every secret it can see, and fails with them in its messages.
cat >"$IN/suite.sh" <<'SH'
#!/bin/sh
echo "env: $DB_PASSWORD $SERVICE_SECRET $GITHUB_TOKEN $STRIPE_KEY $BROKEN_PASSWORD $API_TOKEN"
echo "GET http://svc:URLPASS-7f3a91@api/health: 503" >&2
echo "connecting to host=db password=KVPASS-91c2e4" >&2
exit 1
SH
chmod +x "$IN/suite.sh"

cd "$IN" || exit 1
n=0
# sweep NAME COMMAND...: runs it, keeping stdout and stderr in $OUT.
sweep() {
  local name=$1
  shift
  n=$((n + 1))
  GITHUB_STEP_SUMMARY=$OUT/summary.md "$@" >"$OUT/$name.stdout" 2>"$OUT/$name.stderr"
  echo "ran [$name] exit $?"
}
for mode in --verbose --quiet; do
  for cfg in passing failing; do
    sweep "check-$cfg$mode" "$PREFLIGHT" check --config "$cfg.toml" $mode \
      --json "$OUT/check-$cfg$mode.json" --junit "$OUT/check-$cfg$mode.xml"
    sweep "run-$cfg$mode" "$PREFLIGHT" run --config "$cfg.toml" $mode \
      --json "$OUT/run-$cfg$mode.json" --junit "$OUT/run-$cfg$mode.xml" \
      --markdown "$OUT/run-$cfg$mode.md" -- ./suite.sh
  done
  sweep "validate$mode" "$PREFLIGHT" config validate --config failing.toml
done
# PLAIN_NOTE holds the config's URL password under a name the suite cannot tell is secret: only
# run knows it, and masks it in the reports as on the console.
PLAIN_NOTE=URLPASS-7f3a91 sweep "run-leaky" "$PREFLIGHT" run --config passing.toml --json "$OUT/leaky.json" \
  --junit "$OUT/leaky.xml" --markdown "$OUT/leaky.md" --history "$OUT/history.db" -- "$LEAKY_SUITE"
sweep "history" "$PREFLIGHT" history report --store "$OUT/history.db" --html "$OUT/history.html" \
  --markdown "$OUT/history.md" --json "$OUT/history.json"
sweep "run-broken-env" "$PREFLIGHT" run --env-file .env.broken -- ./suite.sh
sweep "validate-broken-env" "$PREFLIGHT" config validate --config passing.toml --env-file .env.broken
message="connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  password authentication failed; dsn postgresql://app:app-secret@db/app; GET http://svc:URLPASS-7f3a91@api/health"
printf '%s\n' "$message" >"$IN/message.txt"
sweep classify "$PREFLIGHT" classify --check-report "$OUT/check-failing--verbose.json" <"$IN/message.txt"
python3 -c 'import json, sys; print(json.dumps(sys.argv[1]))' "$message" >"$IN/message.jsonl"
sweep classify-jsonl "$PREFLIGHT" classify --jsonl <"$IN/message.jsonl"
sweep merge "$PREFLIGHT" report merge --json "$OUT/merged.json" --junit "$OUT/merged.xml" \
  "$OUT/run-passing--verbose.json"
[ -d "$IN/.preflight" ] && cp -r "$IN/.preflight" "$OUT/"  # audit log, progress logs

bytes=$(cat "$OUT"/* "$OUT"/.preflight/* 2>/dev/null | wc -c)
found=0
for secret in "${SECRETS[@]}"; do
  if grep -r -l -F -- "$secret" "$OUT" >"$WORK/hits"; then
    found=$((found + 1))
    echo "FAIL: $secret written to:"; sed 's/^/  /' "$WORK/hits"
    grep -r -n -F -- "$secret" "$OUT" | head -5
  fi
done
echo "$n commands, $(ls -A "$OUT" | wc -l) files, $bytes bytes searched for ${#SECRETS[@]} secrets: $found found"
[ "$found" -eq 0 ] || exit 1
# The sweep must have seen the failing paths too: the checks failed and the reports name them.
grep -q '"status": "failed"' "$OUT/check-failing--verbose.json" || fail "the failing check did not fail"
grep -q '\*\*\*' "$OUT/check-failing--verbose.stdout" || fail "no redaction marker in the verbose output"
grep -q '"status": "passed"' "$OUT/check-passing--verbose.json" || fail "the passing check did not pass"
grep -q 'Leaky.FailsWithTheSecretsInItsMessage' "$OUT/leaky.json" || fail "the leaky suite did not run"
grep -q 'unterminated' "$OUT/run-broken-env.stderr" || fail "the broken .env was not diagnosed"
[ "$(grep -c 'xxxxx' "$OUT/run-leaky.stdout")" -ge 1 ] || fail "the long line was not passed on"
