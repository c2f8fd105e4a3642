#!/usr/bin/env bash
# The java.nio.file provider against the kernel (issue 19), through JMH; needs root (loop mounts).
#
#   benchmarks/nio-vs-mount.sh
#   env: DATA=DIR (the cache directory, default benchmarks/data; the minbase root is made there
#        by lib/minbase.sh, or reused)  MB=1024 (size of the random-read image)  JMH="extra args"
#
# 1. Files.walk + readAttributes(PosixFileAttributes) over the Debian minbase image
#    (mksquashfs -comp gzip of lib/minbase.sh's root), through the squashfs file system and through
#    the default provider over the image's loop mount: milliseconds per walk and the ratio
#    squashfs/mount (goal <= 1.0), with and without asking owner and group names.
# 2. Random 4 KiB reads in a generated image of $MB MiB (BenchTree, mksquashfs -comp gzip), warm:
#    microseconds per read through the file system with its default 16 MiB block cache, with a
#    cache that holds every block (dataCacheBytes=2G), and over the loop mount (goal < 50 us).
# Both are also measured in thread CPU time (NioCpuTime), which a shared machine's load inflates
# far less than wall time. The load average is printed before and after.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
root="$(cd "$here/.." && pwd)"
data="${DATA:-$here/data}"
mb="${MB:-1024}"
[[ $(id -u) -eq 0 ]] || { echo "nio-vs-mount: needs root (loop mounts)" >&2; exit 2; }
command -v mksquashfs >/dev/null || { echo "nio-vs-mount: mksquashfs not found" >&2; exit 2; }
source "$here/lib/minbase.sh"
mkdir -p "$data/images"
minbase_t0
image="$data/images/$(basename "$base")-gzip.sqfs"
if [[ ! -f "$image" ]]; then
  mksquashfs "$base" "$image.partial" -comp gzip -processors 2 -noappend -no-progress -quiet >&2
  mv "$image.partial" "$image"
fi
jar="$root/benchmarks/target/benchmarks.jar"
if [[ ! -f "$jar" ]]; then
  (cd "$root" && mvn -B -q -o -pl benchmarks -am package -DskipTests -Dspotless.check.skip >&2)
fi
echo "nio-vs-mount: $what, $(find "$base/" | wc -l) entries, image $(du -h "$image" | cut -f1)" >&2
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
out="$data/nio-vs-mount"
mkdir -p "$out"
# shellcheck disable=SC2086
java -jar "$jar" NioWalkBenchmark -p imageFile="$image" -rf csv -rff "$out/walk.csv" ${JMH:-} >&2
# shellcheck disable=SC2086
java -jar "$jar" NioRandomReadBenchmark -p megabytes="$mb" \
  -jvmArgsAppend "-Dsquashtree.bench.dir=$data/bench" -rf csv -rff "$out/read.csv" ${JMH:-} >&2
# The same work in thread CPU time (user + system), which the machine's load inflates far less.
java -cp "$jar" io.github.squashtree.bench.NioCpuTime walk "$image" >"$out/cpu.txt"
java -Xmx3g -cp "$jar" io.github.squashtree.bench.NioCpuTime read \
  "$data/bench/bench-${mb}m-42-gzip.sqfs" >>"$out/cpu.txt"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
# JMH's CSV: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit", then
# one "Param: name" column per parameter; the "via" column is found by its header.
column() { head -1 "$1" | tr ',' '\n' | grep -n '"Param: via"' | cut -d: -f1; }
awk -F, -v v="$(column "$out/walk.csv")" 'NR > 1 {
    gsub(/["\r]/, ""); name = $1; sub(/.*\./, "", name); via = $v
    score[name, via] = $5 + 0; err[name, via] = $6 + 0; names[name] = 1
  }
  END {
    for (n in names) {
      printf "walk %-14s squashfs %8.2f ms (±%.2f)  mount %8.2f ms (±%.2f)  ratio %.2f\n",
        n, score[n, "squashfs"], err[n, "squashfs"], score[n, "mount"], err[n, "mount"],
        score[n, "squashfs"] / score[n, "mount"]
    }
  }' "$out/walk.csv"
awk -F, -v v="$(column "$out/read.csv")" 'NR > 1 {
    gsub(/["\r]/, "")
    printf "random 4 KiB read  %-16s %8.2f us (±%.2f)\n", $v, $5, $6
  }' "$out/read.csv"
echo "thread CPU time and wall time (median):"
cat "$out/cpu.txt"
