package io.github.squashtree.core.internal.codec;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import io.github.squashtree.core.compression.ZstdOptions;
import java.io.IOException;

/**
 * Compresses one zstd frame (content size recorded, no checksum) at the configured level.
 *
 * <p>zstd can refuse a destination that would just hold the result (it needs working room), so a
 * capacity below the worst case is served through a reused scratch buffer, as mksquashfs gives zstd
 * a full block of room and decides afterwards.
 */
final class ZstdCompressor implements Compressor {
  private final ZstdCompressCtx ctx = new ZstdCompressCtx();
  private byte[] scratch = Blocks.NO_BYTES;

  ZstdCompressor(ZstdOptions options) {
    ctx.setLevel(options.level());
  }

  @Override
  public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCap)
      throws IOException {
    Blocks.checkRanges(src, srcOff, srcLen, dst, dstOff, dstCap);
    int bound = (int) Math.min(Integer.MAX_VALUE - 64, Zstd.compressBound(srcLen));
    try {
      if (dstCap >= bound) {
        return ctx.compressByteArray(dst, dstOff, dstCap, src, srcOff, srcLen);
      }
      if (scratch.length < bound) {
        scratch = new byte[bound];
      }
      int n = ctx.compressByteArray(scratch, 0, bound, src, srcOff, srcLen);
      if (n > dstCap) {
        return -1;
      }
      System.arraycopy(scratch, 0, dst, dstOff, n);
      return n;
    } catch (RuntimeException e) {
      throw new IOException("zstd compression failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    ctx.close();
  }
}
