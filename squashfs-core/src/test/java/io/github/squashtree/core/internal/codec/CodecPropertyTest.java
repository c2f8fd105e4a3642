package io.github.squashtree.core.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.compression.Compression;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class CodecPropertyTest {
  private static final int CAPACITY = 65536;

  // reused across tries, as a reader reuses them across blocks
  private final Map<Compression, Decompressor> decompressors = new EnumMap<>(Compression.class);
  private final Map<Compression, Compressor> compressors = new EnumMap<>(Compression.class);
  private final byte[] out = new byte[CAPACITY];

  private Decompressor decompressor(Compression c) {
    return decompressors.computeIfAbsent(c, k -> Codecs.decompressor(k, null));
  }

  private Compressor compressor(Compression c) {
    return compressors.computeIfAbsent(c, k -> Codecs.compressor(k, null, 131072));
  }

  /** Decoding must either succeed within the capacity or fail with a format exception. */
  private void decodeSafely(Compression c, byte[] src, int off, int len, int capacity) {
    try {
      int n = decompressor(c).decompress(src, off, len, out, 0, capacity);
      assertTrue(n >= 0 && n <= capacity, c + " returned " + n);
    } catch (SquashfsFormatException expected) {
      // fine: the only permitted failure
    } catch (Throwable t) {
      fail(c + " threw " + t, t);
    }
  }

  private byte[] compress(Compression c, byte[] data) throws Exception {
    byte[] packed = new byte[data.length + data.length / 8 + 1024];
    int n = compressor(c).compress(data, 0, data.length, packed, 0, packed.length);
    return Arrays.copyOf(packed, n);
  }

  @Property(tries = 200)
  void garbageNeverEscapesAsAnythingElse(
      @ForAll Compression c,
      @ForAll @Size(max = 2048) byte[] garbage,
      @ForAll @IntRange(max = CAPACITY) int capacity) {
    decodeSafely(c, garbage, 0, garbage.length, capacity);
  }

  @Property(tries = 200)
  void truncatedOrCorruptedBlocksNeverEscape(
      @ForAll Compression c,
      @ForAll @Size(max = 20000) byte[] data,
      @ForAll @IntRange(max = 1000) int cutFromEnd,
      @ForAll @IntRange(max = 100000) int flipAt,
      @ForAll byte flipMask,
      @ForAll @IntRange(max = CAPACITY) int capacity)
      throws Exception {
    byte[] packed = compress(c, data);
    int len = Math.max(0, packed.length - cutFromEnd);
    decodeSafely(c, packed, 0, len, capacity);
    if (packed.length > 0) {
      packed[flipAt % packed.length] ^= flipMask;
      decodeSafely(c, packed, 0, packed.length, capacity);
    }
  }

  @Property(tries = 100)
  void anyBlockRoundTrips(
      @ForAll Compression c,
      @ForAll @Size(max = 30000) byte[] noise,
      @ForAll @IntRange(min = 1, max = 256) int period)
      throws Exception {
    // mix noise with a repeating stretch so matches of all lengths and distances occur
    byte[] data = noise.clone();
    for (int i = period; i < data.length; i += 3) {
      data[i] = data[i - period];
    }
    byte[] packed = compress(c, data);
    byte[] back = new byte[data.length];
    assertEquals(
        data.length, decompressor(c).decompress(packed, 0, packed.length, back, 0, back.length));
    assertArrayEquals(data, back);
  }
}
