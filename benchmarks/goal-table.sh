#!/usr/bin/env bash
# Every row of issue 22's goal table in one run: sqfs (A) against the C tool (B), alternating
# whole-process runs, medians, the ratio A/B pair by pair (lib/alternate.sh). Needs root (debootstrap
# the first time, loop and overlay mounts, dropping the page cache).
#
#   benchmarks/goal-table.sh            all groups
#   ROWS="extract ls" RUNS=7 benchmarks/goal-table.sh
#   env: RUNS (5; MK_RUNS for mk, default RUNS), ROWS (groups below), MK_TREES ("minbase"; add 60k),
#        MK_CODECS ("gzip zstd lz4hc"; lz4hc = sqfs --comp lz4 --lz4-hc against -comp lz4 -Xhc: at
#        19705a0 sqfs spends ~28 CPU seconds per MB there, most of an hour a run of minbase on two
#        cores, so give MK_CODECS="gzip zstd" until that changes),
#        OUT (extractions and written images, default /dev/shm/sqfs-goal-table: tmpfs), SQFS (bin/sqfs)
#
# Trees (lib/datasets.sh, cached in the git-ignored benchmarks/data/): 60k = ~60,000 entries of
# this machine's /usr/include and /usr/share; minbase = Debian bookworm debootstrap --variant=minbase
# (lib/minbase.sh); empty100k = 100,000 empty files. Images: mksquashfs, gzip or zstd, defaults.
#
# groups and rows (A vs B):
#   extract   sqfs extract IMG D          vs unsquashfs -q -no-progress -d D IMG   (60k, minbase;
#             gzip and zstd; D on $OUT, emptied untimed before each run)
#   ls        sqfs ls -l -R IMG           vs unsquashfs -lls IMG                   (60k, minbase; gzip)
#   diff      sqfs diff T1 IMG            vs rsync -aniXH --modify-window=1 T1/ MERGED/ (60k,
#             minbase; T1 = cp -a of the tree with ~1% really changed, MERGED = IMG loop-mounted
#             under an empty overlay upper dir)
#   checksum  sqfs diff --checksum T1 IMG vs rsync -anicXH --modify-window=1 T1/ MERGED/, page cache
#             dropped before every run (minbase)
#   mk        sqfs mk TREE IMG [opts]      vs mksquashfs TREE IMG -processors 2 -noappend [opts]:
#             gzip (both tools' defaults), --comp zstd / -comp zstd, --comp lz4 --lz4-hc /
#             -comp lz4 -Xhc (MK_CODECS); the note has the image size ratio
#   version   sqfs --version              vs java -version (the same JDK, no options)
#   perfile   sqfs extract vs unsquashfs -d of the 100,000 empty files (gzip); note: µs per file
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
root="$(cd "$here/.." && pwd)"
data="$here/data"
runs="${RUNS:-5}"
mk_runs="${MK_RUNS:-$runs}"
groups="${ROWS:-extract ls diff checksum mk version perfile}"
mk_trees="${MK_TREES:-minbase}"
mk_codecs="${MK_CODECS:-gzip zstd lz4hc}"
sqfs="${SQFS:-$root/bin/sqfs}"
out="${OUT:-/dev/shm/sqfs-goal-table}"
rows="$data/goal-table.txt"
export LC_ALL=C.UTF-8
[[ $(id -u) -eq 0 ]] || { echo "goal-table: needs root (debootstrap, mounts, drop_caches)" >&2; exit 2; }
for t in mksquashfs unsquashfs rsync /usr/bin/time java; do
  command -v "$t" >/dev/null || { echo "goal-table: needs $t (squashfs-tools, rsync, time)" >&2; exit 2; }
done
mkdir -p "$data" "$out"
. "$here/lib/minbase.sh"
. "$here/lib/datasets.sh"
. "$here/lib/mounts.sh"
. "$here/lib/overlay.sh"
. "$here/lib/alternate.sh"

# --- the trees and images (made once, cached)
minbase_t0
declare -A tree=([60k]="$(tree_60k)" [minbase]="$base")
"$sqfs" --version >/dev/null # builds the jar and its class-data archive first; do not edit sources while this runs
: >"$rows"
has() { [[ " $groups " == *" $1 "* ]]; }

echo "machine: $(nproc) CPUs, $(java -version 2>&1 | head -1), $(mksquashfs -version 2>&1 | head -1), rsync $(rsync --version | head -1 | awk '{print $3}')"
for k in 60k minbase; do
  echo "tree $k: $(find "${tree[$k]}" | wc -l) entries, $(du -sh "${tree[$k]}" | cut -f1)"
