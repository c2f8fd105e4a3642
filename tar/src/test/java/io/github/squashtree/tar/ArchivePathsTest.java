package io.github.squashtree.tar;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.squashtree.core.tree.Names;
import org.junit.jupiter.api.Test;

class ArchivePathsTest {
  static String path(String raw) throws TarFormatException {
    return ArchivePaths.normalize(raw.getBytes(UTF_8), "m", "name");
  }

  @Test
  void relativeNamesBecomeTreePaths() throws TarFormatException {
    assertEquals("/", path("./"));
    assertEquals("/", path("."));
    assertEquals("/", path(".//./"));
    assertEquals("/usr/bin", path("./usr//bin/"));
    assertEquals("/usr/bin", path("usr/./bin"));
    assertEquals("/a/...b/..c", path("a/...b/..c"));
    byte[] latin1 = {'c', 'a', 'f', (byte) 0xE9};
    assertEquals("/" + Names.decode(latin1), ArchivePaths.normalize(latin1, "m", "name"));
  }

  @Test
  void namesThatWouldLeaveTheTreeAreRefused() {
    for (String bad : new String[] {"/etc", "//etc", "..", "../x", "a/..", "a/../b", "./.."}) {
      TarFormatException e = assertThrows(TarFormatException.class, () -> path(bad), bad);
      assertTrue(e.getMessage().startsWith("m: "), e.getMessage());
    }
    assertThrows(TarFormatException.class, () -> path(""));
    assertThrows(TarFormatException.class, () -> path("a/" + "x".repeat(257)));
    assertEquals("/" + "x".repeat(256), assertDoesNotThrow("x".repeat(256)));
    assertThrows(
        TarFormatException.class,
        () -> ArchivePaths.normalize(new byte[] {'a', 0, 'b'}, "m", "name"));
  }

  private static String assertDoesNotThrow(String raw) {
    try {
      return path(raw);
    } catch (TarFormatException e) {
      throw new AssertionError(e);
    }
  }
}
