package io.github.squashtree.core.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** {@link NameOrder#NAMES} is the unsigned order of the names' bytes, without encoding. */
class NameOrderTest {
  @Provide
  Arbitrary<String> names() {
    // Few distinct chars, so that strings share prefixes; ASCII, Latin-1, BMP above the
    // surrogates, astral (a surrogate pair), unpaired surrogates, and bytes that are not UTF-8
    // (escaped by Names).
    Arbitrary<Character> c =
        Arbitraries.of(
            'a', 'b', '/', '~', 'é', 'ÿ', '\u4e2d', '\uffee', '\ud83d', '\ude00', '\udce9',
            '\udc80', '\udcff');
    return c.list()
        .ofMaxSize(6)
        .map(
            l -> {
              StringBuilder s = new StringBuilder();
              l.forEach(s::append);
              return s.toString();
            });
  }

  @Property(tries = 3000)
  void ordersAsTheUtf8Bytes(@ForAll("names") String a, @ForAll("names") String b) {
    int bytes = Arrays.compareUnsigned(Names.encode(a), Names.encode(b));
    assertEquals(Integer.signum(bytes), Integer.signum(NameOrder.NAMES.compare(a, b)), a + " " + b);
  }

  @Property(tries = 3000)
  void ordersEntriesByTheirNamesAlone(@ForAll("names") String a, @ForAll("names") String b) {
    String x = a.replace('/', 'x');
    String y = b.replace('/', 'x');
    // Parents of different lengths: only the names may count.
    Metadata m = new Metadata(EntryType.FIFO, 0644, 0, 0, Instant.EPOCH, 0, null, 0, 0, null, 1, 0);
    Entry first = new Entry("/p/" + x, m);
    Entry second = new Entry("/a/longer/parent/" + y, m);
    assertEquals(
        Integer.signum(NameOrder.NAMES.compare(x, y)),
        Integer.signum(NameOrder.ENTRIES.compare(first, second)),
        x + " " + y);
  }

  @Test
  void astralCharactersSortAfterTheRestOfTheBmp() {
    // UTF-16 puts U+1F600 (a surrogate pair) before U+FFEE; UTF-8 and code points after it.
    assertEquals(1, Integer.signum(NameOrder.NAMES.compare("\ud83d\ude00", "\uffee")));
    assertEquals(-1, Integer.signum(NameOrder.NAMES.compare("ab", "b")));
    assertEquals(-1, Integer.signum(NameOrder.NAMES.compare("a", "a!")));
  }
}
