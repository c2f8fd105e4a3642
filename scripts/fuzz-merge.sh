#!/usr/bin/env bash
# Minimises a fuzz target's grown corpus into its committed Inputs directory, which `mvn verify`
# replays: libFuzzer's merge, keeping the committed inputs and adding, smallest first, each grown
# input that reaches a feature (edge, edge counter bucket, comparison) none before it reached.
#
#   scripts/fuzz-merge.sh 'InodeFuzzTest#decodeInodes' src-test-fixtures/.cifuzz-corpus/io.github.squashtree.fuzz.InodeFuzzTest/decodeInodes
#   FUZZ_MAXLEN=32768 scripts/fuzz-merge.sh 'TarFuzzTest#readMembers' tar/.cifuzz-corpus/io.github.squashtree.tar.TarFuzzTest/readMembers
#
# FUZZ_MAXLEN: the longest input (the fuzz profile's fuzz.maxlen: 16384 for images, 32768 for tar).
#
# libFuzzer's own -merge=1 re-executes its binary per attempt, which under Jazzer's JUnit runner
# is no binary at all; so this script writes the merge's control file (committed inputs first,
# then the grown ones, each group by size) and runs the inner step (-merge_inner=1) in the test's
# JVM, which records the new features of every input in that order; then it copies the inputs
# with any, as grown-<sha1>. An input the inner step starts but never finishes crashed or hung it: listed as a
# finding (exit status 3), not copied. Prints what it kept.
set -euo pipefail
target=${1:?usage: fuzz-merge.sh CLASS#METHOD GROWN_DIR}
grown=$(cd "${2:?usage: fuzz-merge.sh CLASS#METHOD GROWN_DIR}" && pwd)
cd "$(dirname "$0")/.."
class=${target%%#*}
method=${target##*#}
# The target's module: the one whose test resources hold its Inputs (src-test-fixtures, tar).
inputs=$(find */src/test/resources -type d -path "*/${class}Inputs/$method" | head -1)
[[ -n "$inputs" ]] || { echo "fuzz-merge: no ${class}Inputs/$method directory" >&2; exit 2; }
module=${inputs%%/*}
inputs=$(cd "$inputs" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fuzz-merge.XXXX")
trap 'rm -rf "$tmp"' EXIT
control="$tmp/control"

by_size() { find "$1" -maxdepth 1 -type f -printf '%s\t%p\n' | LC_ALL=C sort -n | cut -f2-; }
by_size "$inputs" >"$tmp/committed"
by_size "$grown" >"$tmp/grown"
{
  echo $(($(wc -l <"$tmp/committed") + $(wc -l <"$tmp/grown")))
  wc -l <"$tmp/committed"
  cat "$tmp/committed" "$tmp/grown"
} >"$control"
total=$(head -1 "$control")

# The inner step resumes after the last input it started, so a crash costs one attempt.
for attempt in $(seq 1 50); do
  started=$(grep -c '^STARTED ' "$control" || true)
  [[ "$started" -lt "$total" ]] || break
  JAZZER_FUZZ=1 mvn -o -B -q -pl "$module" -am test -Dspotless.check.skip \
    -Dsurefire.failIfNoSpecifiedTests=false -Dtest="$target" \
    -DargLine="-Xmx256m -Djava.io.tmpdir=${FUZZ_TMPDIR:-/dev/shm} -Djazzer.instrument=io.github.squashtree.**,org.tukaani.xz.** -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-merge_inner=1 -Djazzer.internal.arg.2=-merge_control_file=$control -Djazzer.internal.arg.3=-max_len=${FUZZ_MAXLEN:-16384}" \
    >"$tmp/attempt-$attempt.log" 2>&1 || true
done

committed=$(wc -l <"$tmp/committed")
awk -v n0="$committed" -v total="$total" '
  NR == 1 || NR == 2 { next }
  NR <= total + 2 { file[NR - 3] = $0; next }
  $1 == "STARTED" { started[$2] = 1 }
  $1 == "FT" { done[$2] = 1; ft[$2] = $0 }
  END {
    # libFuzzer'"'"'s greedy pass: the committed inputs'"'"' features first, then each grown input in
    # order (smallest first) kept when it adds one.
    for (i = 0; i < n0; i++) { k = split(ft[i], f, " "); for (j = 3; j <= k; j++) seen[f[j]] = 1 }
    for (i = n0; i < total; i++) {
      if (!(i in started)) { print "unprocessed\t" file[i]; continue }
      if (!(i in done)) { print "finding\t" file[i]; continue }
      k = split(ft[i], f, " "); fresh = 0
      for (j = 3; j <= k; j++) if (!(f[j] in seen)) { seen[f[j]] = 1; fresh = 1 }
      if (fresh) print "keep\t" file[i]
    }
  }' "$control" >"$tmp/verdicts"

kept=0
while IFS=$'\t' read -r verdict path; do
  case "$verdict" in
    keep) cp -n "$path" "$inputs/grown-${path##*/}" && kept=$((kept + 1)) ;;
    *) echo "fuzz-merge: $verdict: $path" >&2 ;;
  esac
done <"$tmp/verdicts"
echo "fuzz-merge: $target: kept $kept of $(wc -l <"$tmp/grown") grown inputs (committed: $committed)"
grep -q '^finding' "$tmp/verdicts" && exit 3
grep -q '^unprocessed' "$tmp/verdicts" && exit 4
exit 0
