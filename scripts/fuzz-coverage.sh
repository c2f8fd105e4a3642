#!/usr/bin/env bash
# Replays one fuzz target's kept corpus (src-test-fixtures/.cifuzz-corpus) without fuzzing and writes
# Jazzer's coverage report of each replay, to tell new code reached from the cov counter's noise:
#
#   scripts/fuzz-coverage.sh 'ExtractFuzzTest#extractStaysInside' /tmp/cov-before 3
#   ... fuzz ...
#   scripts/fuzz-coverage.sh 'ExtractFuzzTest#extractStaysInside' /tmp/cov-after 3
#   scripts/fuzz-coverage-compare.py /tmp/cov-before /tmp/cov-after
#
# Replay more than once where a target is not deterministic (extract: its file worker and the walk
# race to the first failure). Run it while no fuzzer of the target writes to the corpus.
set -euo pipefail
target=${1:?usage: fuzz-coverage.sh CLASS#METHOD OUTDIR [REPLAYS]}
out=${2:?usage: fuzz-coverage.sh CLASS#METHOD OUTDIR [REPLAYS]}
replays=${3:-3}
cd "$(dirname "$0")/.."
mkdir -p "$out"
out=$(cd "$out" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fuzz-coverage.XXXX")
trap 'rm -rf "$tmp"' EXIT
for i in $(seq "$replays"); do
  JAZZER_FUZZ=1 mvn -o -B -q -pl src-test-fixtures -am test -Dspotless.check.skip \
    -Dsurefire.failIfNoSpecifiedTests=false -Dtest="$target" \
    -DargLine="-Xmx256m -Djava.io.tmpdir=$tmp -Djazzer.instrument=io.github.squashtree.**,org.tukaani.xz.** -Djazzer.coverage_report=$out/replay-$i.txt -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-runs=0 -Djazzer.internal.arg.2=-max_len=16384" \
    >"$out/replay-$i.log" 2>&1 || { echo "replay $i failed: $out/replay-$i.log" >&2; exit 1; }
  echo "replay $i: $(grep -o 'INITED cov: [0-9]* ft: [0-9]*' "$out/replay-$i.log" | head -1)"
done
