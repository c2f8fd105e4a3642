package io.github.squashtree.core.write;

import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The CRC-32C of a file's blocks as duplicate detection compares them ({@link StoredParts}): the
 * bytes of each block, or a mark for an all-zero one, whatever its length (a hole is stored as
 * nothing, so two holes are the same block). Also counts the bytes in holes.
 */
final class BlockDigest {
  private static final byte[] HOLE = {'h', 'o', 'l', 'e'};

  private final byte[] zeros;
  private final CRC32C crc = new CRC32C();
  private long holeBytes;
  private int first;
  private int blocks;

  BlockDigest(byte[] zeros) {
    this.zeros = zeros;
  }

  /** Adds the next block; returns whether it is a hole. */
  boolean add(byte[] block, int length) {
    boolean hole = isZero(zeros, block, length);
    if (hole) {
      crc.update(HOLE);
      holeBytes += length;
    } else {
      crc.update(block, 0, length);
    }
    if (blocks++ == 0) {
      first = (int) crc.getValue();
    }
    return hole;
  }

  /** Adds a block known to be a hole without its bytes (a sparse file's map says so). */
  void addHole(int length) {
    crc.update(HOLE);
    holeBytes += length;
    if (blocks++ == 0) {
      first = (int) crc.getValue();
    }
  }

  /** The CRC of the first block alone, as {@link #of} gives it. */
  int first() {
    return first;
  }

  int value() {
    return (int) crc.getValue();
  }

  long holeBytes() {
    return holeBytes;
  }

  /** The digest of one block. */
  static int of(byte[] zeros, byte[] block, int length) {
    BlockDigest d = new BlockDigest(zeros);
    d.add(block, length);
    return d.value();
  }

  static boolean isZero(byte[] zeros, byte[] block, int length) {
    return Arrays.mismatch(block, 0, length, zeros, 0, length) < 0;
  }
}
