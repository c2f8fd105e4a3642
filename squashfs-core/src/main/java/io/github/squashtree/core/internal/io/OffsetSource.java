package io.github.squashtree.core.internal.io;

import java.io.EOFException;
import java.io.IOException;

/**
 * The bytes of another source from a fixed offset on: an image embedded in a larger file (after a
 * boot loader, inside a firmware blob) reads as if it started the file.
 */
final class OffsetSource implements ByteSource {
  private final ByteSource whole;
  private final long offset;

  OffsetSource(ByteSource whole, long offset) {
    this.whole = whole;
    this.offset = offset;
  }

  @Override
  public long size() throws IOException {
    return Math.max(0, whole.size() - offset);
  }

  @Override
  public void readFully(long position, byte[] dst, int off, int len) throws IOException {
    if (position < 0 || position > Long.MAX_VALUE - offset) {
      throw new EOFException("position " + position + " beyond the source");
    }
    whole.readFully(offset + position, dst, off, len);
  }

  @Override
  public void close() throws IOException {
    whole.close();
  }
}
