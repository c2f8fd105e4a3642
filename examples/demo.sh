#!/usr/bin/env bash
# The main job on a bundled example: a small root tree T0 is imaged (whole-second mtimes), then
# updated to T1 (cp -a, so nanosecond mtimes, plus a few real changes). Shows the minimal change
# (sqfs diff --checksum) next to what cp -a, rsync -ac and rsync -a would do to the image's view,
# measured: every entry whose ctime a tool changes would be copied up by overlayfs. As root it
# also runs the kernel part (loop mount + overlay + sqfs sync); otherwise it says it skipped it.
# Usage: examples/demo.sh [WORK_DIR]   (default: a new temporary directory, removed at the end)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
sqfs="$root/bin/sqfs"
export LC_ALL=C.UTF-8
# same_tree A B: content and metadata (modes, owners, whole-second mtimes, links, xattrs).
source "$root/scripts/same-tree.sh"

if [[ $# -ge 1 ]]; then
  work="$1"
  mkdir -p "$work"
  keep=1
else
  work="$(mktemp -d "${TMPDIR:-/tmp}/sqfs-demo.XXXXXX")"
  keep=0
fi
mounts=()
cleanup() {
  local i
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount "${mounts[$i]}" 2>/dev/null || true; done
  if [[ $keep -eq 0 ]]; then rm -rf "$work"; fi
}
trap cleanup EXIT
t0="$work/t0"
t1="$work/t1"
image="$work/t0.sqfs"
rm -rf "$t0" "$t1" "$image" "$work"/view-* "$work"/ovl-*

# --- T0: a small root tree. Its entries get times with nanoseconds (in eleven groups, to spare
# processes), except the package documentation, which has whole seconds as dpkg unpacks it.
mkdir -p "$t0"/{etc/default,etc/init.d,usr/bin,usr/lib/demo,usr/share/doc,var/log}
printf 'root:x:0:0:root:/root:/bin/sh\ndemo:x:1000:1000::/home/demo:/bin/sh\n' >"$t0/etc/passwd"
printf 'root:x:0:\ndemo:x:1000:\n' >"$t0/etc/group"
printf 'demo-rootfs\n' >"$t0/etc/hostname"
printf 'proc /proc proc defaults 0 0\n' >"$t0/etc/fstab"
for i in $(seq -w 1 40); do
  printf '# demo configuration %s\noption_%s = value %s\nenabled = yes\n' "$i" "$i" "$i" >"$t0/etc/conf-$i.conf"
done
for i in $(seq -w 1 10); do printf 'RUN_%s=yes\n' "$i" >"$t0/etc/default/service-$i"; done
for i in $(seq -w 1 10); do
  printf '#!/bin/sh\n# init script %s\nexec /usr/bin/tool-%s "$@"\n' "$i" "0$i" >"$t0/etc/init.d/service-$i"
done
for i in $(seq -w 1 120); do
  printf '#!/bin/sh\necho "tool %s, build %s"\n' "$i" "$((10#$i * 7919 % 1000))" >"$t0/usr/bin/tool-$i"
done
chmod 755 "$t0"/etc/init.d/* "$t0"/usr/bin/*
ln "$t0/usr/bin/tool-001" "$t0/usr/bin/tool-001-alias"
ln -s tool-002 "$t0/usr/bin/tool-default"
ln -s usr/bin "$t0/bin"
letters=ABCDEFGHIJKLMNOPQRSTUVWXYZ
for i in $(seq -w 1 30); do
  head -c "$((10#$i * 9000))" /dev/zero | tr '\0' "${letters:$((10#$i % 26)):1}" >"$t0/usr/lib/demo/lib-$i.so"
done
mkdir "$t0"/usr/share/doc/pkg-{01..60}
for i in $(seq -w 1 60); do
  printf 'Package pkg-%s, copyright the demo authors, licensed as you like.\n' "$i" >"$t0/usr/share/doc/pkg-$i/copyright"
  printf 'pkg-%s (1.%s) stable; urgency=low\n\n  * Release.\n' "$i" "$i" >"$t0/usr/share/doc/pkg-$i/changelog"
done
: >"$t0/var/log/messages"
mapfile -d '' -t all < <(find "$t0" -mindepth 1 -depth ! -path '*/usr/share/doc/*' -print0)
for ((g = 0; g < 11; g++)); do
  group=()
  for ((k = g; k < ${#all[@]}; k += 11)); do group+=("${all[$k]}"); done
  touch -h -d "@$((1714564800 + g * 86413)).$((100000000 + g * 76543211))" "${group[@]}"
done
find "$t0/usr/share/doc" -depth -exec touch -h -d @1714500000 {} +
touch -d "@1714564799.250000000" "$t0"

# --- the image of T0
how="mksquashfs"
if "$sqfs" mk --help >/dev/null 2>&1 && "$sqfs" mk "$t0" "$image" >/dev/null 2>&1; then
  how="sqfs mk"
else
  rm -f "$image"
  command -v mksquashfs >/dev/null || {
    echo "demo: needs mksquashfs (squashfs-tools) or a sqfs with the mk command" >&2
    exit 2
  }
  mksquashfs "$t0" "$image" -noappend -quiet -no-progress >/dev/null
fi

# --- T1: cp -a of T0 (nanosecond mtimes kept) plus a few real changes
cp -a "$t0" "$t1"
f="$t1/etc/conf-07.conf" # same size, same mtime second: only the content differs
sec=$(stat -c %Y "$f")
sed -i 's/value 07/value 70/' "$f"
touch -d "@$sec.999999999" "$f"
printf 'echo patched\n' >>"$t1/usr/bin/tool-017" # new size
chmod 600 "$t1/etc/conf-03.conf"                  # mode only
rm "$t1/usr/bin/tool-099"                         # deleted file
rm -r "$t1/usr/share/doc/pkg-05"                  # deleted directory
ln -sfn tool-003 "$t1/usr/bin/tool-default"       # retargeted symlink
printf 'Welcome to the updated demo root.\n' >"$t1/etc/motd"
mkdir "$t1/usr/share/doc/pkg-61"
printf 'Package pkg-61, new.\n' >"$t1/usr/share/doc/pkg-61/copyright"

# rsync is compared with, not needed: installed when root can (apt-get), else its rows are skipped.
have_rsync=yes
if ! command -v rsync >/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "demo: installing rsync (apt-get) for the comparison with it" >&2
    { apt-get install -y -qq rsync || { apt-get update -qq && apt-get install -y -qq rsync; }; } >/dev/null 2>&1 || true
  fi
  command -v rsync >/dev/null || have_rsync=no
fi
rsync_row() { # rsync_row LABEL NAME ARGS...: a measured row, or a note when rsync is missing
  if [[ $have_rsync == yes ]]; then
    measure "$@"
  else
    printf '%-34s %8s   %s\n' "$1" "-" "skipped: rsync is not installed"
  fi
}

entries=$(find "$t0" | wc -l)
files=$(find "$t0" -type f | wc -l)
echo "== squashtree demo in $work"
echo "T0: $entries entries ($files files), imaged by $how: $(basename "$image") (whole-second mtimes)"
echo "T1: cp -a of T0 (nanosecond mtimes kept) plus 8 real changes, one of them a same-size,"
echo "    same-second edit of etc/conf-07.conf"
echo

# --- the minimal change
echo "== the minimal change: sqfs diff --checksum T1 $(basename "$image")"
set +e
"$sqfs" diff --checksum "$t1" "$image" >"$work/diff.txt"
code=$?
set -e
cat "$work/diff.txt"
echo "minimal change: $(wc -l <"$work/diff.txt") changes (exit status $code)"
subsecond=$(find "$t1" -type f -printf '%T@\n' | grep -vc '\.0*$' || true)
echo "files of T1 whose mtime has a sub-second part the image cannot hold: $subsecond"
echo

# --- each tool applied to the image's view: what does it touch?
# A view of the image is what a merged overlay shows before any change: the image's content with
# whole-second mtimes. Each tool runs against a fresh view; an entry whose ctime (or inode) changes
# was written to, and overlayfs would have copied it up.
snapshot() { find "$1" -printf '%P\t%i\t%C@\n' | LC_ALL=C sort; }
measure() { # measure LABEL COMMAND...: the command gets the view's path as its last argument
  local label="$1" view="$work/view-$2"
  shift 2
  "$sqfs" extract "$image" "$view" >/dev/null
  snapshot "$view" >"$view.before"
  "$@" "$view/" >/dev/null
  snapshot "$view" >"$view.after"
  local touched result
  touched=$(LC_ALL=C comm -13 "$view.before" "$view.after" | wc -l)
  if same_tree "$t1" "$view" >"$view.diff"; then
    result="yes"
  else
    result="NO: $(head -3 "$view.diff" | paste -sd ' ' -)"
  fi
  printf '%-34s %8s   %s\n' "$label" "$touched" "$result"
}
echo "== what each tool writes to the image's view (counted by changed ctime; equal = same content"
echo "   and metadata: modes, owners, mtimes to the second, links, xattrs)"
printf '%-34s %8s   %s\n' "tool applied to a fresh view" "touched" "equals T1?"
measure "cp -a T1/. VIEW/" cp cp -a "$t1/."
rsync_row "rsync -ac --delete T1/ VIEW/" rsync-c rsync -ac --delete "$t1/"
rsync_row "rsync -a --delete T1/ VIEW/" rsync-a rsync -a --delete "$t1/"
measure "sqfs sync --checksum T1 VIEW" sqfs "$sqfs" sync --checksum "$t1"
echo "Through an overlay, each touched entry is copied up: cp -a copies up everything, rsync -ac"
echo "every entry with a sub-second mtime (it resets them; -i does not show it), rsync -a misses"
echo "the same-size same-second edit, and sqfs sync touches the changes only."
echo

# --- the kernel: loop-mounted image under an overlay
if [[ $(id -u) -ne 0 ]]; then
  echo "== kernel part skipped: it needs root (loop mount of the image and overlayfs)"
  exit 0
fi
overlay() { # overlay NAME: mounts the image with an overlay on top; sets merged and upper
  local d="$work/ovl-$1"
  mkdir -p "$d"/{lower,upper,work,merged}
  # The merged root shows the upper dir's own attributes: give it T0's.
  chown --reference="$t0" "$d/upper" && chmod --reference="$t0" "$d/upper" && touch -r "$t0" "$d/upper"
  mount -t squashfs -o loop,ro "$image" "$d/lower" && mounts+=("$d/lower") &&
    mount -t overlay overlay -o "lowerdir=$d/lower,upperdir=$d/upper,workdir=$d/work" "$d/merged" &&
    mounts+=("$d/merged") && merged="$d/merged" && upper="$d/upper"
}
echo "== the kernel: $(basename "$image") loop-mounted, overlayfs on top (upper: a directory)"
if ! overlay sqfs 2>"$work/mount.err"; then
  echo "kernel part skipped: mount failed: $(head -1 "$work/mount.err")"
  exit 0
fi
"$sqfs" sync --checksum "$t1" "$merged" >/dev/null
echo "upper dir after sqfs sync --checksum: $(find "$upper" -mindepth 1 | wc -l) entries (the changes and their parent dirs):"
(cd "$upper" && find . -mindepth 1 -printf '  %y %P\n' | LC_ALL=C sort -k2)
if same_tree "$t1" "$merged" >"$work/merged.diff"; then
  echo "merged view equals T1: yes"
else
  echo "merged view equals T1: NO: $(head -3 "$work/merged.diff" | paste -sd ' ' -)"
fi
if [[ $have_rsync == no ]]; then
  echo "upper dir after rsync -ac --delete: skipped, rsync is not installed"
  exit 0
fi
overlay rsync-c
rsync -ac --delete "$t1/" "$merged/"
echo "upper dir after rsync -ac --delete: $(find "$upper" -mindepth 1 | wc -l) entries"
