# Sourced by the end-to-end scripts that need it: re-runs the calling script in a private network
# namespace (only loopback, up; nothing leaves the machine), or exits 77 (skip) with why when
# one cannot be made. Scripts that need more tools name them in PRIVATE_NETWORK_NEEDS.
if [ -z "${PREFLIGHT_IN_NAMESPACE:-}" ]; then
  if ! unshare -n true 2>/dev/null; then
    echo "SKIP: cannot make a private network namespace (unshare -n needs root)"; exit 77
  fi
  for tool in ${PRIVATE_NETWORK_NEEDS:-}; do
    command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
  done
  exec unshare -n env PREFLIGHT_IN_NAMESPACE=1 bash "$0" "$@"
fi
ip link set lo up
