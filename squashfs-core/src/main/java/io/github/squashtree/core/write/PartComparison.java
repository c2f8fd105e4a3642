package io.github.squashtree.core.write;

import io.github.squashtree.core.tree.Entry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Reads source files again to confirm a duplicate part ({@link StoredParts}): blocks compared one
 * by one (two holes are equal whatever their lengths), tails byte for byte. Also the digest pass of
 * a file whose first block matched stored blocks.
 */
final class PartComparison {
  /** What the digest pass learnt of a file: its blocks' digest, holes and tail. */
  record Digest(int first, int crc, long holeBytes, byte[] tail) {}

  private final SourceFiles files;
  private final int blockSize;
  private final byte[] zeros;
  private final byte[] x;
  private final byte[] y;

  PartComparison(SourceFiles files, int blockSize, byte[] zeros) {
    this.files = files;
    this.blockSize = blockSize;
    this.zeros = zeros;
    this.x = new byte[blockSize];
    this.y = new byte[blockSize];
  }

  /**
   * Reads the whole of {@code file}: the digest of its first {@code blocks} bytes, in blocks, and
   * the {@code tail} bytes after them; fails if it is not {@code blocks + tail} bytes long.
   */
  Digest digest(Entry file, long blocks, int tail) throws IOException {
    BlockDigest digest = new BlockDigest(zeros);
    byte[] rest = new byte[tail];
    try (InputStream in = files.open(file)) {
      for (long done = 0; done < blocks; done += blockSize) {
        int length = (int) Math.min(blockSize, blocks - done);
        SourceFiles.readFully(in, x, 0, length, file);
        digest.add(x, length);
      }
      SourceFiles.readFully(in, rest, 0, tail, file);
      SourceFiles.requireEnd(in, file);
    }
    return new Digest(digest.first(), digest.value(), digest.holeBytes(), rest);
  }

  /** Whether the first {@code lengthA} bytes of {@code a} are, as blocks, those of {@code b}. */
  boolean sameBlocks(Entry a, long lengthA, Entry b, long lengthB) throws IOException {
    try (InputStream ia = files.open(a);
        InputStream ib = files.open(b)) {
      return sameBlocks(ia, a, lengthA, ib, b, lengthB);
    }
  }

  /** Whether the first {@code lengthA} bytes of {@code a} are, as one block, {@code content}. */
  boolean sameBlocks(Entry a, long lengthA, Entry b, byte[] content) throws IOException {
    try (InputStream ia = files.open(a)) {
      return sameBlocks(ia, a, lengthA, new ByteArrayInputStream(content), b, content.length);
    }
  }

  private boolean sameBlocks(
      InputStream ia, Entry a, long lengthA, InputStream ib, Entry b, long lengthB)
      throws IOException {
    long blocks = (lengthA + blockSize - 1) / blockSize;
    if (blocks != (lengthB + blockSize - 1) / blockSize) {
      return false;
    }
    for (long i = 0; i < blocks; i++) {
      int la = (int) Math.min(blockSize, lengthA - i * blockSize);
      int lb = (int) Math.min(blockSize, lengthB - i * blockSize);
      SourceFiles.readFully(ia, x, 0, la, a);
      SourceFiles.readFully(ib, y, 0, lb, b);
      boolean holes = BlockDigest.isZero(zeros, x, la) && BlockDigest.isZero(zeros, y, lb);
      if (!holes && (la != lb || Arrays.mismatch(x, 0, la, y, 0, lb) >= 0)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code a} holds {@code tail} at {@code offset}. */
  boolean sameTail(Entry a, long offset, byte[] tail) throws IOException {
    try (InputStream in = files.open(a)) {
      in.skipNBytes(offset);
      SourceFiles.readFully(in, x, 0, tail.length, a);
      return Arrays.equals(x, 0, tail.length, tail, 0, tail.length);
    }
  }

  static int crc(byte[] b, int off, int length) {
    CRC32C crc = new CRC32C();
    crc.update(b, off, length);
    return (int) crc.getValue();
  }
}
