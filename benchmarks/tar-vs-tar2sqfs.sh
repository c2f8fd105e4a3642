#!/usr/bin/env bash
# Issue 21's speed goals, side by side in one run (lib/alternate.sh: alternating whole-process
# runs, medians, the ratio A/B pair by pair; goal A/B <= 1.0):
#   mk       sqfs mk minbase.tar IMG           vs tar2sqfs -c gzip -j 2 IMG < minbase.tar
#            sqfs mk minbase.tar IMG           vs sqfstar -processors 2 IMG < minbase.tar
#   gz       sqfs mk minbase.tar.gz IMG        vs tar2sqfs -c gzip -j 2 IMG < minbase.tar.gz
#            sqfs mk minbase.tar IMG           vs tar -x + mksquashfs (unpacking to disk first,
#                                                 as image builders do; untimed rm between runs)
#   tar      sqfs tar IMG -o OUT               vs sqfs2tar IMG > OUT  (IMG: mksquashfs, gzip)
#            sqfs tar IMG -o OUT               vs GNU tar -c of the tree (the same flags as the
#                                                 archive above; the tree in the page cache)
#   memory   sqfs mk of a BIG_GIB archive of incompressible files under -Xmx$HEAP: peak RSS and
#            time, against tar2sqfs's (not alternated; one run each)
# The archive is GNU tar's (--format=posix --xattrs --sparse) of the Debian minbase tree
# (lib/minbase.sh; root and debootstrap the first time); outputs go to $OUT (tmpfs).
#
#   benchmarks/tar-vs-tar2sqfs.sh
#   env: RUNS (5), ROWS ("mk gz tar memory"), OUT (/dev/shm/sqfs-tar-bench), BIG_GIB (4), HEAP (128m),
#        SQFS (bin/sqfs)
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
root="$(cd "$here/.." && pwd)"
data="$here/data"
runs="${RUNS:-5}"
groups="${ROWS:-mk gz tar memory}"
sqfs="${SQFS:-$root/bin/sqfs}"
out="${OUT:-/dev/shm/sqfs-tar-bench}"
big_gib="${BIG_GIB:-4}"
heap="${HEAP:-128m}"
rows="$data/tar-vs-tar2sqfs.txt"
export LC_ALL=C.UTF-8
for t in tar2sqfs sqfs2tar mksquashfs /usr/bin/time java tar; do
  command -v "$t" >/dev/null || { echo "tar-vs-tar2sqfs: needs $t" >&2; exit 2; }
done
mkdir -p "$data" "$out"
. "$here/lib/minbase.sh"
. "$here/lib/alternate.sh"
has() { [[ " $groups " == *" $1 "* ]]; }

minbase_t0
archive="$data/minbase.tar"
if [[ ! -f "$archive" ]]; then
  tar --format=posix --xattrs --xattrs-include='*' --sparse -C "$base" -cf "$archive.partial" .
  mv "$archive.partial" "$archive"
fi
[[ -f "$archive.gz" ]] || gzip -6 -k -c "$archive" >"$archive.gz"
"$sqfs" --version >/dev/null # builds the jar and its class-data archive first
: >"$rows"
echo "machine: $(nproc) CPUs, $(java -version 2>&1 | head -1), $(tar2sqfs --version | head -1), $(mksquashfs -version 2>&1 | head -1)"
echo "archive: $(du -h "$archive" | cut -f1) ($(tar -tf "$archive" | wc -l) members) of $what; $(du -h "$archive.gz" | cut -f1) gzipped"
echo "$(date -u +%F), $runs runs; outputs in $out"
echo

