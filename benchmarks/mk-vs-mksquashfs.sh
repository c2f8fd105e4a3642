#!/usr/bin/env bash
# Issue 3's speed and size goals, side by side in one run: `sqfs mk TREE IMG` against
# `mksquashfs TREE IMG -processors 2`, gzip and zstd with each tool's defaults, on the ~300 MB tree
# of side-by-side.sh (built there, cached in benchmarks/data/tree) and on a Debian minbase root
# (debootstrap, cached; needs root the first time). Alternating runs, medians of RUNS (5) warm
# whole-process wall times; image sizes and their ratio (goal: time <= 1, size <= 1.005).
# Usage: benchmarks/mk-vs-mksquashfs.sh   env: RUNS=5 CODECS="gzip zstd"
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
data="$root/benchmarks/data"
sqfs="$root/bin/sqfs"
runs="${RUNS:-5}"
codecs="${CODECS:-gzip zstd}"
export LC_ALL=C.UTF-8
command -v mksquashfs >/dev/null || { echo "mk-vs-mksquashfs: needs mksquashfs" >&2; exit 2; }
. "$root/benchmarks/lib/minbase.sh"
. "$root/benchmarks/lib/timing.sh"
mkdir -p "$data"
[[ -f "$data/tree.complete" ]] || { echo "mk-vs-mksquashfs: run benchmarks/side-by-side.sh once first (it builds benchmarks/data/tree)" >&2; exit 2; }
minbase_t0
out="$data/mk-out"
rm -rf "$out" && mkdir -p "$out"
"$sqfs" --version >/dev/null # builds the jar first; do not edit sources while this runs

echo "machine: $(nproc) CPUs, $(java -version 2>&1 | head -1), $(mksquashfs -version 2>&1 | head -1)"
printf '%-10s %-5s %9s %11s %6s %12s %12s %7s\n' tree codec "sqfs ms" "mksquash ms" ratio "sqfs bytes" "mksq bytes" "size"
for t in "$data/tree" "$base"; do
  name=$(basename "$t")
  for c in $codecs; do
    a=() b=()
    "$sqfs" mk --comp "$c" "$t" "$out/s.sqfs" >/dev/null
    mksquashfs "$t" "$out/m.sqfs" -comp "$c" -processors 2 -noappend -quiet -no-progress >/dev/null
    for ((i = 0; i < runs; i++)); do
      s=$(date +%s%N); "$sqfs" mk --comp "$c" "$t" "$out/s.sqfs" >/dev/null; e=$(date +%s%N)
      a+=($(((e - s) / 1000000)))
      s=$(date +%s%N); mksquashfs "$t" "$out/m.sqfs" -comp "$c" -processors 2 -noappend -quiet -no-progress >/dev/null; e=$(date +%s%N)
      b+=($(((e - s) / 1000000)))
    done
    ma=$(printf '%s\n' "${a[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")
    mb=$(printf '%s\n' "${b[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")
    sa=$(stat -c %s "$out/s.sqfs")
    sb=$(stat -c %s "$out/m.sqfs")
    printf '%-10s %-5s %9d %11d %6s %12d %12d %7s\n' "${name:0:10}" "$c" "$ma" "$mb" "$(ratio "$ma" "$mb")" "$sa" "$sb" \
      "$(awk -v x="$sa" -v y="$sb" 'BEGIN { printf "%.4f", x / y }')"
  done
done
