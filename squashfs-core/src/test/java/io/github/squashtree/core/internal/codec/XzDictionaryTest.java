package io.github.squashtree.core.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.compression.Compression;
import io.github.squashtree.core.compression.XzOptions;
import org.junit.jupiter.api.Test;

/**
 * The kernel reads xz blocks that ask for any dictionary up to what the image's options name (it
 * preallocates that much); the decoder reads them too, without allocating more than 1 MiB.
 */
class XzDictionaryTest {
  private static final int BLOCK = 131072;

  private static byte[] compress(int dictionary, byte[] data) throws java.io.IOException {
    Compressor c = Codecs.compressor(Compression.XZ, new XzOptions(dictionary, 0), BLOCK);
    byte[] packed = new byte[data.length + 1024];
    int n = c.compress(data, 0, data.length, packed, 0, packed.length);
    assertTrue(n > 0);
    return java.util.Arrays.copyOf(packed, n);
  }

  private static byte[] decompress(XzOptions options, byte[] packed, int size)
      throws SquashfsFormatException {
    byte[] back = new byte[size];
    Decompressor d = Codecs.decompressor(Compression.XZ, options);
    assertEquals(size, d.decompress(packed, 0, packed.length, back, 0, size));
    return back;
  }

  @Test
  void dictionaryAboveTheBlockSizeDecodesAsTheKernelDecodesIt() throws Exception {
    byte[] data = TestBlocks.compressible(BLOCK, 7);
    byte[] packed = compress(2 * BLOCK, data); // what "--xz-dict-size 200%" once wrote
    assertEquals(2 * BLOCK, headerDictionary(packed));
    assertArrayEquals(data, decompress(new XzOptions(2 * BLOCK, 0), packed, data.length));
  }

  @Test
  void hugeDictionaryTheOptionsAllowIsCappedNotAllocated() throws Exception {
    byte[] data = TestBlocks.compressible(BLOCK, 8);
    byte[] packed = asking(64 << 20, compress(BLOCK, data));
    assertEquals(64 << 20, headerDictionary(packed));
    // The decoder's memory limit is that of a 1 MiB dictionary: it decodes only because the
    // header's request was lowered; the 64 MiB were never allocated.
    assertArrayEquals(data, decompress(new XzOptions(64 << 20, 0), packed, data.length));
  }

  @Test
  void blockAskingForMoreThanTheOptionsAllowIsCorrupt() throws Exception {
    byte[] data = TestBlocks.compressible(BLOCK, 9);
    byte[] packed = asking(4 << 20, compress(BLOCK, data));
    SquashfsFormatException e =
        assertThrows(
            SquashfsFormatException.class,
            () -> decompress(new XzOptions(2 << 20, 0), packed, data.length));
    assertTrue(e.getMessage().contains("dictionary of 4194304 bytes"), e.getMessage());
    assertThrows(SquashfsFormatException.class, () -> decompress(null, packed, data.length));
  }

  @Test
  void truncatedOrMangledHeadersFailAsCorruptNotOtherwise() throws Exception {
    byte[] data = TestBlocks.compressible(BLOCK, 10);
    byte[] packed = asking(64 << 20, compress(BLOCK, data));
    for (int cut : new int[] {1, 12, 13, 14, 20, 24}) {
      byte[] part = java.util.Arrays.copyOf(packed, cut);
      assertThrows(
          SquashfsFormatException.class,
          () -> decompress(new XzOptions(64 << 20, 0), part, data.length));
    }
    for (int at = 12; at < 24; at++) {
      byte[] bad = packed.clone();
      bad[at] ^= (byte) 0xFF;
      assertThrows(
          SquashfsFormatException.class,
          () -> decompress(new XzOptions(64 << 20, 0), bad, data.length));
    }
  }

  /**
   * {@code packed} with its block header asking for {@code dictionary} (a power of two) and its
   * CRC32 made right again: what a hostile or foreign writer could store.
   */
  private static byte[] asking(int dictionary, byte[] packed) {
    byte[] copy = packed.clone();
    int at = XzBlockHeader.dictionaryByte(copy, 0, copy.length);
    int code = 2 * (Integer.numberOfTrailingZeros(dictionary) - 12);
    assertEquals(dictionary, XzBlockHeader.dictionarySize(code));
    copy[at] = (byte) code;
    int size = ((copy[12] & 0xFF) + 1) * 4;
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(copy, 12, size - 4);
    java.nio.ByteBuffer.wrap(copy, 12 + size - 4, 4)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putInt((int) crc.getValue());
    return copy;
  }

  private static long headerDictionary(byte[] packed) {
    int at = XzBlockHeader.dictionaryByte(packed, 0, packed.length);
    assertTrue(at > 0);
    return XzBlockHeader.dictionarySize(packed[at] & 0xFF);
  }
}
