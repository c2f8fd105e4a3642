package io.github.squashtree.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.internal.codec.Codecs;
import io.github.squashtree.core.internal.codec.Compressor;
import io.github.squashtree.core.internal.codec.Decompressor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * Fuzzes each decompressor on hostile compressed bytes with the block-size cap: a result within the
 * cap or SquashfsFormatException, never more output, another exception or an allocation the small
 * fuzzing heap cannot hold. The decompressor is reused across inputs, as the reader reuses it
 * across blocks, and after every input it must still decode a known block exactly: a hostile block
 * must not leave state behind that corrupts the next one.
 *
 * <p>Seeds: blocks compressed by our own compressors ({@link #seedBlocks}), in {@code
 * CodecFuzzTestInputs/<codec>/}.
 */
class CodecFuzzTest {
  /** The cap: what a reader allows a block of a 8 KiB-block image (and a metadata block). */
  static final int CAP = 8192;

  private static final byte[] KNOWN = known();
  private static final Map<Compression, Decompressor> DECOMPRESSORS =
      new EnumMap<>(Compression.class);
  private static final Map<Compression, byte[]> KNOWN_PACKED = new EnumMap<>(Compression.class);

  @FuzzTest(maxDuration = "5m")
  void gzip(byte[] block) throws Exception {
    decode(Compression.GZIP, block);
  }

  @FuzzTest(maxDuration = "5m")
  void xz(byte[] block) throws Exception {
    decode(Compression.XZ, block);
  }

  @FuzzTest(maxDuration = "5m")
  void lzma(byte[] block) throws Exception {
    decode(Compression.LZMA, block);
  }

  @FuzzTest(maxDuration = "5m")
  void lzo(byte[] block) throws Exception {
    decode(Compression.LZO, block);
  }

  @FuzzTest(maxDuration = "5m")
  void lz4(byte[] block) throws Exception {
    decode(Compression.LZ4, block);
  }

  @FuzzTest(maxDuration = "5m")
  void zstd(byte[] block) throws Exception {
    decode(Compression.ZSTD, block);
  }

  private static void decode(Compression c, byte[] block) throws Exception {
    Decompressor d = DECOMPRESSORS.computeIfAbsent(c, k -> Codecs.decompressor(k, null));
    byte[] known = KNOWN_PACKED.computeIfAbsent(c, CodecFuzzTest::compress);
    FuzzBounds.expectResultOrFormatError(
        () -> {
          byte[] dst = new byte[CAP];
          try {
            int n = d.decompress(block, 0, block.length, dst, 0, CAP);
            assertTrue(n >= 0 && n <= CAP, "decoded " + n + " bytes with a cap of " + CAP);
          } catch (SquashfsFormatException rejected) {
            // hostile bytes rejected: the contract; now the decompressor must still work
          }
          Arrays.fill(dst, (byte) 0x5A);
          int n = d.decompress(known, 0, known.length, dst, 0, CAP);
          assertArrayEquals(KNOWN, Arrays.copyOf(dst, n), "a known block decodes wrongly after it");
        });
  }

  /** A block of text and zeros: both literal runs and long matches. */
  private static byte[] known() {
    byte[] b = new byte[CAP];
    byte[] text = "squashtree fuzzes every codec; ".repeat(100).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(text, 0, b, 0, text.length);
    for (int i = text.length + 512; i < CAP; i++) {
      b[i] = (byte) (i * 31 >>> 3);
    }
    return b;
  }

  private static byte[] compress(Compression c) {
    return compress(c, KNOWN);
  }

  /** {@code data} compressed as one block by our compressor for {@code c} (block size 8 KiB). */
  static byte[] compress(Compression c, byte[] data) {
    try {
      Compressor z = Codecs.compressor(c, null, CAP);
      byte[] out = new byte[data.length * 2 + 1024];
      int n = z.compress(data, 0, data.length, out, 0, out.length);
      if (n < 0) {
        throw new IllegalStateException(c + " did not fit");
      }
      return Arrays.copyOf(out, n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The seeds: the known block, zeros, text, incompressible bytes and a short one, compressed. */
  static Map<String, byte[]> seedBlocks(Compression c) {
    byte[] random = new byte[CAP];
    new java.util.Random(6).nextBytes(random);
    return Map.of(
        "seed-known",
        compress(c, KNOWN),
        "seed-zeros",
        compress(c, new byte[CAP]),
        "seed-random",
        compress(c, random),
        "seed-short",
        compress(c, "hello, hello, hello".getBytes(StandardCharsets.US_ASCII)),
        "seed-text",
        compress(
            c,
            Arrays.copyOf(
                "Lorem ipsum dolor sit amet, consectetur adipiscing elit. "
                    .repeat(40)
                    .getBytes(StandardCharsets.US_ASCII),
                2000)));
  }
}
