package io.github.squashtree.core.internal.format;

import java.nio.ByteBuffer;

/**
 * One inode's set of extended attributes.
 *
 * @param ref where its key/value pairs start, relative to the key/value area
 * @param count how many pairs
 * @param size their total encoded size
 */
public record XattrIdEntry(long ref, long count, long size) {
  public static final int SIZE = 16;

  public static XattrIdEntry decode(ByteBuffer b) {
    return new XattrIdEntry(
        b.getLong(), Integer.toUnsignedLong(b.getInt()), Integer.toUnsignedLong(b.getInt()));
  }

  public void encodeTo(ByteBuffer b) {
    b.putLong(ref);
    b.putInt((int) count);
    b.putInt((int) size);
  }
}
