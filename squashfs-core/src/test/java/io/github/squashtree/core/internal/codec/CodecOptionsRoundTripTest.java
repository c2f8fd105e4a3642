package io.github.squashtree.core.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.compression.CompressorOptions;
import io.github.squashtree.core.compression.DeflateImplementation;
import io.github.squashtree.core.compression.GzipOptions;
import io.github.squashtree.core.compression.Lz4Options;
import io.github.squashtree.core.compression.LzoOptions;
import io.github.squashtree.core.compression.XzOptions;
import io.github.squashtree.core.compression.ZstdOptions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CodecOptionsRoundTripTest {

  private static int roundTrip(Compression codec, CompressorOptions options, byte[] data)
      throws Exception {
    return roundTrip(codec, options, data, DeflateImplementation.ZLIB);
  }

  private static int roundTrip(
      Compression codec, CompressorOptions options, byte[] data, DeflateImplementation deflate)
      throws Exception {
    Compressor c = Codecs.compressor(codec, options, 131072, deflate);
    byte[] packed = new byte[data.length + 1024];
    int n = c.compress(data, 0, data.length, packed, 0, packed.length);
    assertTrue(n > 0);
    byte[] back = new byte[data.length];
    Decompressor d = Codecs.decompressor(codec, options);
    assertEquals(data.length, d.decompress(packed, 0, n, back, 0, back.length));
    assertArrayEquals(data, back);
    return n;
  }

  @Test
  void gzipLevelsAndStrategies() throws Exception {
    byte[] data = TestBlocks.compressible(100000, 1);
    int fast = roundTrip(Compression.GZIP, new GzipOptions(1, 15, 0), data);
    int best = roundTrip(Compression.GZIP, new GzipOptions(9, 15, 0), data);
    assertTrue(best <= fast);
    DeflateImplementation libdeflate = DeflateImplementation.LIBDEFLATE;
    int fastLd = roundTrip(Compression.GZIP, new GzipOptions(1, 15, 0), data, libdeflate);
    int bestLd = roundTrip(Compression.GZIP, new GzipOptions(9, 15, 0), data, libdeflate);
    assertTrue(bestLd <= fastLd);
    // strategies are zlib's
    int all = roundTrip(Compression.GZIP, new GzipOptions(9, 15, 0x1f), data);
    assertTrue(all <= best, "trying more strategies never makes it larger");
    roundTrip(Compression.GZIP, new GzipOptions(9, 9, GzipOptions.HUFFMAN_ONLY), data);
  }

  @Test
  void xzFiltersKeepTheSmallest() throws Exception {
    byte[] data = TestBlocks.compressible(100000, 2);
    int plain = roundTrip(Compression.XZ, new XzOptions(131072, 0), data);
    int filtered =
        roundTrip(Compression.XZ, new XzOptions(131072, 0x3f /* every branch filter */), data);
    assertTrue(filtered <= plain);
    roundTrip(Compression.XZ, new XzOptions(8192, XzOptions.X86), data);
    roundTrip(Compression.XZ, new XzOptions(3 << 16, XzOptions.ARMTHUMB), data);
  }

  @Test
  void lz4HighCompression() throws Exception {
    for (int size : new int[] {1, 5, 12, 13, 100, 70000, 131072}) {
      byte[] text = TestBlocks.compressible(size, size);
      roundTrip(Compression.LZ4, new Lz4Options(1, Lz4Options.HC), text);
      roundTrip(Compression.LZ4, new Lz4Options(1, Lz4Options.HC), new byte[size]);
    }
    byte[] data = TestBlocks.compressible(131072, 3);
    int hc = roundTrip(Compression.LZ4, new Lz4Options(1, Lz4Options.HC), data);
    int fast = roundTrip(Compression.LZ4, new Lz4Options(1, 0), data);
    assertTrue(hc <= fast + fast / 10, "hc " + hc + " vs fast " + fast);
  }

  @Test
  void zstdAndLzoLevels() throws Exception {
    byte[] data = TestBlocks.compressible(100000, 4);
    for (int level : new int[] {1, 3, 15, 22}) {
      roundTrip(Compression.ZSTD, new ZstdOptions(level), data);
    }
    roundTrip(Compression.LZO, new LzoOptions(LzoOptions.LZO1X_1, 0), data);
    roundTrip(Compression.LZO, null, data);
    assertEquals(
        new LzoOptions(LzoOptions.LZO1X_1, 0), Codecs.writerDefaults(Compression.LZO, 131072));
    // lzo1x_999 (mksquashfs's default, what an image without options means) is read, not written
    for (LzoOptions other :
        new LzoOptions[] {
          new LzoOptions(LzoOptions.LZO1X_999, 8), new LzoOptions(LzoOptions.LZO1X_1_11, 0)
        }) {
      assertThrows(
          IllegalArgumentException.class, () -> Codecs.compressor(Compression.LZO, other, 131072));
      assertTrue(Codecs.decompressor(Compression.LZO, other) instanceof LzoDecompressor);
    }
  }

  @Test
  void lzmaHeaderCarriesTheRealSizeAndBlockSizeDictionary() throws Exception {
    byte[] data = TestBlocks.compressible(5000, 5);
    Compressor c = Codecs.compressor(Compression.LZMA, null, 65536);
    byte[] out = new byte[6000];
    int n = c.compress(data, 0, data.length, out, 0, out.length);
    assertTrue(n > 13);
    assertEquals(0x5d, out[0] & 0xff, "lc=3 lp=0 pb=2");
    assertArrayEquals(new byte[] {0, 0, 1, 0}, Arrays.copyOfRange(out, 1, 5), "dictionary 64 KiB");
    assertArrayEquals(
        new byte[] {(byte) 0x88, 0x13, 0, 0, 0, 0, 0, 0}, Arrays.copyOfRange(out, 5, 13), "5000");
  }
}
