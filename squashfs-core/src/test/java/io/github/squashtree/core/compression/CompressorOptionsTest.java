package io.github.squashtree.core.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.internal.codec.Codecs;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CompressorOptionsTest {

  private static ByteBuffer le(int... ints) {
    ByteBuffer b = ByteBuffer.allocate(ints.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i : ints) {
      b.putInt(i);
    }
    return b.flip();
  }

  private static ByteBuffer encoded(CompressorOptions o) {
    // a big-endian buffer: encoding must be little-endian regardless
    ByteBuffer b = ByteBuffer.allocate(o.encodedSize() + 3).order(ByteOrder.BIG_ENDIAN);
    b.put((byte) 0x55);
    o.encodeTo(b);
    assertEquals(1 + o.encodedSize(), b.position());
    assertEquals(ByteOrder.BIG_ENDIAN, b.order());
    return b.flip().position(1);
  }

  @Test
  void everyKindRoundTrips() throws Exception {
    List<CompressorOptions> all =
        List.of(
            new GzipOptions(9, 15, 0),
            new GzipOptions(1, 8, GzipOptions.FILTERED | GzipOptions.RLE),
            new XzOptions(1 << 20, 0),
            new XzOptions(3 << 15, XzOptions.X86 | XzOptions.SPARC),
            new Lz4Options(1, Lz4Options.HC),
            new ZstdOptions(22),
            new LzoOptions(LzoOptions.LZO1X_999, 8),
            new LzoOptions(LzoOptions.LZO1X_1_15, 0));
    for (CompressorOptions o : all) {
      ByteBuffer b = encoded(o);
      assertEquals(Optional.of(o), CompressorOptions.decode(o.compression(), b));
      assertEquals(0, b.remaining());
    }
  }

  @Test
  void gzipLayoutIsU32LevelU16WindowU16Strategies() throws Exception {
    ByteBuffer b = encoded(new GzipOptions(6, 12, 0x11));
    byte[] bytes = new byte[8];
    b.get(bytes);
    assertArrayEquals(new byte[] {6, 0, 0, 0, 12, 0, 0x11, 0}, bytes);
  }

  @Test
  void defaultsAreMksquashfsDefaults() {
    assertEquals(
        Optional.of(new GzipOptions(9, 15, 0)),
        CompressorOptions.defaults(Compression.GZIP, 131072));
    assertEquals(
        Optional.of(new XzOptions(131072, 0)), CompressorOptions.defaults(Compression.XZ, 131072));
    assertEquals(
        Optional.of(new ZstdOptions(15)), CompressorOptions.defaults(Compression.ZSTD, 4096));
    assertEquals(
        Optional.of(new Lz4Options(1, 0)), CompressorOptions.defaults(Compression.LZ4, 4096));
    assertEquals(
        Optional.of(new LzoOptions(LzoOptions.LZO1X_999, 8)),
        CompressorOptions.defaults(Compression.LZO, 4096));
    assertEquals(Optional.empty(), CompressorOptions.defaults(Compression.LZMA, 4096));
  }

  @Test
  void outOfRangeValuesAreFormatErrors() {
    assertRejected(Compression.GZIP, gzip(0, 15, 0));
    assertRejected(Compression.GZIP, gzip(10, 15, 0));
    assertRejected(Compression.GZIP, gzip(9, 7, 0));
    assertRejected(Compression.GZIP, gzip(9, 16, 0));
    assertRejected(Compression.GZIP, gzip(9, 15, 0x20));
    assertRejected(Compression.XZ, le(2048, 0));
    assertRejected(Compression.XZ, le(5 << 16, 0)); // neither 2^n nor 2^n + 2^(n-1)
    assertRejected(Compression.XZ, le(1 << 30, 0));
    assertRejected(Compression.XZ, le(-1, 0));
    assertRejected(Compression.XZ, le(1 << 20, 0x40));
    assertRejected(Compression.LZ4, le(2, 0));
    assertRejected(Compression.LZ4, le(0, 0));
    assertRejected(Compression.LZ4, le(1, 2));
    assertRejected(Compression.ZSTD, le(0));
    assertRejected(Compression.ZSTD, le(23));
    assertRejected(Compression.LZO, le(5, 0));
    assertRejected(Compression.LZO, le(-1, 0));
    assertRejected(Compression.LZO, le(LzoOptions.LZO1X_999, 10));
    assertRejected(Compression.LZO, le(LzoOptions.LZO1X_1, 1));
  }

  @Test
  void xzDictionaryShapes() throws Exception {
    for (int dict : new int[] {4096, 8192, 12288, 1 << 20, 3 << 19, 768 << 20}) {
      assertEquals(dict, XzOptions.decode(le(dict, 0)).dictionarySize());
    }
  }

  @Test
  void lzmaHasNoOptionsAndShortBlocksFail() {
    assertRejected(Compression.LZMA, le(1, 2));
    assertRejected(Compression.GZIP, le(9));
    assertRejected(Compression.ZSTD, ByteBuffer.wrap(new byte[] {15, 0, 0}));
  }

  @Test
  void nothingStoredMeansNoOptions() throws Exception {
    for (Compression c : Compression.values()) {
      assertEquals(Optional.empty(), CompressorOptions.decode(c, ByteBuffer.allocate(0)));
    }
  }

  @Test
  void constructorsRejectWhatDecodeRejects() {
    assertThrows(IllegalArgumentException.class, () -> new GzipOptions(0, 15, 0));
    assertThrows(IllegalArgumentException.class, () -> new XzOptions(10000, 0));
    assertThrows(IllegalArgumentException.class, () -> new Lz4Options(2, 0));
    assertThrows(IllegalArgumentException.class, () -> new ZstdOptions(23));
    assertThrows(IllegalArgumentException.class, () -> new LzoOptions(2, 3));
  }

  @Test
  void mismatchedOptionsAreRefusedByCodecs() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Codecs.decompressor(Compression.GZIP, new ZstdOptions(3)));
    assertThrows(
        IllegalArgumentException.class,
        () -> Codecs.compressor(Compression.XZ, new GzipOptions(9, 15, 0), 131072));
    assertThrows(
        IllegalArgumentException.class, () -> Codecs.compressor(Compression.XZ, null, 3000));
  }

  private static ByteBuffer gzip(int level, int window, int strategies) {
    return ByteBuffer.allocate(8)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(level)
        .putShort((short) window)
        .putShort((short) strategies)
        .flip();
  }

  private static void assertRejected(Compression c, ByteBuffer b) {
    SquashfsFormatException e =
        assertThrows(SquashfsFormatException.class, () -> CompressorOptions.decode(c, b));
    assertTrue(e.getMessage().startsWith("compression options"), e.getMessage());
  }
}
