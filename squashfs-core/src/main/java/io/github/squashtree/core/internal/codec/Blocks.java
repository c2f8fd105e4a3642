package io.github.squashtree.core.internal.codec;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.compression.Compression;
import java.util.Objects;

/** Checks and messages shared by the codecs. */
final class Blocks {
  /** Placeholder for reusable cursors and streams that hold no block. */
  static final byte[] NO_BYTES = new byte[0];

  private Blocks() {}

  /** Validates the caller's ranges; a bad range is a programming error, not a bad image. */
  static void checkRanges(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCap) {
    Objects.checkFromIndexSize(srcOff, srcLen, src.length);
    Objects.checkFromIndexSize(dstOff, dstCap, dst.length);
  }

  static SquashfsFormatException tooLarge(Compression c, int capacity) {
    return new SquashfsFormatException(
        c.label() + " block: decompressed data exceeds " + capacity + " bytes");
  }

  static SquashfsFormatException corrupt(Compression c, String what) {
    return new SquashfsFormatException(c.label() + " block: " + what);
  }

  static SquashfsFormatException corrupt(Compression c, Throwable cause) {
    String detail =
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new SquashfsFormatException(c.label() + " block: corrupt data (" + detail + ")", cause);
  }

  static SquashfsFormatException empty(Compression c) {
    // no compressor writes a zero-length compressed block; the reader stores such blocks raw
    return new SquashfsFormatException(c.label() + " block: empty compressed block");
  }
}
