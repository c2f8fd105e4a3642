package io.github.squashtree.core.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.SquashfsFormatException;
import io.github.squashtree.core.compression.Compression;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LzmaDecompressorTest {

  /** xz-java does not clear a recycled dictionary; a reused decoder must still decode. */
  @Test
  void reusedDecoderDecodesTheSameBlockTwice() throws Exception {
    byte[] data = TestBlocks.random(65536, 65536);
    byte[] packed = new byte[70000];
    int n =
        Codecs.compressor(Compression.LZMA, null, 1 << 20)
            .compress(data, 0, 65536, packed, 0, 70000);
    Decompressor d = Codecs.decompressor(Compression.LZMA, null);
    for (int i = 0; i < 3; i++) {
      byte[] back = new byte[65536];
      assertEquals(65536, d.decompress(packed, 0, n, back, 0, back.length));
      assertArrayEquals(data, back);
    }
  }

  @Test
  void declaredSizeAboveCapacityFailsBeforeDecoding() {
    byte[] header = {0x5d, 0, 0, 1, 0, 0, 0, 0, 0x40, 0, 0, 0, 0, 0};
    SquashfsFormatException e =
        assertThrows(
            SquashfsFormatException.class,
            () ->
                Codecs.decompressor(Compression.LZMA, null)
                    .decompress(header, 0, 14, new byte[10], 0, 10));
    assertTrue(e.getMessage().contains("exceeds 10 bytes"), e.getMessage());
  }

  @Test
  void hugeLiteralTablesAreRefused() {
    byte[] header = new byte[20];
    header[0] = 8 + 9 * 4; // lc=8 lp=4
    Arrays.fill(header, 5, 13, (byte) 0xff); // size unknown
    assertThrows(
        SquashfsFormatException.class,
        () ->
            Codecs.decompressor(Compression.LZMA, null)
                .decompress(header, 0, 20, new byte[10], 0, 10));
  }
}
