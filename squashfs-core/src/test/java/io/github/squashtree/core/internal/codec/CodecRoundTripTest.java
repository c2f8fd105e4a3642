package io.github.squashtree.core.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.compression.Compression;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CodecRoundTripTest {
  private static final int MIB = 1 << 20;
  private static final int[] SIZES = {0, 1, 2, 17, 100, 4095, 8192, 65536, 131072, MIB};

  private static byte[] compressOrFail(Compressor c, byte[] data) throws Exception {
    byte[] out = new byte[data.length + data.length / 8 + 1024];
    int n = c.compress(data, 0, data.length, out, 0, out.length);
    assertTrue(n >= 0, "generous capacity must fit");
    return Arrays.copyOf(out, n);
  }

  private static void assertRoundTrip(Compressor c, Decompressor d, byte[] data) throws Exception {
    // odd offsets on both sides: codecs must honour offsets, not assume 0
    byte[] out = new byte[7 + data.length + data.length / 8 + 1024];
    int n = c.compress(data, 0, data.length, out, 7, out.length - 7);
    assertTrue(n >= 0);
    byte[] back = new byte[data.length + 13];
    assertEquals(data.length, d.decompress(out, 7, n, back, 5, data.length));
    assertArrayEquals(data, Arrays.copyOfRange(back, 5, 5 + data.length));
    // more room than needed is fine too
    assertEquals(data.length, d.decompress(out, 7, n, back, 0, back.length));
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void randomCompressibleAndZeroBlocksRoundTrip(Compression codec) throws Exception {
    Compressor c = Codecs.compressor(codec, null, MIB);
    Decompressor d = Codecs.decompressor(codec, null);
    for (int size : SIZES) {
      assertRoundTrip(c, d, TestBlocks.random(size, size));
      assertRoundTrip(c, d, TestBlocks.compressible(size, size));
      assertRoundTrip(c, d, new byte[size]);
    }
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void incompressibleDataDoesNotFitInOneByteLess(Compression codec) throws Exception {
    Compressor c = Codecs.compressor(codec, null, 131072);
    for (int size : new int[] {1, 100, 8192, 131072}) {
      byte[] data = TestBlocks.random(size, 42 + size);
      assertEquals(-1, c.compress(data, 0, size, new byte[size], 0, size - 1));
    }
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void tooSmallCapacityGivesMinusOneAndExactCapacityFits(Compression codec) throws Exception {
    Compressor c = Codecs.compressor(codec, null, 131072);
    byte[] data = TestBlocks.compressible(131072, 7);
    byte[] packed = compressOrFail(c, data);
    assertTrue(packed.length < data.length / 2, codec + " compresses text");
    byte[] out = new byte[packed.length];
    assertEquals(-1, c.compress(data, 0, data.length, out, 0, packed.length - 1));
    assertEquals(-1, c.compress(data, 0, data.length, out, 0, 0));
    assertEquals(packed.length, c.compress(data, 0, data.length, out, 0, packed.length));
    assertArrayEquals(packed, out, "deterministic and undisturbed by the failed attempts");
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void aBombIsStoppedAtTheCapacity(Compression codec) throws Exception {
    byte[] packed = compressOrFail(Codecs.compressor(codec, null, MIB), new byte[MIB]);
    Decompressor d = Codecs.decompressor(codec, null);
    byte[] small = new byte[8192];
    SquashfsFormatException e =
        assertThrows(
            SquashfsFormatException.class,
            () -> d.decompress(packed, 0, packed.length, small, 0, 8192));
    assertTrue(e.getMessage().contains("exceeds 8192 bytes"), e.getMessage());
    // and the decompressor is still usable afterwards
    byte[] full = new byte[MIB];
    assertEquals(MIB, d.decompress(packed, 0, packed.length, full, 0, MIB));
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void oneByteTooLittleRoomIsAnError(Compression codec) throws Exception {
    byte[] data = TestBlocks.compressible(10000, 3);
    byte[] packed = compressOrFail(Codecs.compressor(codec, null, 131072), data);
    Decompressor d = Codecs.decompressor(codec, null);
    byte[] out = new byte[data.length];
    SquashfsFormatException e =
        assertThrows(
            SquashfsFormatException.class,
            () -> d.decompress(packed, 0, packed.length, out, 0, data.length - 1));
    assertTrue(e.getMessage().contains("exceeds " + (data.length - 1)), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void emptyAndTruncatedInputAreFormatErrors(Compression codec) throws Exception {
    Decompressor d = Codecs.decompressor(codec, null);
    byte[] out = new byte[131072];
    assertThrows(SquashfsFormatException.class, () -> d.decompress(new byte[0], 0, 0, out, 0, 10));
    byte[] data = TestBlocks.random(50000, 9);
    byte[] packed = compressOrFail(Codecs.compressor(codec, null, 131072), data);
    for (int cut : new int[] {1, packed.length / 2, packed.length - 1}) {
      assertThrows(
          SquashfsFormatException.class,
          () -> d.decompress(packed, 0, cut, out, 0, out.length),
          codec + " cut at " + cut);
    }
  }
}
