# Shared by the side-by-side scripts: whole-process timings. Set $runs before calling.

# median_ms COMMAND...: runs it once to warm up, then $runs times (exit 0 or 1 accepted); prints
# the median wall time in ms.
median_ms() {
  local times=() i s e
  "$@" >/dev/null 2>&1 || [[ $? -eq 1 ]]
  for ((i = 0; i < runs; i++)); do
    s=$(date +%s%N)
    "$@" >/dev/null 2>&1 || [[ $? -eq 1 ]]
    e=$(date +%s%N)
    times+=($(((e - s) / 1000000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p"
}
# ratio X Y: X / Y with two decimals.

ratio() { awk -v x="$1" -v y="$2" 'BEGIN { printf "%.2f", x / y }'; }
