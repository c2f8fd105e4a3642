#!/usr/bin/env bash
# Whole-process timings of sqfs against squashfs-tools, as a user sees them.
#
#   benchmarks/side-by-side.sh [runs]          (default 5)
#   env: CODECS="gzip zstd"  SQFS=bin/sqfs  OUT=DIR (where extractions go; default
#        benchmarks/data/out, i.e. the same file system for both tools; OUT=/dev/shm/x for tmpfs)
#
# On first use it builds benchmarks/data/tree (~300 MB: a copy of /usr/lib/jvm's JDK and parts of
# /usr/share, symlinks and hard links kept by cp -a) and images it with mksquashfs for each codec
# (-processors 2); everything under benchmarks/data is cached and git-ignored. Then, per image, it
# alternates sqfs and the squashfs-tools command N times (warm page cache; one untimed warm-up of
# each first) and prints the median wall time of each and the ratio sqfs/unsquashfs, and the same
# for CPU time (user+sys, steadier than wall time on a shared machine):
#   sqfs extract IMG DEST       vs  unsquashfs -q -no-progress -d DEST IMG   (fresh DEST each run)
#   sqfs ls -l -R IMG >/dev/null vs unsquashfs -lls IMG >/dev/null
# Finally it checks that both sqfs commands run within a 64 MiB heap (SQFS_JAVA_OPTS=-Xmx64m) and
# that sqfs extracts the same tree as unsquashfs: content and metadata (scripts/same-tree.sh: modes,
# owners, mtimes, hard links, xattrs), not content alone.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
root="$(cd "$here/.." && pwd)"
runs="${1:-5}"
codecs="${CODECS:-gzip zstd}"
sqfs="${SQFS:-$root/bin/sqfs}"
data="$here/data"
tree="$data/tree"
out="${OUT:-$data/out}"
budget_kb=$((300 * 1024))
# same_tree A B: content and metadata of two trees.
source "$root/scripts/same-tree.sh"

for tool in mksquashfs unsquashfs; do
  command -v "$tool" >/dev/null || { echo "side-by-side: $tool not found (apt-get install squashfs-tools)" >&2; exit 2; }
done
for tool in /usr/bin/time; do
  [[ -x "$tool" ]] || { echo "side-by-side: $tool not found (apt-get install time)" >&2; exit 2; }
done

make_tree() {
  [[ -f "$data/tree.complete" ]] && return
  echo "side-by-side: copying a ~300 MB tree into $tree ..." >&2
  rm -rf "$tree" && mkdir -p "$tree/jvm" "$tree/share"
  local used=0 size src
  # The JDK as it is (its jmods left out to keep room for many small files), then /usr/share
  # directories with many small files, each taken whole while it fits in the budget.
  local jdk
  jdk="$(find /usr/lib/jvm -mindepth 1 -maxdepth 1 -type d -name 'java-*' | sort | head -1)"
  if [[ -n "$jdk" ]]; then
    cp -a "$jdk" "$tree/jvm/"
    rm -rf "$tree/jvm/$(basename "$jdk")/jmods"
    find /usr/lib/jvm -mindepth 1 -maxdepth 1 \( -type l -o -type f \) -exec cp -a {} "$tree/jvm/" \;
    used=$(du -sk "$tree" | cut -f1)
  fi
  for src in man vim perl icons i18n zoneinfo mime X11 fonts java cmake-3.25 locale doc; do
    [[ -d "/usr/share/$src" ]] || continue
    size=$(du -sk "/usr/share/$src" | cut -f1)
    if (( used + size <= budget_kb )); then
      cp -a "/usr/share/$src" "$tree/share/"
      used=$((used + size))
    fi
  done
  touch "$data/tree.complete"
  echo "side-by-side: tree is $(du -sh "$tree" | cut -f1), $(find "$tree" | wc -l) entries" >&2
}

make_image() { # codec
  local img="$data/tree-$1.sqfs"
  if [[ ! -f "$img" ]]; then
    echo "side-by-side: mksquashfs -comp $1 ..." >&2
    mksquashfs "$tree" "$img.partial" -comp "$1" -processors 2 -noappend -no-progress -quiet >&2
    mv "$img.partial" "$img"
  fi
  echo "$img"
}

