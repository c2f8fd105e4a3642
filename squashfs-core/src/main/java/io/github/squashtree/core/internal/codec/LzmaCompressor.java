package io.github.squashtree.core.internal.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.tukaani.xz.ArrayCache;
import org.tukaani.xz.BasicArrayCache;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.LZMAOutputStream;

/**
 * Writes the legacy .lzma format as squashfs-tools does: a 13-byte header (properties lc=3 lp=0
 * pb=2, dictionary = block size) and LZMA data at level 5 ending in an end marker, then the
 * header's "unknown" size patched to the actual uncompressed size.
 */
final class LzmaCompressor implements Compressor {
  /** Where the u64 uncompressed size sits in the header, after properties and dictionary. */
  private static final int SIZE_OFFSET = 5;

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
      LZMAOutputStream lzma = new LZMAOutputStream(out, options, -1L, cache); // header + end marker
      lzma.write(src, srcOff, srcLen);
      lzma.finish();
      int n = out.result();
      if (n >= LzmaDecompressor.HEADER_SIZE) {
        ByteBuffer.wrap(dst, dstOff + SIZE_OFFSET, 8)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putLong(srcLen);
      }
      return n;
    } finally {
      out.clear();
    }
  }
}
