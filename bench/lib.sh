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

# interleaved_medians RUNS COMMAND_A COMMAND_B: runs A and B alternately RUNS times each (so that
# a noisy neighbour hits both alike) and prints "MEDIAN_A MEDIAN_B" in ms. Commands are strings.
interleaved_medians() {
  local runs=$1 a=$2 b=$3 times_a=() times_b=() start
  for _ in $(seq "$runs"); do
    start=$(date +%s%N); eval "$a" >/dev/null 2>&1 || true; times_a+=($((($(date +%s%N) - start) / 1000)))
    start=$(date +%s%N); eval "$b" >/dev/null 2>&1 || true; times_b+=($((($(date +%s%N) - start) / 1000)))
  done
  local median_a median_b
  median_a=$(printf '%s\n' "${times_a[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}')
  median_b=$(printf '%s\n' "${times_b[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}')
  echo "$median_a $median_b"
}
