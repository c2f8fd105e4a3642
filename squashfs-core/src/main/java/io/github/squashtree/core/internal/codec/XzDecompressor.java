package io.github.squashtree.core.internal.codec;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.compression.XzOptions;
import java.io.IOException;
import org.tukaani.xz.ArrayCache;
import org.tukaani.xz.BasicArrayCache;
import org.tukaani.xz.LZMA2InputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Decodes an .xz stream (mksquashfs writes one per block, CRC32 check, optionally a BCJ filter
 * before LZMA2) with a memory limit derived from the dictionary the image's options allow.
 */
final class XzDecompressor implements Decompressor {
  /** The largest SquashFS block, and so the largest dictionary mksquashfs uses by default. */
  private static final int DEFAULT_MAX_DICTIONARY = 1 << 20;

  /** Headroom over LZMA2's own needs for the stream, block and BCJ decoders. */
  private static final int OVERHEAD_KIB = 64;

  private final int memoryLimitKib;
  private final ArrayCache cache = new BasicArrayCache();
  private final ByteRangeInput input = new ByteRangeInput();
  private final StreamDrain drain = new StreamDrain();

  XzDecompressor(XzOptions options) {
    int dict =
        options == null
            ? DEFAULT_MAX_DICTIONARY
            : Math.max(DEFAULT_MAX_DICTIONARY, options.dictionarySize());
    this.memoryLimitKib = LZMA2InputStream.getMemoryUsage(dict) + OVERHEAD_KIB;
  }

  @Override
  public int decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCap)
      throws SquashfsFormatException {
    Blocks.checkRanges(src, srcOff, srcLen, dst, dstOff, dstCap);
    if (srcLen == 0) {
      throw Blocks.empty(Compression.XZ);
    }
    XZInputStream in = null;
    try {
      in = new XZInputStream(input.reset(src, srcOff, srcLen), memoryLimitKib, true, cache);
      return drain.drain(Compression.XZ, in, dst, dstOff, dstCap);
    } catch (SquashfsFormatException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw Blocks.corrupt(Compression.XZ, e);
    } finally {
      Closing.quietly(in);
      input.clear();
    }
  }
}
