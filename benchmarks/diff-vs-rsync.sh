#!/usr/bin/env bash
# sqfs diff against rsync's dry run over a mounted overlay, side by side (issue 4's speed goal):
# a Debian minbase root T0 (debootstrap, cached in benchmarks/data/) imaged by mksquashfs,
# T1 = cp -a of T0 with about 1% of its files really changed; the image is loop-mounted with an
# overlay on top. Times `sqfs diff T1 IMAGE` (quick check and --checksum) against
# `rsync -aniXH --modify-window=1 T1/ MERGED/` (and with -c; -X and -H because sqfs diff compares
# xattrs and hard links too), medians of RUNS (5) warm runs. TREE=60k takes the ~60k-entry tree of
# lib/datasets.sh instead of minbase. goal-table.sh times the same pairs alternating, with the
# --checksum pair on a cold page cache.
# Needs root (debootstrap, mounts). Usage: benchmarks/diff-vs-rsync.sh   env: RUNS=5 TREE=minbase
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
data="$root/benchmarks/data"
sqfs="$root/bin/sqfs"
runs="${RUNS:-5}"
export LC_ALL=C.UTF-8
[[ $(id -u) -eq 0 ]] || { echo "diff-vs-rsync: needs root (debootstrap, loop and overlay mounts)" >&2; exit 2; }
for t in mksquashfs rsync; do
  command -v "$t" >/dev/null || { echo "diff-vs-rsync: needs $t" >&2; exit 2; }
done
mkdir -p "$data"

. "$root/benchmarks/lib/minbase.sh"
. "$root/benchmarks/lib/timing.sh"
. "$root/benchmarks/lib/mounts.sh"
. "$root/benchmarks/lib/datasets.sh"
minbase_t0
if [[ "${TREE:-minbase}" == 60k ]]; then
  base=$(tree_60k) what="~60k entries of this machine's /usr/include and /usr/share"
fi

run="$data/diff-vs-rsync"
rm -rf "$run"
mkdir -p "$run"
t1="$run/t1"
image="$run/t0.sqfs"

# --- the image, and T1 = cp -a + about 1% real changes
mksquashfs "$base" "$image" -noappend -quiet -no-progress >/dev/null
minbase_t1 "$base" "$t1"
files=$(find "$base" -type f | wc -l)
entries=$(find "$base" | wc -l)

# --- the mounted overlay over the image
mkdir -p "$run"/{lower,upper,work,merged}
chown --reference="$base" "$run/upper" && chmod --reference="$base" "$run/upper" && touch -r "$base" "$run/upper"
mount -t squashfs -o loop,ro "$image" "$run/lower" && mounted "$run/lower"
mount -t overlay overlay -o "lowerdir=$run/lower,upperdir=$run/upper,workdir=$run/work" "$run/merged" &&
  mounted "$run/merged"
merged="$run/merged"

# --- timing: one warm-up, then medians of $runs. bin/sqfs rebuilds its jar when sources are newer:
# build it now, and do not edit sources while this runs.
"$sqfs" --version >/dev/null
count() { "$@" 2>/dev/null | wc -l || true; }

echo "T0: $what: $entries entries, $files files; image $(du -h "$image" | cut -f1) (mksquashfs, gzip)"
echo "T1: cp -a of T0 with $changed files changed (size, same-size same-second content, mode, delete, mtime) + 20 new"
echo "machine: $(nproc) CPUs, $(java -version 2>&1 | head -1), rsync $(rsync --version | head -1 | awk '{print $3}')"
echo "changes found: sqfs diff $(count "$sqfs" diff "$t1" "$image"), sqfs diff --checksum $(count "$sqfs" diff --checksum "$t1" "$image"),"
echo "               rsync -aniXH $(count rsync -aniXH --modify-window=1 "$t1/" "$merged/"), rsync -anicXH $(count rsync -anicXH --modify-window=1 "$t1/" "$merged/") (itemized lines)"
echo
a=$(median_ms "$sqfs" diff "$t1" "$image")
b=$(median_ms rsync -aniXH --modify-window=1 "$t1/" "$merged/")
c=$(median_ms "$sqfs" diff --checksum "$t1" "$image")
d=$(median_ms rsync -anicXH --modify-window=1 "$t1/" "$merged/")
printf '%-52s %8s\n' "command (median of $runs warm runs)" "ms"
printf '%-52s %8d\n' "sqfs diff T1 IMAGE" "$a"
printf '%-52s %8d\n' "rsync -aniXH --modify-window=1 T1/ MERGED/" "$b"
printf '%-52s %8d\n' "sqfs diff --checksum T1 IMAGE" "$c"
printf '%-52s %8d\n' "rsync -anicXH --modify-window=1 T1/ MERGED/" "$d"
echo "ratio sqfs diff / rsync -aniXH:                     $(ratio "$a" "$b")"
echo "ratio sqfs diff --checksum / rsync -aniXH:          $(ratio "$c" "$b")"
echo "ratio sqfs diff --checksum / rsync -anicXH:         $(ratio "$c" "$d")"
