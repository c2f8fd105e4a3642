package io.github.squashtree.core.internal.codec;

import io.github.squashtree.core.compression.Compression;
import java.io.IOException;

/**
 * Runs an aircompressor block compressor (LZ4 or LZO1X). Those need room for the worst case, so
 * they compress into a reused scratch buffer and the result is copied out if it fits.
 */
final class AirliftCompressor implements Compressor {
  private final Compression codec;
  private final io.airlift.compress.Compressor delegate;
  private byte[] scratch = Blocks.NO_BYTES;

  private AirliftCompressor(Compression codec, io.airlift.compress.Compressor delegate) {
    this.codec = codec;
    this.delegate = delegate;
  }

  /** LZO1X-1. */
  static AirliftCompressor lzo() {
    return new AirliftCompressor(Compression.LZO, new io.airlift.compress.lzo.LzoCompressor());
  }

  /** LZ4 without high compression. */
  static AirliftCompressor lz4() {
    return new AirliftCompressor(Compression.LZ4, new io.airlift.compress.lz4.Lz4Compressor());
  }

  @Override
  public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCap)
      throws IOException {
    Blocks.checkRanges(src, srcOff, srcLen, dst, dstOff, dstCap);
    if (srcLen == 0 && codec == Compression.LZO) {
      return emptyLzo(dst, dstOff, dstCap);
    }
    int worst = delegate.maxCompressedLength(srcLen);
    if (scratch.length < worst) {
      scratch = new byte[worst];
    }
    int n;
    try {
      n = delegate.compress(src, srcOff, srcLen, scratch, 0, worst);
    } catch (RuntimeException e) {
      throw new IOException(codec.label() + " compression failed: " + e.getMessage(), e);
    }
    if (n > dstCap) {
      return -1;
    }
    System.arraycopy(scratch, 0, dst, dstOff, n);
    return n;
  }

  /** aircompressor writes nothing for empty input; liblzo writes the end-of-stream instruction. */
  private static int emptyLzo(byte[] dst, int dstOff, int dstCap) {
    if (dstCap < 3) {
      return -1;
    }
    dst[dstOff] = 0x11;
    dst[dstOff + 1] = 0;
    dst[dstOff + 2] = 0;
    return 3;
  }
}
