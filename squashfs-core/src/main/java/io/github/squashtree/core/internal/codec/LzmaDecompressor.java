package io.github.squashtree.core.internal.codec;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.compression.Compression;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.tukaani.xz.ArrayCache;
import org.tukaani.xz.LZMAInputStream;

/**
 * Decodes the legacy .lzma format squashfs-tools writes: properties byte, u32 dictionary size, u64
 * uncompressed size (or -1 for "unknown, end marker follows"), then LZMA data.
 *
 * <p>The header is checked here before anything is allocated: a declared size above the capacity
 * fails at once, the dictionary buffer is never larger than the capacity (a block cannot refer
 * further back than its own start), and lc+lp is limited to 4 (what LZMA2 and every squashfs writer
 * use) to bound the literal tables.
 */
final class LzmaDecompressor implements Decompressor {
  static final int HEADER_SIZE = 13;
  private static final int MIN_DICTIONARY = 4096;

  private final ArrayCache cache = new ZeroedArrayCache();
  private final ByteRangeInput input = new ByteRangeInput();
  private final StreamDrain drain = new StreamDrain();

  @Override
  public int decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCap)
      throws SquashfsFormatException {
    Blocks.checkRanges(src, srcOff, srcLen, dst, dstOff, dstCap);
    if (srcLen < HEADER_SIZE) {
      throw Blocks.corrupt(Compression.LZMA, "block of " + srcLen + " bytes has no full header");
    }
    ByteBuffer header = ByteBuffer.wrap(src, srcOff, HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    int props = header.get() & 0xff;
    long dictSize = Integer.toUnsignedLong(header.getInt());
    long size = header.getLong();
    checkHeader(props, size, dstCap);
    int dict = (int) Math.min(dictSize, Math.max(dstCap, MIN_DICTIONARY));
    LZMAInputStream in = null;
    try {
      input.reset(src, srcOff + HEADER_SIZE, srcLen - HEADER_SIZE);
      in = new LZMAInputStream(input, size, (byte) props, dict, null, cache);
      if (size >= 0) {
        // squashfs-tools writes the real size and an end marker after it; xz-java's own encoder
        // writes the size without one: accept both, stopping at the size as squashfs-tools does
        in.enableRelaxedEndCondition();
      }
      return drain.drain(Compression.LZMA, in, dst, dstOff, dstCap);
    } catch (SquashfsFormatException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw Blocks.corrupt(Compression.LZMA, e);
    } finally {
      Closing.quietly(in);
      input.clear();
    }
  }

  private static void checkHeader(int props, long size, int dstCap) throws SquashfsFormatException {
    // props = (pb * 5 + lp) * 9 + lc with lc <= 8, lp <= 4, pb <= 4
    if (props >= 9 * 5 * 5) {
      throw Blocks.corrupt(Compression.LZMA, "invalid properties byte " + props);
    }
    int lc = props % 9;
    int lp = (props / 9) % 5;
    if (lc + lp > 4) {
      throw Blocks.corrupt(Compression.LZMA, "unsupported lc=" + lc + " lp=" + lp + " (lc+lp > 4)");
    }
    if (size < -1) {
      throw Blocks.corrupt(Compression.LZMA, "invalid uncompressed size " + size);
    }
    if (size > dstCap) {
      throw Blocks.tooLarge(Compression.LZMA, dstCap);
    }
  }
}
