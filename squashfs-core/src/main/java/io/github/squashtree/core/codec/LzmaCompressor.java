package io.github.squashtree.core.codec;

import java.io.IOException;
import org.tukaani.xz.ArrayCache;
import org.tukaani.xz.BasicArrayCache;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.LZMAOutputStream;

/**
 * Writes the legacy .lzma format as squashfs-tools does: a 13-byte header (properties lc=3 lp=0
 * pb=2, dictionary = block size, the actual uncompressed size) then the LZMA data, level 5.
 */
final class LzmaCompressor implements Compressor {
  private final LZMA2Options options;
  private final ArrayCache cache = new BasicArrayCache();
  private final BoundedOutput out = new BoundedOutput();

  LzmaCompressor(int blockSize) throws IOException {
    options = new LZMA2Options(5);
    options.setLcLp(3, 0);
    options.setPb(2);
    options.setDictSize(blockSize);
  }

  @Override
  public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCap)
      throws IOException {
    Blocks.checkRanges(src, srcOff, srcLen, dst, dstOff, dstCap);
    out.reset(dst, dstOff, dstCap);
    try {
      LZMAOutputStream lzma = new LZMAOutputStream(out, options, srcLen, cache);
      lzma.write(src, srcOff, srcLen);
      lzma.finish();
      return out.result();
    } finally {
      out.clear();
    }
  }
}
