#!/usr/bin/env bash
# Regenerates demo-rootfs.sqfs: a tiny root file system built from a fixed description, imaged
# with mksquashfs (squashfs-tools 4.5.1). Output is reproducible: fixed content, owners, times.
set -euo pipefail
cd "$(dirname "$0")"
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
r="$tree/root"
mkdir -p "$r"/{bin,etc/default,usr/bin,usr/share/doc/demo,var/log,tmp,dev}
printf 'root:x:0:0:root:/root:/bin/sh\ndemo:x:1000:1000::/home/demo:/bin/sh\n' > "$r/etc/passwd"
printf 'demo-rootfs\n' > "$r/etc/hostname"
printf 'RUN=yes\n' > "$r/etc/default/demo"
printf '#!/bin/sh\necho "hello from the demo root"\n' > "$r/usr/bin/hello"
chmod 755 "$r/usr/bin/hello"
ln -s ../usr/bin/hello "$r/bin/hello"
ln "$r/etc/hostname" "$r/etc/hostname.bak"
head -c 300000 /dev/zero | tr '\0' 'x' > "$r/usr/share/doc/demo/big.txt"
truncate -s 1M "$r/var/log/sparse.log"
chmod 1777 "$r/tmp"
if [[ $(id -u) -eq 0 ]]; then mknod "$r/dev/null" c 1 3; mknod "$r/dev/loop0" b 7 0; fi
mkfifo "$r/var/log/fifo"
find "$r" -exec touch -h -d '2024-05-01 12:00:00 UTC' {} +
mksquashfs "$r" demo-rootfs.sqfs -noappend -quiet -no-progress -mkfs-time 1714564800 -all-root \
  -processors 1 >/dev/null
echo "wrote $(pwd)/demo-rootfs.sqfs"
