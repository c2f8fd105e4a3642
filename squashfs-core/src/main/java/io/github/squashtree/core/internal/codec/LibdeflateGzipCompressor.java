package io.github.squashtree.core.internal.codec;

import io.github.squashtree.core.compression.GzipOptions;

/**
 * Compresses a block into a zlib stream with libdeflate at the options' level. libdeflate
 * compresses a whole buffer at once (no streaming state), which is what a SquashFS block is; it has
 * no zlib strategies, and its stream always declares a 32 KiB window.
 */
final class LibdeflateGzipCompressor implements Compressor {
  private final com.fulcrumgenomics.jlibdeflate.LibdeflateCompressor compressor;

  LibdeflateGzipCompressor(GzipOptions options) {
    if ((options.strategies() & ~GzipOptions.DEFAULT_STRATEGY) != 0) {
      throw new IllegalArgumentException("gzip strategies are zlib's: libdeflate has none");
    }
    this.compressor = new com.fulcrumgenomics.jlibdeflate.LibdeflateCompressor(options.level());
  }

  @Override
  public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCap) {
    Blocks.checkRanges(src, srcOff, srcLen, dst, dstOff, dstCap);
    // 0: the stream did not fit (a zlib stream is never empty)
    int n = compressor.zlibCompress(src, srcOff, srcLen, dst, dstOff, dstCap);
    return n > 0 ? n : -1;
  }

  @Override
  public void close() {
    compressor.close();
  }
}
