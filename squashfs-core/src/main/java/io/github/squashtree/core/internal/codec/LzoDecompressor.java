package io.github.squashtree.core.internal.codec;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.compression.Compression;

/**
 * Decodes an LZO1X block as lzo1x_decompress_safe does, in pure Java with checked bounds.
 *
 * <p>Each instruction is a match followed by 0..3 literals; how a byte below 16 is read depends on
 * how many literals the previous instruction copied (the "state"). The stream ends with the
 * instruction {@code 0x11 0x00 0x00}; trailing bytes after it are an error, as in the kernel.
 */
final class LzoDecompressor implements Decompressor {
  private static final Compression LZO = Compression.LZO;

  private final InputCursor in = new InputCursor(LZO);
  private byte[] dst = Blocks.NO_BYTES;
  private int start;
  private int op;
  private int end;

  @Override
  public int decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCap)
      throws SquashfsFormatException {
    Blocks.checkRanges(src, srcOff, srcLen, dst, dstOff, dstCap);
    if (srcLen == 0) {
      throw Blocks.empty(LZO);
    }
    in.reset(src, srcOff, srcLen);
    this.dst = dst;
    this.start = dstOff;
    this.op = dstOff;
    this.end = dstOff + dstCap;
    try {
      decode();
      if (in.remaining() != 0) {
        throw Blocks.corrupt(LZO, in.remaining() + " bytes after the end of the stream");
      }
      return op - start;
    } finally {
      in.clear();
      this.dst = Blocks.NO_BYTES;
    }
  }

  private void decode() throws SquashfsFormatException {
    int state = 0;
    int first = in.next();
    if (first > 17) {
      // a leading literal run of first - 17 bytes
      state = literals(first - 17);
    } else {
      state = instruction(first, state);
    }
    while (state >= 0) {
      state = instruction(in.next(), state);
    }
  }

  /** Executes one instruction; returns the next state, or -1 at the end of the stream. */
  private int instruction(int t, int state) throws SquashfsFormatException {
    int length;
    int distance;
    int trailing;
    if (t < 16) {
      if (state == 0) {
        // long literal run
        int n = t == 0 ? in.zeroRunLength(15) : t;
        literals(n + 3);
        return 4;
      }
      // short match: 2 bytes after 1..3 literals, 3 bytes (further back) after a literal run
      length = state < 4 ? 2 : 3;
      distance = (in.next() << 2) + (t >>> 2) + (state < 4 ? 1 : 2049);
      trailing = t & 3;
    } else if (t < 32) {
      length = 2 + ((t & 7) == 0 ? in.zeroRunLength(7) : t & 7);
      int ds = in.next() | in.next() << 8;
      distance = 16384 + ((t & 8) << 11) + (ds >>> 2);
      if (distance == 16384) {
        return -1; // end-of-stream marker
      }
      trailing = ds & 3;
    } else if (t < 64) {
      length = 2 + ((t & 31) == 0 ? in.zeroRunLength(31) : t & 31);
      int ds = in.next() | in.next() << 8;
      distance = (ds >>> 2) + 1;
      trailing = ds & 3;
    } else {
      // 01LDDDSS (length 3..4) or 1LLDDDSS (length 5..8)
      length = t < 128 ? 3 + ((t >>> 5) & 1) : 5 + ((t >>> 5) & 3);
      distance = (in.next() << 3) + ((t >>> 2) & 7) + 1;
      trailing = t & 3;
    }
    match(distance, length);
    return literals(trailing);
  }

  private void match(int distance, int length) throws SquashfsFormatException {
    if (distance > op - start) {
      throw Blocks.corrupt(LZO, "match distance " + distance + " before the start of the block");
    }
    if (length > end - op) {
      throw Blocks.tooLarge(LZO, end - start);
    }
    op = Matches.copy(dst, op, distance, length);
  }

  /** Copies {@code n} literals; returns the state they leave (their count, 4 meaning 4 or more). */
  private int literals(int n) throws SquashfsFormatException {
    if (n > in.remaining()) {
      throw Blocks.corrupt(LZO, "truncated literals");
    }
    if (n > end - op) {
      throw Blocks.tooLarge(LZO, end - start);
    }
    op = in.copy(dst, op, n);
    return Math.min(n, 4);
  }
}
