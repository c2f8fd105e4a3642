package io.github.squashtree.core.internal.format;

import java.nio.ByteBuffer;

/**
 * Where a fragment block is stored.
 *
 * @param start absolute offset of the block
 * @param sizeWord stored size with the uncompressed flag (see {@link DataBlock})
 */
public record FragmentEntry(long start, int sizeWord) {
  public static final int SIZE = 16;

  public static FragmentEntry decode(ByteBuffer b) {
    long start = b.getLong();
    int size = b.getInt();
    b.getInt(); // unused
    return new FragmentEntry(start, size);
  }

  public void encodeTo(ByteBuffer b) {
    b.putLong(start);
    b.putInt(sizeWord);
    b.putInt(0);
  }
}
