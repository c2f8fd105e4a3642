#!/usr/bin/env bash
# Regenerates the golden images in src/main/resources/golden/ from FixtureTrees.small().
#
# Run as root (devices, owners, trusted./security. xattrs are only in the tree as root) from the
# repository root, after `mvn -pl src-test-fixtures -am compile`. Made with
# mksquashfs 4.5.1 (squashfs-tools, Debian 12); the same tree and version give the same bytes
# (GoldenImagesTest checks this). -mkfs-time 0 fixes the superblock time; -reproducible is the
# default in 4.5.1 but is spelled out. The file times come from the tree, which sets them all.
set -euo pipefail
cd "$(dirname "$0")/.."
out=src/main/resources/golden
work=$(mktemp -d /tmp/squashtree-golden.XXXXXX)
trap 'rm -rf "$work"' EXIT

# small() needs only these classes (no third-party jars).
cp=target/classes:../squashfs-core/target/classes
java -cp "$cp" io.github.squashtree.fixtures.GoldenImages "$work/small"

codecs=(gzip xz lzma lzo lz4 zstd)
: > "$out/index.txt"
for codec in "${codecs[@]}"; do
  mksquashfs "$work/small" "$out/small-$codec.sqfs" -noappend -quiet -no-progress -processors 2 \
    -comp "$codec" -reproducible -mkfs-time 0
  echo "small-$codec.sqfs" >> "$out/index.txt"
done
sha256sum "$out"/*.sqfs
