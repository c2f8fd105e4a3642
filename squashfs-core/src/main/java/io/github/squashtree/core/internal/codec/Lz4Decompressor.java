package io.github.squashtree.core.internal.codec;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.compression.Compression;

/**
 * Decodes a raw LZ4 block (no frame), as LZ4_decompress_safe does: sequences of a token, literals
 * and a match, the last sequence literals only. Pure Java with checked bounds on every copy, so
 * crafted input can only end in a {@link SquashfsFormatException}.
 */
final class Lz4Decompressor implements Decompressor {
  private static final int MIN_MATCH = 4;

  private final InputCursor in = new InputCursor(Compression.LZ4);

  @Override
  public int decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCap)
      throws SquashfsFormatException {
    Blocks.checkRanges(src, srcOff, srcLen, dst, dstOff, dstCap);
    if (srcLen == 0) {
      throw Blocks.empty(Compression.LZ4);
    }
    in.reset(src, srcOff, srcLen);
    try {
      return decode(dst, dstOff, dstCap);
    } finally {
      in.clear();
    }
  }

  private int decode(byte[] dst, int dstOff, int dstCap) throws SquashfsFormatException {
    int op = dstOff;
    int oend = dstOff + dstCap;
    while (true) {
      int token = in.next();
      int literals = in.length(token >>> 4, 15);
      if (literals > in.remaining()) {
        throw Blocks.corrupt(Compression.LZ4, "truncated literals");
      }
      if (literals > oend - op) {
        throw Blocks.tooLarge(Compression.LZ4, dstCap);
      }
      op = in.copy(dst, op, literals);
      if (in.remaining() == 0) {
        return op - dstOff; // the last sequence has no match
      }
      int offset = in.next() | in.next() << 8;
      if (offset == 0 || offset > op - dstOff) {
        throw Blocks.corrupt(Compression.LZ4, "match offset " + offset + " outside the block");
      }
      int length = in.length(token & 15, 15);
      if (length > oend - op - MIN_MATCH) {
        throw Blocks.tooLarge(Compression.LZ4, dstCap);
      }
      op = Matches.copy(dst, op, offset, length + MIN_MATCH);
    }
  }
}