size_ratio() { awk -v a="$(stat -c %s "$out/a.sqfs")" -v b="$(stat -c %s "$out/b.sqfs")" 'BEGIN { printf "size %d / %d = %.4f", a, b, a / b }'; }
if has mk; then
  mk_sqfs() { timed "$sqfs" mk --no-progress "$archive" "$out/a.sqfs"; }
  mk_t2s() { timed sh -c 'exec tar2sqfs -q -f -c gzip -j 2 "$1" <"$2"' sh "$out/b.sqfs" "$archive"; }
  mk_sqfstar() { rm -f "$out/b.sqfs"; timed sh -c 'exec sqfstar -quiet -no-progress -processors 2 "$1" <"$2"' sh "$out/b.sqfs" "$archive"; }
  note_fn=size_ratio pair "mk minbase.tar vs tar2sqfs -c gzip -j 2" mk_sqfs mk_t2s
  if command -v sqfstar >/dev/null; then
    note_fn=size_ratio pair "mk minbase.tar vs sqfstar -processors 2" mk_sqfs mk_sqfstar
  fi
  unpacked="$out/unpacked"
  clear_unpacked() { rm -rf "$unpacked"; }
  mk_unpack() {
    timed sh -c 'mkdir "$1" && tar -x --xattrs --xattrs-include="*" --same-owner -f "$2" -C "$1" &&
      exec mksquashfs "$1" "$3" -noappend -quiet -no-progress -processors 2' sh \
      "$unpacked" "$archive" "$out/b.sqfs"
  }
  note_fn=size_ratio pair "mk minbase.tar vs tar -x + mksquashfs" mk_sqfs mk_unpack clear_unpacked
  clear_unpacked
fi

if has gz; then
  mkgz_sqfs() { timed "$sqfs" mk --no-progress "$archive.gz" "$out/a.sqfs"; }
  mkgz_t2s() { timed sh -c 'exec tar2sqfs -q -f -c gzip -j 2 "$1" <"$2"' sh "$out/b.sqfs" "$archive.gz"; }
  note_fn=size_ratio pair "mk minbase.tar.gz vs tar2sqfs -c gzip -j 2" mkgz_sqfs mkgz_t2s
fi

if has tar; then
  img="$out/mksq.sqfs"
  # the tree itself: mksquashfs would store a symlink to it as a symlink
  [[ -f "$img" ]] || mksquashfs "$(readlink -f "$base")" "$img" -noappend -quiet -no-progress >/dev/null
  tar_sqfs() { timed "$sqfs" tar "$img" -o "$out/a.tar"; }
  tar_s2t() { timed sh -c 'exec sqfs2tar "$1" >"$2"' sh "$img" "$out/b.tar"; }
  tar_sizes() { awk -v a="$(stat -c %s "$out/a.tar")" -v b="$(stat -c %s "$out/b.tar")" 'BEGIN { printf "archive %d / %d bytes", a, b }'; }
  note_fn=tar_sizes pair "tar minbase image vs sqfs2tar" tar_sqfs tar_s2t
  tar_gnu() { timed tar --format=posix --xattrs --xattrs-include='*' --sparse -C "$base" -cf "$out/b.tar" .; }
  note_fn=tar_sizes pair "tar minbase image vs GNU tar -c of the tree" tar_sqfs tar_gnu
  rm -f "$out/a.tar" "$out/b.tar"
fi

if has memory; then
  # Content: files of random bytes (every block is written as it is), through a pipe. Metadata: a
  # million empty files. Peak RSS of the whole JVM, under a small heap.
  gen="$here/lib/tar-stream.py"
  mem() {
    local label="$1" kind="$2" n="$3" heap="$4"
    python3 "$gen" "$kind" "$n" |
      SQFS_JAVA_OPTS="-Xmx$heap" /usr/bin/time -f "$label, sqfs -Xmx$heap: %e s, peak RSS %M KiB" \
        "$sqfs" mk --no-progress --comp zstd --level 1 - "$out/a.sqfs" 2>&1 >/dev/null | tail -1
    python3 "$gen" "$kind" "$n" |
      /usr/bin/time -f "$label, tar2sqfs: %e s, peak RSS %M KiB" \
        tar2sqfs -q -f -c zstd -X level=1 -j 2 "$out/b.sqfs" 2>&1 | tail -1
    rm -f "$out/a.sqfs" "$out/b.sqfs"
  }
  mem "${big_gib} GiB archive, $((big_gib * 16)) files of 64 MiB" big "$big_gib" "$heap" | tee -a "$rows" >&2
  mem "1,000,000 empty files" many 1000000 "${MANY_HEAP:-512m}" | tee -a "$rows" >&2
fi

echo
pair_header
cat "$rows"
