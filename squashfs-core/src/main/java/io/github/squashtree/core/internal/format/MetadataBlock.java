package io.github.squashtree.core.internal.format;

import io.github.squashtree.core.SquashfsFormatException;

/** The two-byte header of a metadata block: stored size and whether it is compressed. */
public final class MetadataBlock {
  private MetadataBlock() {}

  /** The most uncompressed bytes a metadata block holds. */
  public static final int MAX_SIZE = 8192;

  public static final int HEADER_SIZE = 2;

  private static final int UNCOMPRESSED = 0x8000;

  /** Whether the header marks the block as stored without compression. */
  public static boolean isCompressed(int header) {
    return (header & UNCOMPRESSED) == 0;
  }

  /** The number of bytes that follow the header on disk, checked against 8 KiB. */
  public static int storedSize(int header, long position) throws SquashfsFormatException {
    int size = header & 0x7FFF;
    if (size == 0 || size > MAX_SIZE) {
      throw new SquashfsFormatException(
          "metadata block at offset " + position + " claims " + size + " bytes (1 to 8192)");
    }
    return size;
  }

  public static int header(int storedSize, boolean compressed) {
    return storedSize | (compressed ? 0 : UNCOMPRESSED);
  }
}
