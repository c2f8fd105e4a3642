#!/usr/bin/env bash
# Issue 5's speed goals, side by side in one run on a Debian minbase root T0 (debootstrap, cached in
# benchmarks/data/) and T1 = cp -a of T0 with about 1% of its files really changed:
#   - `sqfs layer T1 T0.sqfs L.sqfs` against `sqfs mk T1` of the whole tree (goal: <= 10%);
#   - `sqfs flatten T0.sqfs --upper UPPER` and `--layer L.sqfs` against `mksquashfs` of the mounted
#     merged overlay (goal: no slower), UPPER made by `sqfs apply T1 T0.sqfs UPPER`.
# All images gzip with the defaults, on all cores; medians of RUNS (5) warm whole-process runs.
# Needs root (debootstrap, mounts). Usage: benchmarks/layer-vs-mk.sh
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
data="$root/benchmarks/data"
sqfs="$root/bin/sqfs"
runs="${RUNS:-5}"
export LC_ALL=C.UTF-8
[[ $(id -u) -eq 0 ]] || { echo "layer-vs-mk: needs root (debootstrap, loop and overlay mounts)" >&2; exit 2; }
command -v mksquashfs >/dev/null || { echo "layer-vs-mk: needs mksquashfs" >&2; exit 2; }
mkdir -p "$data"
. "$root/benchmarks/lib/minbase.sh"
. "$root/benchmarks/lib/timing.sh"
. "$root/benchmarks/lib/mounts.sh"
minbase_t0

run="$data/layer-vs-mk"
rm -rf "$run"
mkdir -p "$run"/{lower,upper,work,merged,layer,stacked,out}
t1="$run/t1"
image="$run/t0.sqfs"
out="$run/out"
mksquashfs "$base" "$image" -noappend -quiet -no-progress >/dev/null
minbase_t1 "$base" "$t1"
"$sqfs" --version >/dev/null # builds the jar first; do not edit sources while this runs

# The upper dir of an unmounted overlay, brought to T1; then the overlay mounted over the image.
"$sqfs" apply "$t1" "$image" "$run/upper" >/dev/null
mount -t squashfs -o loop,ro "$image" "$run/lower" && mounted "$run/lower"
mount -t overlay overlay -o "lowerdir=$run/lower,upperdir=$run/upper,workdir=$run/work" "$run/merged" &&
  mounted "$run/merged"
"$sqfs" layer "$t1" "$image" "$run/l1.sqfs" >/dev/null
mount -t squashfs -o loop,ro "$run/l1.sqfs" "$run/layer" && mounted "$run/layer"
mount -t overlay overlay -o "lowerdir=$run/layer:$run/lower" "$run/stacked" && mounted "$run/stacked"

entries=$(find "$base" | wc -l)
echo "T0: $what: $entries entries, $(du -sh "$base" | cut -f1); image $(du -h "$image" | cut -f1) (mksquashfs, gzip)"
echo "T1: cp -a of T0 with $changed files changed (size, same-size same-second content, mode, delete, mtime) + 20 new"
echo "machine: $(nproc) CPUs, $(java -version 2>&1 | head -1), $(mksquashfs -version 2>&1 | head -1)"
echo "layer L: $(du -h "$run/l1.sqfs" | cut -f1), $(unsquashfs -l "$run/l1.sqfs" | grep -c '^squashfs-root') entries; upper: $(find "$run/upper" | wc -l) entries"
echo

mk=$(median_ms "$sqfs" mk "$t1" "$out/mk.sqfs")
mks=$(median_ms mksquashfs "$t1" "$out/mks.sqfs" -noappend -quiet -no-progress)
layer=$(median_ms "$sqfs" layer "$t1" "$image" "$out/layer.sqfs")
layerc=$(median_ms "$sqfs" layer --checksum "$t1" "$image" "$out/layer-c.sqfs")
flat=$(median_ms "$sqfs" flatten "$image" --upper "$run/upper" "$out/flat-upper.sqfs")
ref=$(median_ms mksquashfs "$run/merged" "$out/ref-upper.sqfs" -noappend -quiet -no-progress)
flatl=$(median_ms "$sqfs" flatten "$image" --layer "$run/l1.sqfs" "$out/flat-layer.sqfs")
refl=$(median_ms mksquashfs "$run/stacked" "$out/ref-layer.sqfs" -noappend -quiet -no-progress)

printf '%-60s %8s\n' "command (median of $runs warm runs)" "ms"
printf '%-60s %8d\n' "sqfs mk T1 (whole tree)" "$mk"
printf '%-60s %8d\n' "mksquashfs T1 (whole tree)" "$mks"
printf '%-60s %8d\n' "sqfs layer T1 T0.sqfs" "$layer"
printf '%-60s %8d\n' "sqfs layer --checksum T1 T0.sqfs" "$layerc"
printf '%-60s %8d\n' "sqfs flatten T0.sqfs --upper UPPER" "$flat"
printf '%-60s %8d\n' "mksquashfs MERGED (image + UPPER mounted)" "$ref"
printf '%-60s %8d\n' "sqfs flatten T0.sqfs --layer L.sqfs" "$flatl"
printf '%-60s %8d\n' "mksquashfs MERGED (L.sqfs over image mounted)" "$refl"
echo "ratio sqfs layer / sqfs mk (goal <= 0.10):                  $(ratio "$layer" "$mk")"
echo "ratio sqfs layer --checksum / sqfs mk:                      $(ratio "$layerc" "$mk")"
echo "ratio sqfs flatten --upper / mksquashfs merged (goal <= 1): $(ratio "$flat" "$ref")"
echo "ratio sqfs flatten --layer / mksquashfs merged (goal <= 1): $(ratio "$flatl" "$refl")"
echo "sizes: flatten --upper $(stat -c %s "$out/flat-upper.sqfs"), mksquashfs merged $(stat -c %s "$out/ref-upper.sqfs"), sqfs mk T1 $(stat -c %s "$out/mk.sqfs") bytes"
