package io.github.squashtree.core.internal.format;

import io.github.squashtree.core.SquashfsFormatException;
import java.nio.ByteBuffer;

/**
 * One entry of an extended directory's index: where a directory header starts and the first name
 * after it, so that lookups can skip to the right metadata block.
 *
 * @param index byte offset of the header from the start of the listing
 * @param start the header's metadata block, relative to the directory table
 * @param name the name of the first entry after the header
 */
public record DirectoryIndex(long index, long start, byte[] name) {
  /** Bytes before the name. */
  public static final int FIXED_SIZE = 12;

  /** Decodes the fixed part; returns the name length the caller must read next. */
  public static int nameSize(ByteBuffer fixed) throws SquashfsFormatException {
    long size = Integer.toUnsignedLong(fixed.getInt(fixed.position() + 8)) + 1;
    if (size > DirectoryEntry.MAX_NAME) {
      throw new SquashfsFormatException("directory index name of " + size + " bytes (max 256)");
    }
    return (int) size;
  }

  public static DirectoryIndex decode(ByteBuffer fixed, byte[] name) {
    return new DirectoryIndex(
        Integer.toUnsignedLong(fixed.getInt()), Integer.toUnsignedLong(fixed.getInt()), name);
  }

  public int encodedSize() {
    return FIXED_SIZE + name.length;
  }

  public void encodeTo(ByteBuffer b) {
    b.putInt((int) index);
    b.putInt((int) start);
    b.putInt(name.length - 1);
    b.put(name);
  }
}
