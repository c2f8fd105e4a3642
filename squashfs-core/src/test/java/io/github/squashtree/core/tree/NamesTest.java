package io.github.squashtree.core.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names stand for bytes exactly, in the order of those bytes. */
class NamesTest {
  @Provide
  Arbitrary<byte[]> nameBytes() {
    // Bytes that make UTF-8 of every length, broken sequences, and surrogates encoded as UTF-8.
    Arbitrary<Byte> b =
        Arbitraries.oneOf(
            Arbitraries.bytes(),
            Arbitraries.of(
                (byte) 'a',
                (byte) 0xC3,
                (byte) 0xA9,
                (byte) 0xED,
                (byte) 0xB2,
                (byte) 0x80,
                (byte) 0xF0,
                (byte) 0x9F,
                (byte) 0x98,
                (byte) 0xFF));
    return b.array(byte[].class).ofMaxSize(12);
  }

  @Property(tries = 5000)
  void everyByteStringSurvivesARoundTrip(@ForAll("nameBytes") byte[] bytes) {
    assertArrayEquals(bytes, Names.encode(Names.decode(bytes)));
  }

  @Property(tries = 3000)
  void namesSortAsTheirBytes(@ForAll("nameBytes") byte[] a, @ForAll("nameBytes") byte[] b) {
    assertEquals(
        Integer.signum(Arrays.compareUnsigned(a, b)),
        Integer.signum(NameOrder.NAMES.compare(Names.decode(a), Names.decode(b))));
  }

  @Test
  void aHostPathOfSeveralNamesHasEachNamesBytes(@TempDir Path dir) {
    String latin1 = Names.decode(new byte[] {'c', 'a', 'f', (byte) 0xE9});
    Path joined = Names.hostPath(dir, "d/" + latin1 + "/x y%");
    Path stepwise = Names.hostPath(Names.hostPath(Names.hostPath(dir, "d"), latin1), "x y%");
    assertEquals(stepwise, joined);
    assertEquals(dir.resolve("d"), joined.getParent().getParent());
    assertEquals(latin1, Names.hostName(joined.getParent()));
    assertEquals("x y%", Names.hostName(joined));
  }

  @Test
  void utf8IsDecodedAsUsualAndOtherBytesAreEscaped() {
    String valid = "caf\u00e9 \ud83d\ude00 \uff21";
    assertEquals(valid, Names.decode(valid.getBytes(StandardCharsets.UTF_8)));
    assertFalse(Names.hasEscapes(valid));
    byte[] latin1 = "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
    String escaped = Names.decode(latin1);
    assertEquals("caf\udce9", escaped);
    assertTrue(Names.hasEscapes(escaped));
    assertArrayEquals(latin1, Names.encode(escaped));
    // A pair whose low half lies in the escape range is a character, not an escape.
    String pair = "\ud83d\udc80";
    assertFalse(Names.hasEscapes(pair));
    assertArrayEquals(pair.getBytes(StandardCharsets.UTF_8), Names.encode(pair));
  }
}
