package io.github.squashtree.core.internal.codec;

import io.github.squashtree.core.compression.GzipOptions;
import java.util.zip.Deflater;

/**
 * Deflates into a zlib stream at the configured level, trying each selected strategy and keeping
 * the smallest result, as mksquashfs does.
 *
 * <p>{@link Deflater} offers neither a window size below 15 nor the RLE and fixed strategies: the
 * stream is always written with a 32 KiB window (still valid for any reader), and RLE/fixed are
 * skipped.
 */
final class GzipCompressor implements Compressor {
  private final Deflater deflater;
  private final int[] strategies;
  private byte[] scratch = new byte[0];

  GzipCompressor(GzipOptions options) {
    this.deflater = new Deflater(options.level());
    this.strategies = javaStrategies(options.strategies());
  }

  private static int[] javaStrategies(int bits) {
    int[] all = new int[3];
    int n = 0;
    if ((bits & GzipOptions.FILTERED) != 0) {
      all[n++] = Deflater.FILTERED;
    }
    if ((bits & GzipOptions.HUFFMAN_ONLY) != 0) {
      all[n++] = Deflater.HUFFMAN_ONLY;
    }
    // mksquashfs always tries the default strategy as well
    all[n++] = Deflater.DEFAULT_STRATEGY;
    return java.util.Arrays.copyOf(all, n);
  }

  @Override
  public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCap) {
    Blocks.checkRanges(src, srcOff, srcLen, dst, dstOff, dstCap);
    int best = -1;
    for (int strategy : strategies) {
      if (best < 0) {
        best = deflate(strategy, src, srcOff, srcLen, dst, dstOff, dstCap);
        continue;
      }
      if (scratch.length < best) {
        scratch = new byte[best];
      }
      // only a strictly smaller result is worth keeping
      int n = deflate(strategy, src, srcOff, srcLen, scratch, 0, best - 1);
      if (n >= 0) {
        System.arraycopy(scratch, 0, dst, dstOff, n);
        best = n;
      }
    }
    return best;
  }

  private int deflate(int strategy, byte[] src, int off, int len, byte[] dst, int dOff, int cap) {
    deflater.reset();
    deflater.setStrategy(strategy);
    deflater.setInput(src, off, len);
    deflater.finish();
    int total = 0;
    while (!deflater.finished()) {
      if (total == cap) {
        return -1;
      }
      total += deflater.deflate(dst, dOff + total, cap - total);
    }
    return total;
  }

  @Override
  public void close() {
    deflater.end();
  }
}
