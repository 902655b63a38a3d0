#!/usr/bin/env bash
# Runs the resolvers suite in a private network namespace beside a dnsmasq, a UDP port that never
# replies and one that is closed, and checks that every resolver entry point's failure is seen
# (its evidence names the entry point) and judged: "try again" and unreachable servers are infra,
# a name the server says does not exist is config, a failure of the test process's own DNS server
# is code. The suite has its own main() with preflight::InstallListener().
set -uo pipefail
suite=$1
PRIVATE_NETWORK_NEEDS=dnsmasq source "$(dirname "$0")/private_network.sh"
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
free_udp_port() { python3 -c 'import socket; s=socket.socket(type=socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

dnsmasq_port=$(free_udp_port) silent_port=$(free_udp_port) closed_port=$(free_udp_port)
dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts --listen-address=127.0.0.1 \
  --bind-interfaces --port="$dnsmasq_port" --pid-file="$work/dnsmasq.pid" --user=root --group=root \
  --local=/test/ --host-record=db.test,127.0.0.1 2>"$work/dnsmasq.log" &
pids+=($!)
python3 -c 'import socket,sys,time; s=socket.socket(type=socket.SOCK_DGRAM); s.bind(("127.0.0.1",int(sys.argv[1]))); time.sleep(600)' "$silent_port" &
pids+=($!)
# Both listening before the suite starts (a silent port not yet bound would refuse instead).
for port in "$dnsmasq_port" "$silent_port"; do
  for _ in $(seq 200); do
    [ -n "$(ss -Hunl "sport = :$port")" ] && break
    sleep 0.05
  done
  [ -n "$(ss -Hunl "sport = :$port")" ] || fail "nothing listens on UDP port $port: $(cat "$work/dnsmasq.log")"
done

DNSMASQ_PORT=$dnsmasq_port SILENT_DNS_PORT=$silent_port CLOSED_DNS_PORT=$closed_port \
  PREFLIGHT_REPORT=$work/report.json "$suite" >"$work/out.txt" 2>&1
grep '^\[preflight\]' "$work/out.txt"
python3 - "$work/report.json" <<'PY' || fail "a resolver's failure was not seen or judged as labelled"
import json, sys
expected = {  # test: (kind, what the evidence must name)
    "Resolvers.Getaddrinfo": ("infra", "getaddrinfo(api.staging.invalid)"),
    "Resolvers.GetaddrinfoAWaiting": ("infra", "getaddrinfo_a(api.staging.invalid)"),
    "Resolvers.GaiSuspend": ("infra", "getaddrinfo_a(api.staging.invalid)"),
    "Resolvers.GaiError": ("infra", "getaddrinfo_a(api.staging.invalid)"),
    "Resolvers.GaiCancel": ("infra", "getaddrinfo_a(api.staging.invalid)"),
    "Resolvers.Gethostbyname": ("infra", "gethostbyname(api.staging.invalid)"),
    "Resolvers.Gethostbyname2": ("infra", "gethostbyname2(api.staging.invalid)"),
    "Resolvers.GethostbynameR": ("infra", "gethostbyname_r(api.staging.invalid)"),
    "Resolvers.Gethostbyname2R": ("infra", "gethostbyname2_r(api.staging.invalid)"),
    "Resolvers.ResQuery": ("infra", "res_query(api.staging.invalid)"),
    "Resolvers.ResSearch": ("infra", "res_search(api.staging.invalid)"),
    "Resolvers.ResQuerydomain": ("infra", "res_querydomain(api.staging.invalid)"),
    "Resolvers.ResNquery": ("infra", "res_nquery(api.staging.invalid)"),
    "Resolvers.ResNsearch": ("infra", "res_nsearch(api.staging.invalid)"),
    "Resolvers.ResNquerydomain": ("infra", "res_nquerydomain(api.staging.invalid)"),
    "Resolvers.CAresServerRefuses": ("infra", "dns query db.test refused by 127.0.0.1:"),
    "Resolvers.CAresServerNeverReplies": ("infra", "dns query db.test got no reply from 127.0.0.1:"),
    "Resolvers.CAresServerUnroutable": ("infra", "connect 10.255.255.1:53 network unreachable"),
    "Resolvers.CAresNameDoesNotExist": ("config", "dns query missing.test NXDOMAIN from 127.0.0.1:"),
    "Resolvers.CAresOwnServerFails": ("code", "SERVFAIL from 127.0.0.1:"),
    "Resolvers.CAresClosedPortBesideTheOwnServer": ("code", "the DNS server never answered there, while this test process serves that host"),
}
tests = {t["name"]: t for t in json.load(open(sys.argv[1]))["tests"]}
wrong = 0
for name, (kind, text) in expected.items():
    t = tests.get(name, {})
    evidence = (t.get("evidence") or {}).get("text") or ""
    if t.get("failure_kind") != kind or text not in evidence:
        print(f"{name}: expected {kind} naming {text!r}, got {t.get('failure_kind')}: {evidence!r}")
        wrong += 1
print(f"{len(expected) - wrong} of {len(expected)} resolver entry points seen and judged")
sys.exit(1 if wrong else 0)
PY
echo "resolvers end-to-end: ok"
