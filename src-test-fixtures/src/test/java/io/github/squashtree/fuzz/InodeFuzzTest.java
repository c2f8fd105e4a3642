package io.github.squashtree.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.squashtree.core.internal.format.FileInode;
import io.github.squashtree.core.internal.io.ByteSource;
import io.github.squashtree.core.internal.read.ImageReader;

/**
 * Fuzzes inode decoding and the export table: every inode by number (no directory walk), with its
 * owner, group and, for a file, its block layout checked against the image.
 *
 * <p>Seeds: the golden images and {@code seed-plain-metadata-*}, images whose inode, id, fragment
 * and xattr tables are stored uncompressed (mksquashfs -noI -noF -noX), so that mutations reach the
 * inode records themselves; in {@code InodeFuzzTestInputs/decodeInodes/}.
 */
class InodeFuzzTest {

  @FuzzTest(maxDuration = "5m")
  void decodeInodes(byte[] image) throws Exception {
    FuzzBounds.expectResultOrFormatError(
        () -> {
          try (ImageReader img = ImageReader.open(ByteSource.of(image))) {
            ImageInodes.forEach(
                img,
                inode -> {
                  img.uid(inode);
                  img.gid(inode);
                  if (inode instanceof FileInode f) {
                    img.layout(f);
                  }
                });
          }
        });
  }
}
