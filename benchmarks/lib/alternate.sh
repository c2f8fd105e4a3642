# Shared by the side-by-side scripts: alternating whole-process timings, with /usr/bin/time.
# Set $runs, $data and $rows (the file rows are appended to) before calling.
#
# timed CMD...: one run, stdout and stderr discarded; prints "wall cpu" in seconds (cpu = user +
# sys of CMD and its children). Exit codes other than 0 fail the script, except those in $ok_rc
# (a space-separated list, e.g. "0 1" for sqfs diff, which exits 1 when the trees differ).
ok_rc="0"
timed() {
  local start end rc=0
  start=$EPOCHREALTIME
  /usr/bin/time -f "%U %S" -o "$data/time.out" "$@" >/dev/null 2>&1 || rc=$?
  end=$EPOCHREALTIME
  if [[ " $ok_rc " != *" $rc "* ]]; then
    echo "timed: exit $rc: $*" >&2
    exit 1
  fi
  # the last line: after a non-zero exit, time writes "Command exited with non-zero status" first
  tail -1 "$data/time.out" | awk -v s="$start" -v e="$end" '{ printf "%.4f %.3f\n", e - s, $1 + $2 }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# pair LABEL FN_A FN_B [PREP]: FN_A and FN_B each run one command through `timed` (and may do
# untimed set-up first, such as emptying the target). One untimed run of each first (warms the page
# cache, the jar, the class-data archive), then $runs pairs in alternating order (A B, B A, ...),
# PREP (say, dropping the page cache) untimed before every timed run. Appends to $rows: the label;
# the median wall seconds of A and of B; the median of the pair-by-pair ratios A/B (steadier than
# the ratio of medians when the machine's speed drifts); the median CPU seconds of A and B and
# their ratio; the 1-minute load average at the start and the end; and a note: $note, or the
# output of the function named by $note_fn, called with the two median wall times (both cleared
# after).
pair() {
  local label="$1" a_fn="$2" b_fn="$3" prep="${4:-:}" a=() b=() i ra rb l0 l1
  l0=$(cut -d' ' -f1 /proc/loadavg)
  "$prep"; "$a_fn" >/dev/null; "$prep"; "$b_fn" >/dev/null
  for ((i = 0; i < runs; i++)); do
    if ((i % 2 == 0)); then
      "$prep"; ra=$("$a_fn"); "$prep"; rb=$("$b_fn")
    else
      "$prep"; rb=$("$b_fn"); "$prep"; ra=$("$a_fn")
    fi
    a+=("$ra") b+=("$rb")
  done
  l1=$(cut -d' ' -f1 /proc/loadavg)
  local wa wb ca cb r rc
  wa=$(printf '%s\n' "${a[@]}" | cut -d' ' -f1 | median)
  wb=$(printf '%s\n' "${b[@]}" | cut -d' ' -f1 | median)
  ca=$(printf '%s\n' "${a[@]}" | cut -d' ' -f2 | median)
  cb=$(printf '%s\n' "${b[@]}" | cut -d' ' -f2 | median)
  r=$(paste -d' ' <(printf '%s\n' "${a[@]}") <(printf '%s\n' "${b[@]}") | awk '{ print $1 / $3 }' | median)
  rc=$(awk -v a="$ca" -v b="$cb" 'BEGIN { print (b > 0) ? a / b : 0 }')
  [[ -n "${note_fn:-}" ]] && note=$("$note_fn" "$wa" "$wb")
  printf '%-48s %8.3f %8.3f %6.2f   %7.2f %7.2f %6.2f   %5s-%-5s %s\n' \
    "$label" "$wa" "$wb" "$r" "$ca" "$cb" "$rc" "$l0" "$l1" "${note:-}" | tee -a "$rows" >&2
  note="" note_fn=""
}

# The header of the rows pair writes.
pair_header() {
  printf '%-48s %8s %8s %6s   %7s %7s %6s   %-11s %s\n' \
    "row (A vs B; $runs alternating runs, medians)" "A wall" "B wall" "A/B" "A cpu" "B cpu" "A/B" "load" "note"
}

# Drops the page cache (root): for cold-cache rows.
drop_caches() { sync && echo 3 >/proc/sys/vm/drop_caches; }
