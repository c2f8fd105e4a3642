package io.github.squashtree.core.internal.codec;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.compression.Compression;

/** A cursor over compressed input that reports running out as corruption. */
final class InputCursor {
  /** No block is larger than this; longer lengths can only be corruption. */
  private static final long MAX_LENGTH = Integer.MAX_VALUE / 2;

  private final Compression codec;
  private byte[] src = Blocks.NO_BYTES;
  private int pos;
  private int end;

  InputCursor(Compression codec) {
    this.codec = codec;
  }

  /** Points the cursor at the next block; reused so decoding allocates nothing. */
  InputCursor reset(byte[] src, int off, int len) {
    this.src = src;
    this.pos = off;
    this.end = off + len;
    return this;
  }

  /** Forgets the block so the decoder does not keep it alive. */
  void clear() {
    reset(Blocks.NO_BYTES, 0, 0);
  }

  int remaining() {
    return end - pos;
  }

  /** The next byte, unsigned. */
  int next() throws SquashfsFormatException {
    if (pos >= end) {
      throw Blocks.corrupt(codec, "truncated stream");
    }
    return src[pos++] & 0xff;
  }

  /**
   * LZ4's length field: {@code base}, unless it equals {@code escape}, in which case the following
   * bytes are added up to and including the first that is not 255.
   */
  int length(int base, int escape) throws SquashfsFormatException {
    if (base != escape) {
      return base;
    }
    long value = base;
    int b;
    do {
      b = next();
      value += b;
      if (value > MAX_LENGTH) {
        throw Blocks.corrupt(codec, "length field overflows");
      }
    } while (b == 255);
    return (int) value;
  }

  /** LZO's length extension: zero bytes count 255 each, then a non-zero byte is added. */
  int zeroRunLength(int base) throws SquashfsFormatException {
    long value = base;
    int b;
    while ((b = next()) == 0) {
      value += 255;
      if (value > MAX_LENGTH) {
        throw Blocks.corrupt(codec, "length field overflows");
      }
    }
    return (int) (value + b);
  }

  /** Copies {@code n} bytes (already checked to be available) to {@code dst[op]}. */
  int copy(byte[] dst, int op, int n) {
    System.arraycopy(src, pos, dst, op, n);
    pos += n;
    return op + n;
  }
}
