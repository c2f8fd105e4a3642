package io.github.squashtree.core.internal.codec;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.compression.Compression;

/**
 * Decodes a zstd frame with one reused native context, straight into the caller's array; zstd
 * itself stops at the capacity and reports "destination too small".
 */
final class ZstdDecompressor implements Decompressor {
  private final ZstdDecompressCtx ctx = new ZstdDecompressCtx();

  @Override
  public int decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCap)
      throws SquashfsFormatException {
    Blocks.checkRanges(src, srcOff, srcLen, dst, dstOff, dstCap);
    if (srcLen == 0) {
      throw Blocks.empty(Compression.ZSTD);
    }
    try {
      return ctx.decompressByteArray(dst, dstOff, dstCap, src, srcOff, srcLen);
    } catch (RuntimeException e) {
      if (ZstdErrors.is(e, Zstd.errDstSizeTooSmall())) {
        throw Blocks.tooLarge(Compression.ZSTD, dstCap);
      }
      // a failed call can leave the context mid-frame; start the next block clean
      ctx.reset();
      throw Blocks.corrupt(Compression.ZSTD, e);
    }
  }

  @Override
  public void close() {
    ctx.close();
  }
}
