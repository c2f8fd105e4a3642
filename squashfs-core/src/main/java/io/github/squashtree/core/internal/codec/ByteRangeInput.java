package io.github.squashtree.core.internal.codec;

import java.io.InputStream;

/** A resettable, unsynchronized input stream over part of an array, so streams can be reused. */
final class ByteRangeInput extends InputStream {
  private byte[] buf = Blocks.NO_BYTES;
  private int pos;
  private int end;

  ByteRangeInput reset(byte[] src, int off, int len) {
    buf = src;
    pos = off;
    end = off + len;
    return this;
  }

  /** Forgets the array so the reader does not keep the caller's block alive. */
  void clear() {
    buf = Blocks.NO_BYTES;
    pos = 0;
    end = 0;
  }

  @Override
  public int read() {
    return pos < end ? buf[pos++] & 0xff : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (len == 0) {
      return 0;
    }
    if (pos >= end) {
      return -1;
    }
    int n = Math.min(len, end - pos);
    System.arraycopy(buf, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public int available() {
    return end - pos;
  }
}
