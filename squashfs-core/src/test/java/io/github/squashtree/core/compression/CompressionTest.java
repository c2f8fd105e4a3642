package io.github.squashtree.core.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.squashtree.core.SquashfsFormatException;
import org.junit.jupiter.api.Test;

class CompressionTest {

  @Test
  void idsAndLabelsAreTheSuperblockValues() throws Exception {
    assertEquals(1, Compression.GZIP.id());
    assertEquals(6, Compression.ZSTD.id());
    for (Compression c : Compression.values()) {
      assertEquals(c, Compression.fromId(c.id()));
      assertEquals(c, Compression.fromLabel(c.label()));
    }
    assertEquals("lzo", Compression.LZO.label());
  }

  @Test
  void unknownIdIsAFormatError() {
    for (int id : new int[] {0, 7, -1, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
      assertThrows(SquashfsFormatException.class, () -> Compression.fromId(id));
    }
  }

  @Test
  void unknownLabelIsAnArgumentError() {
    assertThrows(IllegalArgumentException.class, () -> Compression.fromLabel("bzip2"));
    assertThrows(IllegalArgumentException.class, () -> Compression.fromLabel("GZIP"));
  }
}
