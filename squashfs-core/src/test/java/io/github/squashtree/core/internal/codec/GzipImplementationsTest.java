package io.github.squashtree.core.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.compression.DeflateImplementation;
import io.github.squashtree.core.compression.GzipOptions;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * gzip blocks written by libdeflate and by zlib: each decoder reads what either encoder wrote, both
 * decoders refuse the same bad input, and libdeflate's output is a function of the input and the
 * level alone (not of the output room the writer offers), pinned for the bundled build.
 */
class GzipImplementationsTest {
  private static final int BLOCK = 131072;

  static Stream<Arguments> pairs() {
    return Stream.of(DeflateImplementation.values())
        .flatMap(c -> Stream.of(DeflateImplementation.values()).map(d -> Arguments.of(c, d)));
  }

  private static Compressor compressor(DeflateImplementation impl, int level) {
    return Codecs.compressor(Compression.GZIP, new GzipOptions(level, 15, 0), BLOCK, impl);
  }

  private static byte[] compress(Compressor c, byte[] data) throws Exception {
    byte[] out = new byte[data.length + data.length / 8 + 1024];
    int n = c.compress(data, 0, data.length, out, 0, out.length);
    assertTrue(n > 0, "generous capacity must fit");
    return Arrays.copyOf(out, n);
  }

  @ParameterizedTest(name = "{0} read by {1}")
  @MethodSource("pairs")
  void eachDecoderReadsEachEncodersBlocks(DeflateImplementation enc, DeflateImplementation dec)
      throws Exception {
    Decompressor d = Codecs.gzipDecompressor(dec);
    for (int level : new int[] {1, 6, 9}) {
      Compressor c = compressor(enc, level);
      for (int size : new int[] {1, 17, 4095, 65536, BLOCK}) {
        for (byte[] data :
            new byte[][] {
              TestBlocks.random(size, size), TestBlocks.compressible(size, size), new byte[size]
            }) {
          byte[] packed = compress(c, data);
          byte[] back = new byte[data.length + 9];
          assertEquals(data.length, d.decompress(packed, 0, packed.length, back, 3, data.length));
          assertArrayEquals(data, Arrays.copyOfRange(back, 3, 3 + data.length));
        }
      }
      c.close();
    }
    d.close();
  }

  @ParameterizedTest
  @EnumSource(DeflateImplementation.class)
  void eachDecoderRefusesBombsCorruptionAndTruncation(DeflateImplementation dec) throws Exception {
    Decompressor d = Codecs.gzipDecompressor(dec);
    byte[] data = TestBlocks.compressible(BLOCK, 5);
    byte[] packed = compress(compressor(DeflateImplementation.ZLIB, 9), data);
    byte[] out = new byte[BLOCK];

    SquashfsFormatException big =
        assertThrows(
            SquashfsFormatException.class,
            () -> d.decompress(packed, 0, packed.length, out, 0, BLOCK - 1));
    assertTrue(big.getMessage().contains("exceeds " + (BLOCK - 1)), big.getMessage());

    byte[] badChecksum = packed.clone();
    badChecksum[badChecksum.length - 1] ^= 1;
    assertThrows(
        SquashfsFormatException.class,
        () -> d.decompress(badChecksum, 0, badChecksum.length, out, 0, BLOCK));
    byte[] badHeader = packed.clone();
    badHeader[0] = 0x79; // not deflate
    assertThrows(
        SquashfsFormatException.class,
        () -> d.decompress(badHeader, 0, badHeader.length, out, 0, BLOCK));
    for (int cut : new int[] {1, 2, packed.length / 2, packed.length - 1}) {
      assertThrows(
          SquashfsFormatException.class,
          () -> d.decompress(packed, 0, cut, out, 0, BLOCK),
          dec + " cut at " + cut);
    }
    // still usable, and bytes after the stream are ignored, as zlib (and the kernel) ignore them
    byte[] trailing = Arrays.copyOf(packed, packed.length + 5);
    assertEquals(BLOCK, d.decompress(trailing, 0, trailing.length, out, 0, BLOCK));
    assertArrayEquals(data, out);
  }

  @Test
  void libdeflatesBytesDoNotDependOnTheRoomOffered() throws Exception {
    // The writer offers length - 1 to learn whether a block shrinks at all.
    Compressor c = compressor(DeflateImplementation.LIBDEFLATE, 9);
    for (int size : new int[] {100, 4096, BLOCK}) {
      byte[] data = TestBlocks.compressible(size, 11);
      byte[] generous = compress(c, data);
      byte[] tight = new byte[size];
      assertEquals(generous.length, c.compress(data, 0, size, tight, 0, size - 1));
      assertArrayEquals(generous, Arrays.copyOf(tight, generous.length));
      byte[] exact = new byte[generous.length];
      assertEquals(generous.length, c.compress(data, 0, size, exact, 0, generous.length));
      assertEquals(-1, c.compress(data, 0, size, exact, 0, generous.length - 1));
      assertArrayEquals(generous, compress(compressor(DeflateImplementation.LIBDEFLATE, 9), data));
    }
  }

  @Test
  void libdeflateAndZlibWriteOtherBytes() throws Exception {
    // (which is smaller depends on the data: on real trees libdeflate, by about 1%)
    byte[] data = TestBlocks.compressible(BLOCK, 21);
    byte[] ours = compress(compressor(DeflateImplementation.LIBDEFLATE, 9), data);
    byte[] zlib = compress(compressor(DeflateImplementation.ZLIB, 9), data);
    assertFalse(Arrays.equals(ours, zlib));
  }

  /**
   * An image's bytes are a function of the tree and the options, libdeflate's build included: a new
   * jlibdeflate that compresses otherwise changes every gzip image, and must be a deliberate step
   * (say so in the README). These digests are of jlibdeflate 0.1.0's bundled libdeflate.
   */
  @Test
  void libdeflatesOutputIsPinnedForTheBundledBuild() throws Exception {
    byte[] text = TestBlocks.compressible(BLOCK, 1);
    byte[] mixed = TestBlocks.random(BLOCK, 2);
    System.arraycopy(text, 0, mixed, 0, BLOCK / 2);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (int level = 1; level <= 9; level++) {
      Compressor c = compressor(DeflateImplementation.LIBDEFLATE, level);
      sha.update(compress(c, text));
      sha.update(compress(c, mixed));
      c.close();
    }
    assertEquals(PINNED, HexFormat.of().formatHex(sha.digest()));
  }

  private static final String PINNED =
      "9d1219052242766bc11f6aa0aaa3126aefdc53541abf67384aaa76b1c43aaaed";

  @Test
  void libdeflateHasNoZlibStrategies() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Codecs.compressor(
                Compression.GZIP,
                new GzipOptions(9, 15, GzipOptions.FILTERED),
                BLOCK,
                DeflateImplementation.LIBDEFLATE));
  }

  @Test
  void imagesAreReadWithLibdeflateWhereItLoads() {
    assertTrue(Codecs.libdeflateAvailable(), "jlibdeflate is a test dependency of core");
    assertTrue(Codecs.decompressor(Compression.GZIP, null) instanceof LibdeflateGzipDecompressor);
  }
}
