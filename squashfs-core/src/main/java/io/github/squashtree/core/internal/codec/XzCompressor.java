package io.github.squashtree.core.internal.codec;

import io.github.squashtree.core.compression.XzOptions;
import java.io.IOException;
import org.tukaani.xz.ARMOptions;
import org.tukaani.xz.ARMThumbOptions;
import org.tukaani.xz.ArrayCache;
import org.tukaani.xz.BasicArrayCache;
import org.tukaani.xz.FilterOptions;
import org.tukaani.xz.IA64Options;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.PowerPCOptions;
import org.tukaani.xz.SPARCOptions;
import org.tukaani.xz.X86Options;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZOutputStream;

/**
 * Writes one .xz stream per block: LZMA2 at preset 6 with the configured dictionary, CRC32 check.
 * With filters requested it compresses without a filter and with each BCJ filter and keeps the
 * smallest, as mksquashfs does.
 */
final class XzCompressor implements Compressor {
  private final FilterOptions[][] chains;
  private final ArrayCache cache = new BasicArrayCache();
  private final BoundedOutput out = new BoundedOutput();
  private byte[] scratch = new byte[0];

  XzCompressor(XzOptions options) throws IOException {
    LZMA2Options lzma2 = new LZMA2Options(LZMA2Options.PRESET_DEFAULT);
    lzma2.setDictSize(options.dictionarySize());
    FilterOptions[] bcj = {
      new X86Options(),
      new PowerPCOptions(),
      new IA64Options(),
      new ARMOptions(),
      new ARMThumbOptions(),
      new SPARCOptions()
    };
    int count = 1 + Integer.bitCount(options.filters());
    chains = new FilterOptions[count][];
    chains[0] = new FilterOptions[] {lzma2};
    int n = 1;
    for (int bit = 0; bit < bcj.length; bit++) {
      if ((options.filters() & (1 << bit)) != 0) {
        chains[n++] = new FilterOptions[] {bcj[bit], lzma2};
      }
    }
  }

  @Override
  public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCap)
      throws IOException {
    Blocks.checkRanges(src, srcOff, srcLen, dst, dstOff, dstCap);
    int best = -1;
    for (FilterOptions[] chain : chains) {
      if (best < 0) {
        best = encode(chain, src, srcOff, srcLen, dst, dstOff, dstCap);
        continue;
      }
      if (scratch.length < best) {
        scratch = new byte[best];
      }
      int n = encode(chain, src, srcOff, srcLen, scratch, 0, best - 1);
      if (n >= 0) {
        System.arraycopy(scratch, 0, dst, dstOff, n);
        best = n;
      }
    }
    return best;
  }

  private int encode(
      FilterOptions[] chain, byte[] src, int off, int len, byte[] d, int dOff, int cap)
      throws IOException {
    out.reset(d, dOff, cap);
    try {
      XZOutputStream xz = new XZOutputStream(out, chain, XZ.CHECK_CRC32, cache);
      xz.write(src, off, len);
      xz.finish();
      return out.result();
    } finally {
      out.clear();
    }
  }
}