done
echo "$(date -u +%F), $runs runs (mk: $mk_runs); extractions and images written to $out"
echo

# --- extract and ls
fresh() { rm -rf "$out/d"; }
ex_sqfs() { fresh; timed "$sqfs" extract "$img" "$out/d"; }
ex_unsq() { fresh; timed unsquashfs -q -no-progress -d "$out/d" "$img"; }
ls_sqfs() { timed "$sqfs" ls -l -R "$img"; }
ls_unsq() { timed unsquashfs -lls "$img"; }
for k in 60k minbase; do
  for c in gzip zstd; do
    img=$(image_of "${tree[$k]}" "$c")
    has extract && pair "extract $c $k vs unsquashfs -d" ex_sqfs ex_unsq
    if [[ $c == gzip ]] && has ls; then pair "ls -l -R $k vs unsquashfs -lls" ls_sqfs ls_unsq; fi
  done
done
fresh

# --- diff against rsync over the mounted overlay
diff_sqfs() { ok_rc="0 1" timed "$sqfs" diff "$t1" "$img"; }
diff_rsync() { timed rsync -aniXH --modify-window=1 "$t1/" "$merged/"; }
diffc_sqfs() { ok_rc="0 1" timed "$sqfs" diff --checksum "$t1" "$img"; }
diffc_rsync() { timed rsync -anicXH --modify-window=1 "$t1/" "$merged/"; }
for k in 60k minbase; do
  if has diff || { has checksum && [[ $k == minbase ]]; }; then
    img=$(image_of "${tree[$k]}" gzip)
    t1=$(t1_of "${tree[$k]}")
    overlay_over "$img" "$data/overlay-$k"
    note="$("$sqfs" diff "$t1" "$img" | wc -l || true) / $(rsync -aniXH --modify-window=1 "$t1/" "$merged/" | wc -l) lines"
    has diff && pair "diff $k vs rsync -aniXH" diff_sqfs diff_rsync
    if [[ $k == minbase ]] && has checksum; then
      note="$("$sqfs" diff --checksum "$t1" "$img" | wc -l || true) / $(rsync -anicXH --modify-window=1 "$t1/" "$merged/" | wc -l) lines"
      pair "diff --checksum $k vs rsync -anicXH, cold" diffc_sqfs diffc_rsync drop_caches
    fi
    note=""
  fi
done

# --- mk against mksquashfs: time, and the image size ratio in the note
mk_sqfs() { timed "$sqfs" mk "${sqfs_opts[@]}" "$src" "$out/sqfs.sqfs"; }
mk_mksq() { timed mksquashfs "$src" "$out/mksq.sqfs" -processors 2 -noappend -quiet -no-progress "${mksq_opts[@]}"; }
size_ratio() { awk -v a="$(stat -c %s "$out/sqfs.sqfs")" -v b="$(stat -c %s "$out/mksq.sqfs")" 'BEGIN { printf "size %d / %d = %.4f", a, b, a / b }'; }
if has mk; then
  saved_runs=$runs runs=$mk_runs
  for k in $mk_trees; do
    src="${tree[$k]}"
    for c in $mk_codecs; do
      case $c in
        gzip) sqfs_opts=() mksq_opts=() ;;
        lz4hc) sqfs_opts=(--comp lz4 --lz4-hc) mksq_opts=(-comp lz4 -Xhc) ;;
        *) sqfs_opts=(--comp "$c") mksq_opts=(-comp "$c") ;;
      esac
      note_fn=size_ratio pair "mk $c $k vs mksquashfs" mk_sqfs mk_mksq
    done
  done
  rm -f "$out/sqfs.sqfs" "$out/mksq.sqfs"
  runs=$saved_runs
fi

# --- start-up
ver_sqfs() { timed "$sqfs" --version; }
ver_java() { timed java -version; }
has version && pair "sqfs --version vs java -version" ver_sqfs ver_java

# --- per-file cost: 100,000 empty files
per_file() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f / %.1f us per file", a * 10, b * 10 }'; }
if has perfile; then
  img=$(image_of "$(tree_empty100k)" gzip)
  note_fn=per_file pair "extract 100k empty files vs unsquashfs -d" ex_sqfs ex_unsq
  fresh
fi

echo
pair_header
cat "$rows"
