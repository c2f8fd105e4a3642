package io.github.squashtree.core.internal.format;

import java.nio.ByteBuffer;

/**
 * The 16 bytes at the superblock's xattr table offset, before the id lookup array.
 *
 * @param keyValueStart absolute offset of the first key/value metadata block
 * @param idCount number of xattr id entries
 */
public record XattrTableHeader(long keyValueStart, long idCount) {
  public static final int SIZE = 16;

  public static XattrTableHeader decode(ByteBuffer b) {
    long start = b.getLong();
    long count = Integer.toUnsignedLong(b.getInt());
    b.getInt(); // unused
    return new XattrTableHeader(start, count);
  }

  public void encodeTo(ByteBuffer b) {
    b.putLong(keyValueStart);
    b.putInt((int) idCount);
    b.putInt(0);
  }
}
