package io.github.squashtree.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.tree.Names;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * PathOrder against the order it stands for, computed the slow way: paths split into names, names
 * compared as their bytes (what NameOrder's char shortcuts must agree with), a directory before
 * what is in it.
 */
class PathOrderTest {
  /** Bytes names are drawn from: '!' and '.' sort below '/', UTF-8 and stray bytes above it. */
  private static final byte[] BYTES = {
    '!',
    '.',
    '0',
    'a',
    'b',
    (byte) 0xC3,
    (byte) 0xA9,
    (byte) 0xE2,
    (byte) 0x82,
    (byte) 0xAC,
    (byte) 0xF0,
    (byte) 0x9F,
    (byte) 0x98,
    (byte) 0x80,
    (byte) 0xFF,
    (byte) 0xEF,
    (byte) 0xBF
  };

  @Test
  void aDirectoryComesBeforeWhatIsInItAndNamesByTheirBytes() {
    List<String> sorted = List.of("/", "/a", "/a/b", "/a/b/c", "/a!", "/a.b", "/ab", "/b");
    List<String> shuffled = new ArrayList<>(sorted);
    java.util.Collections.shuffle(shuffled, new Random(17));
    shuffled.sort(PathOrder.PATHS);
    assertEquals(sorted, shuffled);
  }

  @Test
  void agreesWithComparingNameByNameAsBytes() {
    Random random = new Random(20261208);
    for (int i = 0; i < 50_000; i++) {
      String a = path(random, null);
      String b = path(random, random.nextBoolean() ? a : null);
      int expected = Integer.signum(byBytes(a, b));
      assertEquals(
          expected, Integer.signum(PathOrder.PATHS.compare(a, b)), Arrays.toString(escape(a, b)));
      assertEquals(
          -expected, Integer.signum(PathOrder.PATHS.compare(b, a)), Arrays.toString(escape(a, b)));
    }
  }

  @Test
  void pathsThousandsOfNamesDeepCompareByTheirLastName() {
    String deep = "/d".repeat(50_000);
    assertTrue(PathOrder.PATHS.compare(deep + "/a", deep + "/b") < 0);
    assertTrue(PathOrder.PATHS.compare(deep + "/b", deep) > 0);
    assertEquals(0, PathOrder.PATHS.compare(deep, "/d".repeat(50_000)));
  }

  /** A path of up to four names, often sharing names (or a whole prefix) with {@code like}. */
  private static String path(Random random, String like) {
    StringBuilder p = new StringBuilder();
    if (like != null && !like.equals("/")) {
      String[] names = like.substring(1).split("/");
      int keep = random.nextInt(names.length + 1);
      for (int i = 0; i < keep; i++) {
        p.append('/').append(names[i]);
      }
    }
    int more = random.nextInt(3);
    for (int i = 0; i < more || p.length() == 0 && random.nextInt(4) > 0; i++) {
      byte[] name = new byte[1 + random.nextInt(4)];
      for (int j = 0; j < name.length; j++) {
        name[j] = BYTES[random.nextInt(BYTES.length)];
      }
      p.append('/').append(Names.decode(name));
    }
    return p.length() == 0 ? "/" : p.toString();
  }

  /** The reference: name by name, each as its bytes, unsigned; fewer names first. */
  private static int byBytes(String a, String b) {
    List<String> x = names(a);
    List<String> y = names(b);
    for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
      int c = Arrays.compareUnsigned(Names.encode(x.get(i)), Names.encode(y.get(i)));
      if (c != 0) {
        return c;
      }
    }
    return x.size() - y.size();
  }

  private static List<String> names(String path) {
    return path.equals("/") ? List.of() : List.of(path.substring(1).split("/"));
  }

  private static String[] escape(String a, String b) {
    return new String[] {
      Arrays.toString(Names.encode(a.replace('/', '_'))),
      Arrays.toString(Names.encode(b.replace('/', '_')))
    };
  }
}
