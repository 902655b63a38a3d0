# Shared by the benchmark scripts: median wall time of repeated runs.

# median_ms RUNS COMMAND...: runs COMMAND RUNS times and prints the median wall time in ms.
median_ms() {
  local runs=$1 times=() start end
  shift
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    times+=($(((end - start) / 1000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f\n", a[int((NR+1)/2)]/1000}'
}
