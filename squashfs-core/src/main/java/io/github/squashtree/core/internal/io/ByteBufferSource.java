package io.github.squashtree.core.internal.io;

import java.io.EOFException;
import java.nio.ByteBuffer;

/**
 * Reads from a buffer in memory; each read works on a duplicate, so it is safe for many threads.
 */
final class ByteBufferSource implements ByteSource {
  private final ByteBuffer buffer;

  ByteBufferSource(ByteBuffer buffer) {
    this.buffer = buffer;
  }

  @Override
  public long size() {
    return buffer.limit();
  }

  @Override
  public void readFully(long position, byte[] dst, int off, int len) throws EOFException {
    if (position < 0 || position > buffer.limit() - (long) len) {
      throw new EOFException(
          "image ends at " + buffer.limit() + " while reading " + len + " bytes at " + position);
    }
    buffer.duplicate().position((int) position).get(dst, off, len);
  }

  @Override
  public void close() {}
}
