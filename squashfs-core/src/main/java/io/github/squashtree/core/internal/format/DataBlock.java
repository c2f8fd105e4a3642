package io.github.squashtree.core.internal.format;

/** The 32-bit size word of a data block or fragment block. */
public final class DataBlock {
  private DataBlock() {}

  private static final int UNCOMPRESSED = 1 << 24;

  /** Bytes occupied on disk; 0 for a sparse block. */
  public static int storedSize(int word) {
    return word & (UNCOMPRESSED - 1);
  }

  public static boolean isCompressed(int word) {
    return (word & UNCOMPRESSED) == 0;
  }

  /** A block that is all zeros and occupies nothing on disk. */
  public static boolean isSparse(int word) {
    return word == 0;
  }

  /** Whether bits other than the size and the uncompressed flag are set. */
  public static boolean hasUnknownBits(int word) {
    return (word & ~((UNCOMPRESSED << 1) - 1)) != 0;
  }

  public static int word(int storedSize, boolean compressed) {
    return storedSize | (compressed ? 0 : UNCOMPRESSED);
  }
}
