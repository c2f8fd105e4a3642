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
 * before LZMA2). A block may ask for the dictionary the image's options name (the kernel's rule),
 * however large, but never gets more than {@link XzBlockHeader#CAP}: memory stays bounded whatever
 * the image says.
 */
final class XzDecompressor implements Decompressor {
  /** The largest SquashFS block, and so the largest dictionary mksquashfs uses by default. */
  private static final int DEFAULT_MAX_DICTIONARY = 1 << 20;

  /** Headroom over LZMA2's own needs for the stream, block and BCJ decoders. */
  private static final int OVERHEAD_KIB = 64;

  /** The largest dictionary a block may ask for: the options' (at least 1 MiB, as before). */
  private final long allowedDictionary;

  private final int memoryLimitKib =
      LZMA2InputStream.getMemoryUsage(XzBlockHeader.CAP) + OVERHEAD_KIB;
  private final ArrayCache cache = new BasicArrayCache();
  private final ByteRangeInput input = new ByteRangeInput();
  private final StreamDrain drain = new StreamDrain();

  /** A copy of a block whose header asked for more than the cap, with the request lowered. */
  private byte[] lowered = Blocks.NO_BYTES;

  XzDecompressor(XzOptions options) {
    this.allowedDictionary =
        options == null
            ? DEFAULT_MAX_DICTIONARY
            : Math.max(DEFAULT_MAX_DICTIONARY, options.dictionarySize());
  }

  @Override
  public int decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstCap)
      throws SquashfsFormatException {
    Blocks.checkRanges(src, srcOff, srcLen, dst, dstOff, dstCap);
    if (srcLen == 0) {
      throw Blocks.empty(Compression.XZ);
    }
    byte[] from = src;
    int fromOff = srcOff;
    int at = XzBlockHeader.dictionaryByte(src, srcOff, srcLen);
    if (at >= 0) {
      long dictionary = XzBlockHeader.dictionarySize(src[at] & 0xFF);
      // The kernel preallocates the options' dictionary and fails a block that asks for more.
      if (dictionary > allowedDictionary) {
        throw Blocks.corrupt(
            Compression.XZ,
            "block asks for a dictionary of "
                + dictionary
                + " bytes, the image allows "
                + allowedDictionary);
      }
      if (dictionary > XzBlockHeader.CAP) {
        if (lowered.length < srcLen) {
          lowered = new byte[srcLen];
        }
        System.arraycopy(src, srcOff, lowered, 0, srcLen);
        XzBlockHeader.cap(lowered, at - srcOff);
        from = lowered;
        fromOff = 0;
      }
    }
    XZInputStream in = null;
    try {
      in = new XZInputStream(input.reset(from, fromOff, srcLen), memoryLimitKib, true, cache);
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