# "wall cpu" seconds of one run of "$@" (stdout discarded), failing loudly if the command fails.
timed() {
  local start end cpu
  start=$EPOCHREALTIME
  /usr/bin/time -f "%U %S" -o "$data/time.out" "$@" >/dev/null ||
    { echo "side-by-side: failed: $*" >&2; exit 1; }
  end=$EPOCHREALTIME
  cpu=$(awk '{ print $1 + $2 }' "$data/time.out")
  echo "$start $end $cpu" | awk '{ printf "%.3f %.3f\n", $2 - $1, $3 }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# The previous run's output is removed and flushed untimed, so its writeback cannot slow the next.
fresh() { rm -rf "$out" && mkdir -p "$out" && sync; }

sqfs_extract() { fresh; timed "$sqfs" extract "$1" "$out/d"; }
unsq_extract() { fresh; timed unsquashfs -q -no-progress -d "$out/d" "$1"; }
sqfs_ls() { timed "$sqfs" ls -l -R "$1"; }
unsq_ls() { timed unsquashfs -lls "$1"; }

compare() { # label image fn-sqfs fn-unsquashfs
  local a=() b=() i
  "$3" "$2" >/dev/null && "$4" "$2" >/dev/null # warm-up: page cache, jar, CDS archive
  for ((i = 0; i < runs; i++)); do
    if ((i % 2 == 0)); then
      a+=("$("$3" "$2")"); b+=("$("$4" "$2")")
    else
      b+=("$("$4" "$2")"); a+=("$("$3" "$2")")
    fi
  done
  local ma mb ca cb
  ma=$(printf '%s\n' "${a[@]}" | cut -d' ' -f1 | median)
  mb=$(printf '%s\n' "${b[@]}" | cut -d' ' -f1 | median)
  ca=$(printf '%s\n' "${a[@]}" | cut -d' ' -f2 | median)
  cb=$(printf '%s\n' "${b[@]}" | cut -d' ' -f2 | median)
  printf '%-6s %-8s %9.3f %9.3f %6.2f   %9.3f %9.3f %6.2f\n' \
    "$(basename "$2" .sqfs | sed 's/^tree-//')" "$1" "$ma" "$mb" \
    "$(awk -v a="$ma" -v b="$mb" 'BEGIN { print a / b }')" "$ca" "$cb" \
    "$(awk -v a="$ca" -v b="$cb" 'BEGIN { print a / b }')" >>"$data/table.txt"
  tail -1 "$data/table.txt" >&2
}

mkdir -p "$data"
make_tree
: >"$data/table.txt"
images=()
for c in $codecs; do images+=("$(make_image "$c")"); done
echo "side-by-side: $runs alternating runs each; warm page cache; extract to $out" >&2
for img in "${images[@]}"; do
  compare extract "$img" sqfs_extract unsq_extract
  compare "ls -lR" "$img" sqfs_ls unsq_ls
done

echo
printf '%-15s %-26s   %s\n' "" "wall, median s" "cpu user+sys, median s"
printf '%-6s %-8s %9s %9s %6s   %9s %9s %6s\n' image command sqfs unsquash ratio sqfs unsquash ratio
cat "$data/table.txt"

echo
for img in "${images[@]}"; do
  fresh
  if SQFS_JAVA_OPTS="-Xmx64m" "$sqfs" extract "$img" "$out/d" >/dev/null 2>"$data/xmx.err"; then
    r_ex=pass
  else
    r_ex="FAIL ($(tail -1 "$data/xmx.err"))"
  fi
  mkdir -p "$out/ref" && unsquashfs -q -no-progress -d "$out/ref/d" "$img" >/dev/null
  if same_tree "$out/ref/d" "$out/d" >"$data/same.txt"; then
    same=identical
  else
    same="DIFFERENT: $(head -3 "$data/same.txt" | paste -sd ' ' -)"
  fi
  if SQFS_JAVA_OPTS="-Xmx64m" "$sqfs" ls -l -R "$img" >/dev/null 2>"$data/xmx.err"; then
    r_ls=pass
  else
    r_ls="FAIL ($(tail -1 "$data/xmx.err"))"
  fi
  echo "$(basename "$img"): -Xmx64m extract: $r_ex; -Xmx64m ls -lR: $r_ls; extracted tree vs unsquashfs: $same"
done
rm -rf "$out"
