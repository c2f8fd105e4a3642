package io.github.squashtree.core.internal.codec;

import java.io.OutputStream;

/**
 * An output stream into part of an array that drops what does not fit and remembers that it
 * overflowed. Dropping rather than throwing lets the xz encoders finish normally, so they hand
 * their large match-finder arrays back to the array cache for the next block.
 */
final class BoundedOutput extends OutputStream {
  private byte[] buf = Blocks.NO_BYTES;
  private int start;
  private int pos;
  private int end;
  private boolean overflowed;

  BoundedOutput reset(byte[] dst, int off, int capacity) {
    buf = dst;
    start = off;
    pos = off;
    end = off + capacity;
    overflowed = false;
    return this;
  }

  /** Bytes written, or -1 if the data did not fit. */
  int result() {
    return overflowed ? -1 : pos - start;
  }

  /** Forgets the array so this stream does not keep the caller's block alive. */
  void clear() {
    buf = Blocks.NO_BYTES;
    start = pos = end = 0;
  }

  @Override
  public void write(int b) {
    if (pos >= end) {
      overflowed = true;
      return;
    }
    buf[pos++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    if (overflowed || len > end - pos) {
      overflowed = true;
      return;
    }
    System.arraycopy(b, off, buf, pos, len);
    pos += len;
  }
}
