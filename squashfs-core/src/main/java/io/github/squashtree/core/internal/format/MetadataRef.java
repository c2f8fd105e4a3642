package io.github.squashtree.core.internal.format;

/**
 * A reference into a metadata table: the start of a metadata block relative to the table, shifted
 * left by 16, or-ed with an offset into the block's uncompressed bytes.
 */
public final class MetadataRef {
  private MetadataRef() {}

  /** The block start relative to the table (48 bits). */
  public static long block(long ref) {
    return ref >>> 16;
  }

  /** The offset into the uncompressed block (16 bits). */
  public static int offset(long ref) {
    return (int) (ref & 0xFFFF);
  }

  public static long of(long block, int offset) {
    return (block << 16) | (offset & 0xFFFF);
  }

  public static String toString(long ref) {
    return block(ref) + ":" + offset(ref);
  }
}
